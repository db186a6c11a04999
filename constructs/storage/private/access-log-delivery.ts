import type { Construct } from 'constructs';

/** aws-cdk-lib's feature flag that grants S3 server access log delivery by bucket policy instead of an ACL. */
const SERVER_ACCESS_LOGS_USE_BUCKET_POLICY = '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy';

/**
 * Makes every bucket created under `scope` grant server access log delivery through the target bucket's
 * policy, whatever the app's feature flags: access-log buckets enforce bucket-owner object ownership (ACLs
 * off, 164.312(a)(1)), which the legacy `LogDeliveryWrite` ACL contradicts, so without this an app
 * without the flag in its `cdk.json` cannot synthesize a PHI bucket. Call it right after `super()`,
 * before any child exists (context cannot be set afterwards).
 */
export function deliverAccessLogsByBucketPolicy(scope: Construct): void {
  scope.node.setContext(SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
}
