import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeBuiltIn } from '../../core/private/acknowledge-built-in';
import { ENV } from '../handlers/environment';
import type { IncidentEvidence } from '../incident-response';
import { handlerCode } from './handler-bundle';
import {
  EVIDENCE_KEY_ACTIONS,
  EVIDENCE_WRITE_ACTIONS,
  FUNCTION_KEY_ACTIONS,
  LOG_WRITE_ACTIONS,
  XRAY_WRITE_ACTIONS,
} from './perms';
import { acknowledgeWildcardResources } from './wildcard-findings';

/** Days failed events stay in a containment function's dead-letter queue: the most SQS allows. */
const DEAD_LETTER_RETENTION_DAYS = 14;
/** Concurrent executions reserved for (and capping) each containment function. */
export const CONTAINMENT_CONCURRENCY = 5;
/** Key prefix of audit records in the evidence bucket. */
export const EVIDENCE_PREFIX = 'containment/';

/** Properties of a {@link ContainmentFunction}. */
export interface ContainmentFunctionProps {
  /** The handler file under `handlers/`, without extension. */
  readonly handlerName: string;
  readonly description: string;
  readonly dryRun: boolean;
  /** Encrypts the environment and the dead-letter queue. */
  readonly encryptionKey: kms.IKey;
  /** The (shared, encrypted) audit log group. */
  readonly logGroup: logs.ILogGroup;
  /** The action's own permissions. */
  readonly statements: iam.PolicyStatement[];
  /** Why the action's statements need wildcard resources, for the IAM5 acknowledgment. */
  readonly wildcardReason: string;
  readonly environment?: Record<string, string>;
  readonly evidence?: IncidentEvidence;
}

/**
 * One containment Lambda: the bundled handler on Node.js 22, environment encrypted with a CMK, an
 * encrypted TLS-only dead-letter queue, reserved concurrency, active X-Ray tracing, the shared audit log
 * group, and a role whose only policy is one customer-managed policy with the action's permissions.
 * Tracing and the dead-letter queue are set on the CloudFormation resource so CDK adds no inline grants.
 */
export class ContainmentFunction extends Construct {
  public readonly function: lambda.Function;
  public readonly role: iam.Role;
  public readonly policy: iam.ManagedPolicy;
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ContainmentFunctionProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_DAYS),
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Containment function ${this.node.path}`,
    });
    const statements = [...this.baseStatements(props), ...props.statements];
    this.policy = new iam.ManagedPolicy(this, 'Policy', { roles: [this.role], statements });
    const evidenceKey = props.evidence?.encryptionKey ?? props.evidence?.bucket.encryptionKey;
    this.function = new lambda.Function(this, 'Function', {
      code: handlerCode(props.handlerName),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      description: props.description,
      environment: {
        [ENV.DRY_RUN]: String(props.dryRun),
        ...(props.evidence
          ? {
              [ENV.EVIDENCE_BUCKET]: props.evidence.bucket.bucketName,
              [ENV.EVIDENCE_PREFIX]: EVIDENCE_PREFIX,
              ...(evidenceKey ? { [ENV.EVIDENCE_KEY_ID]: evidenceKey.keyArn } : {}),
            }
          : {}),
        ...props.environment,
      },
      environmentEncryption: props.encryptionKey,
      timeout: Duration.minutes(2),
      memorySize: 256,
      reservedConcurrentExecutions: CONTAINMENT_CONCURRENCY,
      retryAttempts: 2,
      role: this.role,
      logGroup: props.logGroup,
    });
    const cfn = this.function.node.defaultChild as lambda.CfnFunction;
    cfn.tracingConfig = { mode: lambda.Tracing.ACTIVE };
    cfn.deadLetterConfig = { targetArn: this.deadLetterQueue.queueArn };
    // The role must be able to log and reach its queue from the first invocation.
    this.function.node.addDependency(this.policy);

    acknowledgeWildcardResources(this.policy, props.wildcardReason);
    const vpc =
      'Containment functions only call AWS control-plane APIs (EC2, IAM, S3 settings) on findings and never read PHI; a VPC would add no data-path protection and would need NAT or endpoints for IAM, which has none.';
    acknowledgeBuiltIn(this.function, [
      { ruleId: 'HIPAA.Security-LambdaInsideVPC', reason: vpc },
      { ruleId: 'NIST.800.53.R5-LambdaInsideVPC', reason: vpc },
    ]);
    acknowledgeBuiltIn(this.deadLetterQueue, [
      {
        ruleId: 'AwsSolutions-SQS3',
        reason:
          'This queue is the dead-letter queue of the containment function (Lambda DeadLetterConfig); a dead-letter queue needs no dead-letter queue of its own.',
      },
    ]);
  }

  private baseStatements(props: ContainmentFunctionProps): iam.PolicyStatement[] {
    const statements = [
      new iam.PolicyStatement({
        sid: 'WriteAuditLog',
        actions: [...LOG_WRITE_ACTIONS],
        resources: [props.logGroup.logGroupArn],
      }),
      // X-Ray has no resource-level permissions.
      new iam.PolicyStatement({ sid: 'WriteTraces', actions: [...XRAY_WRITE_ACTIONS], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'SendToDeadLetterQueue',
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
      new iam.PolicyStatement({
        sid: 'UseFunctionKey',
        actions: [...FUNCTION_KEY_ACTIONS],
        resources: [props.encryptionKey.keyArn],
      }),
    ];
    if (props.evidence) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'WriteEvidence',
          actions: [...EVIDENCE_WRITE_ACTIONS],
          resources: [props.evidence.bucket.arnForObjects(`${EVIDENCE_PREFIX}*`)],
        }),
      );
      const key = props.evidence.encryptionKey ?? props.evidence.bucket.encryptionKey;
      if (key) {
        statements.push(
          new iam.PolicyStatement({
            sid: 'EncryptEvidence',
            actions: [...EVIDENCE_KEY_ACTIONS],
            resources: [key.keyArn],
          }),
        );
      }
    }
    return statements;
  }
}
