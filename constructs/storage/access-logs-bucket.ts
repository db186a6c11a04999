import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { checkRetentionProfile, RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { HARDENED_BUCKET_PROPS } from './private/hardened-bucket-props';

/** Properties of an {@link AccessLogsBucket}. */
export interface AccessLogsBucketProps {
  /**
   * How long access-log objects (current and noncurrent versions) are kept before they expire.
   *
   * @default RetentionProfile.SIX_YEARS - 2192 days (164.316(b)(2)(i))
   */
  readonly retention?: RetentionProfile;
}

/**
 * The destination of S3 server access logs for PHI buckets: every hardening of a PHI bucket except
 * SSE-KMS, which S3 log delivery does not support, so it uses SSE-S3 and holds no PHI. Log objects move
 * to Glacier Instant Retrieval after 90 days and expire after the retention profile.
 *
 * Its findings for KMS encryption, its own access logging and replication are acknowledged here with
 * the reason, so they stay visible in the validation report.
 *
 * Serves 164.312(b) (audit controls) and 164.308(a)(1)(ii)(D) (information system activity review).
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export class AccessLogsBucket extends Construct {
  /** The bucket that receives server access logs. */
  public readonly bucket: s3.Bucket;
  /** The retention profile in force. */
  public readonly retention: RetentionProfile;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps = {}) {
    const check = new PropsCheck(scope, id);
    checkRetentionProfile(check, 'retention', props.retention);
    check.throwIfInvalid();
    super(scope, id);
    this.retention = props.retention ?? RetentionProfile.SIX_YEARS;
    const expiration = this.retention.days === undefined ? undefined : Duration.days(this.retention.days);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...HARDENED_BUCKET_PROPS,
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [
        {
          id: 'RetainAccessLogs',
          transitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
          ],
          expiration,
          noncurrentVersionExpiration: expiration,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });

    const sseKms =
      'S3 server access log delivery only writes to buckets with SSE-S3 default encryption; this bucket holds request logs, not PHI, and is still encrypted at rest with SSE-S3.';
    const selfLogging =
      'This is the access-log destination itself; logging it would recurse. Tampering is limited by versioning, blocked public access, TLS-only access and the retention lifecycle.';
    const replication =
      'Access logs are audit evidence kept for the retention profile in this Region; a replica would add a second copy of logs without protecting any PHI.';
    acknowledgeBuiltIn(this.bucket, [
      { ruleId: 'HIPAA.Security-S3DefaultEncryptionKMS', reason: sseKms },
      { ruleId: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: sseKms },
      { ruleId: 'TemplateEvidence-S3BucketEncryption', reason: sseKms },
      { ruleId: 'HIPAA.Security-S3BucketLoggingEnabled', reason: selfLogging },
      { ruleId: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: selfLogging },
      { ruleId: 'AwsSolutions-S1', reason: selfLogging },
      { ruleId: 'HIPAA.Security-S3BucketReplicationEnabled', reason: replication },
      { ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: replication },
    ]);
  }
}
