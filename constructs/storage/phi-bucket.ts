import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PhiClassification } from '../core/phi-classification';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { AccessLogsBucket } from './access-logs-bucket';
import { deliverAccessLogsByBucketPolicy } from './private/access-log-delivery';
import { HARDENED_BUCKET_PROPS } from './private/hardened-bucket-props';
import { validateBucketProps } from './private/phi-bucket-validation';

/** Object Lock settings for a {@link PhiBucket}. */
export interface PhiBucketObjectLock {
  /**
   * Days each new object version is locked in COMPLIANCE mode: nobody, the root user included, can
   * delete or overwrite it until the period ends. From 1 to 36500.
   */
  readonly retentionDays: number;
}

/** Lifecycle transitions of current object versions to cheaper storage. */
export interface PhiBucketLifecycle {
  /**
   * Days after creation an object moves to S3 Standard-IA (at least 30).
   *
   * @default - objects stay in S3 Standard
   */
  readonly infrequentAccessAfterDays?: number;
  /**
   * Days after creation an object moves to S3 Glacier Instant Retrieval (at least 90, and later
   * than `infrequentAccessAfterDays`).
   *
   * @default - objects are not moved to Glacier
   */
  readonly glacierAfterDays?: number;
}

/** Properties of a {@link PhiBucket}. */
export interface PhiBucketProps {
  /**
   * The key for SSE-KMS: a {@link PhiKey} or any `kms.IKey`.
   *
   * @default - a new {@link PhiKey} for this bucket, domain from the construct id (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: PhiKey | kms.IKey;

  /**
   * Where S3 server access logs go. Share one across the PHI buckets of a stack.
   *
   * @default - a new {@link AccessLogsBucket} for this bucket (164.312(b))
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * Move objects to cheaper storage classes as they age. Objects are never expired by the toolkit.
   *
   * @default - no transitions; objects stay in S3 Standard
   */
  readonly lifecycle?: PhiBucketLifecycle;

  /**
   * Lock every new object version in COMPLIANCE mode for a retention period (WORM). Can only be set at
   * bucket creation.
   *
   * @default - no Object Lock; versioning still keeps every overwritten or deleted version (164.312(c)(1))
   */
  readonly objectLock?: PhiBucketObjectLock;

  /**
   * What happens to the bucket when it leaves the stack. Only RETAIN variants are accepted: PHI must
   * survive `cdk destroy`.
   *
   * @default RemovalPolicy.RETAIN (164.308(a)(7)(ii)(A))
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An S3 bucket for PHI, hardened in code: SSE-KMS with a customer-managed key and S3 Bucket Keys, all
 * public access blocked, ACLs disabled (object ownership enforced), versioning, TLS 1.2+ only, server
 * access logs to a dedicated bucket, RETAIN on stack deletion and no automatic emptying.
 *
 * `grantRead` / `grantWrite` grant on the bucket and on its key.
 *
 * Serves 164.312(a)(2)(iv), 164.312(e)(1), 164.312(b), 164.312(c)(1) and 164.308(a)(7)(ii)(A).
 *
 * @example
 * const records = new PhiBucket(this, 'PatientDocuments', { lifecycle: { infrequentAccessAfterDays: 90 } });
 * records.grantRead(appRole);
 */
export class PhiBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;
  /** The key that encrypts every object. */
  public readonly encryptionKey: kms.IKey;
  /** The bucket that receives this bucket's server access logs. */
  public readonly accessLogsBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: PhiBucketProps = {}) {
    const check = new PropsCheck(scope, id);
    validateBucketProps(check, props);
    check.throwIfInvalid();
    super(scope, id);
    deliverAccessLogsByBucketPolicy(this);

    this.encryptionKey = PhiKey.keyFor(this, props.encryptionKey);
    this.accessLogsBucket = props.accessLogsBucket ?? new AccessLogsBucket(this, 'AccessLogs').bucket;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...HARDENED_BUCKET_PROPS,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: `${id}/`,
      objectLockEnabled: props.objectLock ? true : undefined,
      objectLockDefaultRetention: props.objectLock
        ? s3.ObjectLockRetention.compliance(Duration.days(props.objectLock.retentionDays))
        : undefined,
      lifecycleRules: lifecycleRules(props.lifecycle),
    });
    PhiClassification.mark(this);

    const replication =
      'PHI stays in one Region by default and versioning keeps every prior object version for recovery; a cross-Region replica is a per-deployment decision that needs its own key and data-residency review.';
    acknowledgeBuiltIn(this.bucket, [
      { ruleId: 'HIPAA.Security-S3BucketReplicationEnabled', reason: replication },
      { ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: replication },
    ]);
  }

  /** Lets `grantee` read objects, including decrypting them with the bucket's key. */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantRead(grantee);
  }

  /** Lets `grantee` write objects, including encrypting them with the bucket's key. */
  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantWrite(grantee);
  }

  /** Lets `grantee` read and write objects, with the matching key permissions. */
  public grantReadWrite(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantReadWrite(grantee);
  }
}

function lifecycleRules(lifecycle: PhiBucketLifecycle | undefined): s3.LifecycleRule[] {
  const transitions: s3.Transition[] = [];
  if (lifecycle?.infrequentAccessAfterDays !== undefined) {
    transitions.push({
      storageClass: s3.StorageClass.INFREQUENT_ACCESS,
      transitionAfter: Duration.days(lifecycle.infrequentAccessAfterDays),
    });
  }
  if (lifecycle?.glacierAfterDays !== undefined) {
    transitions.push({
      storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
      transitionAfter: Duration.days(lifecycle.glacierAfterDays),
    });
  }
  return [
    {
      id: 'AbortIncompleteUploads',
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    },
    ...(transitions.length > 0 ? [{ id: 'MoveToCheaperStorage', transitions }] : []),
  ];
}
