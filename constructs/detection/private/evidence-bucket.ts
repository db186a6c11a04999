import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { Citation } from '../../core/citations';
import { type RetentionProfile, SIX_YEARS_IN_DAYS } from '../../core/retention';
import type { PropsCheck } from '../../core/validation';
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
 * Requires a retention profile (when given) of six years or more. {@link RetentionProfile} cannot be
 * built below that in TypeScript; this catches plain objects passed from JavaScript or configuration.
 */
export function checkRetention(
  check: PropsCheck,
  prop: string,
  retention: RetentionProfile | undefined,
): void {
  if (retention === undefined) return;
  const days = (retention as { days?: unknown }).days;
  check.require(days === undefined || (typeof days === 'number' && days >= SIX_YEARS_IN_DAYS), {
    prop,
    received: days,
    allowed: `a RetentionProfile of at least ${SIX_YEARS_IN_DAYS} days (6 years) or INDEFINITE`,
    citation: Citation.RETENTION_TIME_LIMIT,
  });
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
