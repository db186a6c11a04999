import { Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { AutomationTarget, automationDefinitionArn } from './private/automation-target';
import { PASS_ROLE_ACTIONS, START_AUTOMATION_ACTIONS } from './private/perms';
import { RUNBOOKS, type RunbookSpec, runbookContent } from './private/runbook-documents';
import { acknowledgeWildcardResources } from './private/wildcard-findings';

/** Properties of {@link IncidentRunbooks}. */
export interface IncidentRunbooksProps {
  /**
   * The quarantine security group (no rules) offered as the IsolateInstance runbook's default. Without
   * it the responder names a group at run time, and the Security Hub "Isolate instance" action is not
   * created (it could not supply one).
   *
   * @default - no default quarantine group
   */
  readonly quarantineSecurityGroup?: ec2.ISecurityGroup;

  /**
   * Create Security Hub custom actions ("Isolate instance", "Forensic snapshot", "Revoke role sessions")
   * and the EventBridge rules that start the runbooks from a finding. Security Hub must be enabled in the
   * account and Region before deployment, and custom action ids are unique per account and Region: one
   * IncidentRunbooks with custom actions per account and Region.
   *
   * @default true - responders can start a runbook from a finding (164.308(a)(6)(ii))
   */
  readonly securityHubCustomActions?: boolean;
}

/**
 * Incident runbooks as Systems Manager Automation documents (schema 0.3): IsolateInstance,
 * CollectForensicSnapshot and RevokeRoleSessions. Each runs as its own automation role, assumable only
 * by Systems Manager in this account and holding only what its steps call (no wildcard actions), passed
 * through the `AutomationAssumeRole` parameter.
 *
 * Security Hub custom actions start them from a finding: an EventBridge rule matches the action's
 * `Security Hub Findings - Custom Action` events and targets the runbook directly (EventBridge supports
 * Automation targets; a role limited to starting these three runbooks and passing their roles). The
 * finding's first resource (`Resources[0].Id`, an instance or role ARN) is the runbook's input.
 *
 * Serves 164.308(a)(6)(i) (security incident procedures) and 164.308(a)(6)(ii) (response).
 */
export class IncidentRunbooks extends Construct {
  /** The Automation documents, by runbook id. */
  public readonly documents: Readonly<Record<string, ssm.CfnDocument>>;
  /** The automation role of each runbook, by runbook id. */
  public readonly automationRoles: Readonly<Record<string, iam.Role>>;
  /** The Security Hub custom actions, by runbook id (empty when turned off). */
  public readonly customActions: Readonly<Record<string, securityhub.CfnActionTarget>>;

  constructor(scope: Construct, id: string, props: IncidentRunbooksProps = {}) {
    super(scope, id);
    const documents: Record<string, ssm.CfnDocument> = {};
    const roles: Record<string, iam.Role> = {};
    const groupId = props.quarantineSecurityGroup?.securityGroupId;
    for (const spec of RUNBOOKS) {
      roles[spec.id] = this.automationRole(spec);
      documents[spec.id] = new ssm.CfnDocument(this, spec.id, {
        documentType: 'Automation',
        documentFormat: 'JSON',
        content: runbookContent(spec, roles[spec.id].roleArn, groupId),
      });
    }
    this.documents = documents;
    this.automationRoles = roles;

    const actions: Record<string, securityhub.CfnActionTarget> = {};
    if (props.securityHubCustomActions ?? true) {
      const runnable = RUNBOOKS.filter((spec) => spec.id !== 'IsolateInstance' || groupId !== undefined);
      const starter = this.starterRole(runnable);
      for (const spec of runnable) actions[spec.id] = this.customAction(spec, starter);
    }
    this.customActions = actions;
  }

  private automationRole(spec: RunbookSpec): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, `${spec.id}Role`, {
      description: `Automation role of the ${spec.id} incident runbook`,
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:ssm:*:${stack.account}:automation-execution/*` },
      }),
    });
    const statements = spec.statements(this);
    const policy = new iam.ManagedPolicy(this, `${spec.id}Policy`, { roles: [role], statements });
    acknowledgeWildcardResources(policy, spec.wildcardReason);
    return role;
  }

  /** The role EventBridge uses to start the runbooks: start these documents and pass their roles. */
  private starterRole(specs: readonly RunbookSpec[]): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'CustomActionStarterRole', {
      description: 'Lets EventBridge start the incident runbooks from Security Hub custom actions',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
    });
    new iam.ManagedPolicy(this, 'CustomActionStarterPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: [...START_AUTOMATION_ACTIONS],
          resources: specs.map((s) => automationDefinitionArn(this, this.documents[s.id].ref, '$DEFAULT')),
        }),
        new iam.PolicyStatement({
          actions: [...PASS_ROLE_ACTIONS],
          resources: specs.map((s) => this.automationRoles[s.id].roleArn),
          conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
        }),
      ],
    });
    return role;
  }

  private customAction(spec: RunbookSpec, starter: iam.IRole): securityhub.CfnActionTarget {
    const action = new securityhub.CfnActionTarget(this, `${spec.id}Action`, {
      id: spec.customAction.id,
      name: spec.customAction.name,
      description: `Starts the ${spec.id} runbook for the finding's first resource`,
    });
    new events.Rule(this, `${spec.id}ActionRule`, {
      description: `Starts the ${spec.id} runbook from the Security Hub custom action`,
      eventPattern: {
        source: ['aws.securityhub'],
        detailType: ['Security Hub Findings - Custom Action'],
        resources: [action.attrActionTargetArn],
      },
      targets: [
        new AutomationTarget(
          automationDefinitionArn(this, this.documents[spec.id].ref),
          starter,
          events.RuleTargetInput.fromObject({
            [spec.resourceParameter]: [events.EventField.fromPath('$.detail.findings[0].Resources[0].Id')],
          }),
        ),
      ],
    });
    return action;
  }
}
