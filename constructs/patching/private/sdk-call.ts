import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';
import { acknowledgeResourceWildcards } from '../../core/policy-findings';
import { acknowledgeDeploymentTimeFunction } from '../../core/private/deployment-time-function';
import { AuditLogGroup } from '../../storage/audit-log-group';
import { PROVIDER_LOG_ACTIONS } from './perms';

/** Construct id aws-cdk-lib gives the singleton Lambda behind every `AwsCustomResource` of a stack. */
export const SDK_CALL_PROVIDER_ID = `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;
/** Construct id of the stack-level role and log group the toolkit gives that Lambda. */
const PROVIDER_SUPPORT_ID = 'HipaaSdkCallProvider';

/** Properties of an {@link SdkCall}. */
export interface SdkCallProps {
  /** The call made when the resource is created. */
  readonly onCreate?: cr.AwsSdkCall;
  /** The call made when the resource is updated. */
  readonly onUpdate?: cr.AwsSdkCall;
  /** The call made when the resource is deleted. */
  readonly onDelete?: cr.AwsSdkCall;
  /** Every permission the calls need, as specific as the APIs allow. */
  readonly statements: iam.PolicyStatement[];
  /**
   * Why a statement needs `Resource: '*'`, when one does. The IAM5 finding on this call's policy (and
   * only on it) is acknowledged with this reason.
   *
   * @default - no statement uses a wildcard resource
   */
  readonly wildcardResourceReason?: string;
}

/**
 * The stack-level role and log group of the custom-resource provider, created by the first
 * {@link SdkCall} of a stack when no `AwsCustomResource` exists yet: a role with no AWS-managed policy
 * and a log group encrypted with a CMK and kept six years.
 */
class SdkCallProviderSupport extends Construct {
  public readonly role: iam.Role;
  public readonly logs: AuditLogGroup;
  public readonly logsPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.logs = new AuditLogGroup(this, 'ProviderLogs');
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the AWS SDK calls of CloudFormation custom resources (cdk-hipaa-baseline)',
    });
    this.logsPolicy = new iam.ManagedPolicy(this, 'LogsPolicy', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          actions: [...PROVIDER_LOG_ACTIONS],
          resources: [this.logs.logGroup.logGroupArn],
        }),
      ],
    });
  }
}

const ACKNOWLEDGED = new WeakSet<IConstruct>();

/**
 * One AWS SDK call made by CloudFormation (an `AwsCustomResource`), with its permissions in a
 * customer-managed policy instead of an inline one, API responses kept out of the logs, and the
 * provider's unfixable findings acknowledged once per stack with the reason.
 *
 * All `AwsCustomResource`s of a stack share one provider Lambda; its role receives one managed policy
 * per call.
 */
export class SdkCall extends Construct {
  /** The custom resource. */
  public readonly resource: cr.AwsCustomResource;
  /** The customer-managed policy that holds this call's permissions. */
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: SdkCallProps) {
    super(scope, id);
    const stack = Stack.of(this);
    let support: SdkCallProviderSupport | undefined;
    if (!stack.node.tryFindChild(SDK_CALL_PROVIDER_ID)) {
      support =
        (stack.node.tryFindChild(PROVIDER_SUPPORT_ID) as SdkCallProviderSupport | undefined) ??
        new SdkCallProviderSupport(stack, PROVIDER_SUPPORT_ID);
    }
    const hidden = (call: cr.AwsSdkCall | undefined) =>
      call && { ...call, logging: call.logging ?? cr.Logging.withDataHidden() };
    this.resource = new cr.AwsCustomResource(this, 'Resource', {
      onCreate: hidden(props.onCreate),
      onUpdate: hidden(props.onUpdate),
      onDelete: hidden(props.onDelete),
      // Only used when this call creates the stack's provider; otherwise the provider keeps its role.
      role: support?.role ?? providerOf(stack).role,
      logGroup: support?.logs.logGroup,
      installLatestAwsSdk: false,
    });
    const provider = providerOf(stack);
    // The provider must be able to log from its first invocation.
    if (support) provider.node.addDependency(support.logsPolicy);
    this.policy = new iam.ManagedPolicy(this, 'Policy', { statements: props.statements });
    if (provider.role) this.policy.attachToRole(provider.role);
    this.resource.node.addDependency(this.policy);
    if (props.wildcardResourceReason) {
      // Only statements made entirely of this call's own Resource-'*' actions are acknowledged.
      acknowledgeResourceWildcards(this.policy, {
        actions: props.statements.filter((st) => st.resources.includes('*')).flatMap((st) => st.actions),
        reason: props.wildcardResourceReason,
      });
    }
    acknowledgeProvider(provider);
  }
}

function providerOf(stack: Stack): lambda.Function {
  return stack.node.findChild(SDK_CALL_PROVIDER_ID) as lambda.Function;
}

/** Acknowledges, once per provider, the findings a CloudFormation custom-resource provider cannot fix. */
function acknowledgeProvider(provider: lambda.Function): void {
  if (ACKNOWLEDGED.has(provider)) return;
  ACKNOWLEDGED.add(provider);
  acknowledgeDeploymentTimeFunction(
    provider,
    'The provider only calls AWS control-plane APIs (account and service settings) during deployment and never handles PHI; placing it in a VPC would add no data-path protection.',
  );
}
