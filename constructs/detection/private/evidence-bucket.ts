import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { RetentionProfile } from '../../core/retention';
import type { PhiKey } from '../../encryption/phi-key';
import { PhiBucket } from '../../storage/phi-bucket';

/** Where a detection service delivers its evidence: the key, retention and access-log destination. */
export interface EvidenceBucketOptions {
  /** The key for SSE-KMS. */
  readonly encryptionKey?: PhiKey | kms.IKey;
  /** How long evidence objects are kept before they expire. */
  readonly retention: RetentionProfile;
  /** Where the bucket's server access logs go. */
  readonly accessLogsBucket?: s3.IBucket;
}

/**
 * A {@link PhiBucket} for audit evidence (findings, configuration history, trail logs) whose objects,
 * current and noncurrent, expire once the retention profile has passed, and never before six years.
 */
export function createEvidenceBucket(
  scope: Construct,
  id: string,
  options: EvidenceBucketOptions,
): PhiBucket {
  const evidence = new PhiBucket(scope, id, {
    encryptionKey: options.encryptionKey,
    accessLogsBucket: options.accessLogsBucket,
  });
  const days = options.retention.days;
  if (days !== undefined) {
    evidence.bucket.addLifecycleRule({
      id: 'ExpireAfterRetention',
      expiration: Duration.days(days),
      noncurrentVersionExpiration: Duration.days(days),
    });
  }
  return evidence;
}
