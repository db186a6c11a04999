import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';

/** Construct id of the stack-level CloudWatch Logs resource policy for WAF log delivery. */
const DELIVERY_POLICY_ID = 'HipaaWafLogDelivery';

/** The statement of each stack's delivery policy, so later web ACLs add their log group to it. */
const STATEMENTS = new WeakMap<Stack, iam.PolicyStatement>();

/**
 * Lets CloudWatch Logs' log delivery service write WAF logs to `logGroupName`, through one account-level
 * resource policy per stack (`AWS::Logs::ResourcePolicy`) whose statement lists each web ACL's log group.
 *
 * Why here and not left to AWS WAF: `PutLoggingConfiguration` otherwise appends the log group to a shared
 * `AWSLogDeliveryWrite20150319` policy, which grows with every web ACL until it exceeds the 5,120-character
 * limit and logging fails; one policy per stack also stays far below the 10 policies an account may hold in
 * a Region. Scoped by `aws:SourceAccount` and `aws:SourceArn` to deliveries of this account and Region.
 *
 * The log group's KMS key needs no statement for the delivery service: CloudWatch Logs encrypts the events
 * it ingests with its own principal (`logs.<region>.amazonaws.com`), which AuditLogGroup already allows.
 *
 * @returns the resource policy, which the logging configuration must depend on
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html
 */
export function allowWafLogDelivery(scope: IConstruct, logGroupName: string): logs.ResourcePolicy {
  const stack = Stack.of(scope);
  const logStreams = stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: `${logGroupName}:log-stream:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const existing = stack.node.tryFindChild(DELIVERY_POLICY_ID) as logs.ResourcePolicy | undefined;
  const statement = STATEMENTS.get(stack);
  if (existing && statement) {
    statement.addResources(logStreams);
    return existing;
  }
  const created = new iam.PolicyStatement({
    sid: 'AWSLogDeliveryWriteWafLogs',
    principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [logStreams],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
    },
  });
  STATEMENTS.set(stack, created);
  return new logs.ResourcePolicy(stack, DELIVERY_POLICY_ID, {
    resourcePolicyName: `${stack.stackName}-waf-log-delivery`,
    policyStatements: [created],
  });
}
