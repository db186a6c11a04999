import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { type RetentionProfile, SIX_YEARS_IN_DAYS } from '../../core/retention';
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
 * Every object version is locked by S3 Object Lock in COMPLIANCE mode for the profile's days (six years
 * when the profile is indefinite): nobody, the root user included, can delete or overwrite audit
 * evidence before the documentation retention ends (164.312(b), 164.312(c)(1), 164.316(b)(2)(i)).
 * Object Lock can only be enabled when a bucket is created, so adding it replaced the buckets.
 */
export function createEvidenceBucket(
  scope: Construct,
  id: string,
  options: EvidenceBucketOptions,
): PhiBucket {
  const evidence = new PhiBucket(scope, id, {
    encryptionKey: options.encryptionKey,
    accessLogsBucket: options.accessLogsBucket,
    objectLock: { retentionDays: options.retention.days ?? SIX_YEARS_IN_DAYS },
    withoutReplication: {
      reason:
        'Audit evidence (trail logs, configuration history, findings) about ePHI access, not ePHI itself: it is protected in place by COMPLIANCE-mode Object Lock and versioning for the whole retention period, and a second-Region copy belongs to the log-archive design of the organization.',
    },
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
