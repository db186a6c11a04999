import { Aws, Stack, Token } from 'aws-cdk-lib';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { FactName } from 'aws-cdk-lib/region-info';

/** The service principal that delivers access logs in Regions without an Elastic Load Balancing account. */
const LOG_DELIVERY_PRINCIPAL = 'logdelivery.elasticloadbalancing.amazonaws.com';

/**
 * Turns on access logs of `loadBalancer` into `bucket` under `prefix` (164.312(b)). A stack with a
 * literal Region uses CDK's `logAccessLogs`. An environment-agnostic stack, where CDK refuses, gets the
 * same grant through a Region-to-account mapping (aws-cdk-lib's region table, `Fn::FindInMap`) plus the
 * log delivery service principal that the Regions without an Elastic Load Balancing account use, so the
 * one template delivers logs in every Region; the load balancer waits for the bucket policy, since
 * Elastic Load Balancing tests the grant when the attribute is set.
 *
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
export function enableAccessLogs(
  loadBalancer: elbv2.ApplicationLoadBalancer,
  bucket: s3.IBucket,
  prefix: string,
): void {
  const stack = Stack.of(loadBalancer);
  if (!Token.isUnresolved(stack.region)) {
    loadBalancer.logAccessLogs(bucket, prefix);
    return;
  }
  // A Region missing from the table falls back to the account itself: a grant that adds nothing, so
  // only the service principal delivers there.
  const elbAccount = stack.regionalFact(FactName.ELBV2_ACCOUNT, Aws.ACCOUNT_ID);
  const granted = bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'ElbAccessLogDelivery',
      actions: ['s3:PutObject'],
      principals: [new iam.AccountPrincipal(elbAccount), new iam.ServicePrincipal(LOG_DELIVERY_PRINCIPAL)],
      resources: [bucket.arnForObjects(`${prefix}/AWSLogs/${Aws.ACCOUNT_ID}/*`)],
    }),
  );
  loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
  loadBalancer.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  loadBalancer.setAttribute('access_logs.s3.prefix', prefix);
  if (granted.policyDependable) loadBalancer.node.addDependency(granted.policyDependable);
}
