import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { dataDomainFromId } from '../../core/naming';
import { acknowledgeBuiltIn } from '../../core/private/acknowledge-built-in';
import { PhiKey } from '../../encryption/phi-key';
import { AuditLogGroup } from '../../storage/audit-log-group';
import { ENV } from '../handlers/environment';
import type { IncidentContainment, IncidentEvidence } from '../incident-response';
import { CONTAINMENT_ACTIONS } from './containment-actions';
import { ContainmentFunction } from './containment-function';

/** Date after which the Node.js 22 acknowledgment lapses: a month before Lambda deprecates nodejs22.x. */
const NODE22_REVIEW_BY = '2027-03-31';

/**
 * The containment functions of an {@link IncidentResponse}, their shared key and audit log group, the
 * quarantine security group (isolation only) and the EventBridge rules that trigger them.
 */
export class Containment extends Construct {
  /** The functions, by action name. */
  public readonly functions: Readonly<Record<string, ContainmentFunction>>;
  /** The quarantine security group: no ingress rules and no egress rules. */
  public readonly quarantineSecurityGroup?: ec2.SecurityGroup;
  /** Where every function writes its audit records. */
  public readonly auditLog: AuditLogGroup;

  constructor(scope: Construct, id: string, containment: IncidentContainment, evidence?: IncidentEvidence) {
    super(scope, id);
    // Key domains carry the parent's id, so two IncidentResponse constructs in a stack get distinct aliases.
    const key = new PhiKey(this, 'Key', { dataDomain: dataDomainFromId(scope, 'containment-') });
    const logsKey = new PhiKey(this, 'AuditLogKey', {
      dataDomain: dataDomainFromId(scope, 'containment-logs-'),
    });
    this.auditLog = new AuditLogGroup(this, 'AuditLog', { encryptionKey: logsKey.key });
    const vpc = containment.isolateInstance?.vpc;
    if (vpc) {
      this.quarantineSecurityGroup = new ec2.SecurityGroup(this, 'QuarantineSecurityGroup', {
        vpc,
        description: 'Quarantine: no ingress and no egress (applied to compromised instances)',
        allowAllOutbound: false,
      });
    }
    const functions: Record<string, ContainmentFunction> = {};
    for (const spec of CONTAINMENT_ACTIONS) {
      const options = containment[spec.name];
      if (!options) continue;
      const fn = new ContainmentFunction(this, spec.id, {
        handlerName: spec.handlerName,
        description: `${spec.description}${options.dryRun ? ' [dry run]' : ''}`,
        dryRun: options.dryRun,
        encryptionKey: key.key,
        logGroup: this.auditLog.logGroup,
        statements: spec.statements({ scope: this, quarantineGroup: this.quarantineSecurityGroup }),
        wildcardReason: spec.wildcardReason,
        evidence,
        environment:
          spec.name === 'isolateInstance' && this.quarantineSecurityGroup && vpc
            ? {
                [ENV.QUARANTINE_GROUP_ID]: this.quarantineSecurityGroup.securityGroupId,
                [ENV.QUARANTINE_VPC_ID]: vpc.vpcId,
              }
            : undefined,
      });
      acknowledgeBuiltIn(fn.function, [
        {
          ruleId: 'AwsSolutions-L1',
          reason:
            'The handlers are bundled for and tested on Node.js 22, which AWS Lambda patches until its deprecation in 2027; the acknowledgment expires before then so the runtime is raised in time.',
          expires: NODE22_REVIEW_BY,
        },
      ]);
      new events.Rule(this, `${spec.id}Trigger`, {
        description: `GuardDuty findings that trigger ${spec.id}`,
        eventPattern: {
          source: ['aws.guardduty'],
          detailType: ['GuardDuty Finding'],
          detail: {
            type: [...spec.findingTypes],
            ...(spec.minSeverity !== undefined ? { severity: [{ numeric: ['>=', spec.minSeverity] }] } : {}),
          },
        },
        targets: [
          new targets.LambdaFunction(fn.function, { retryAttempts: 4, maxEventAge: Duration.hours(2) }),
        ],
      });
      functions[spec.name] = fn;
    }
    this.functions = functions;
  }
}
