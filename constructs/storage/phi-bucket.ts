import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { PhiClassification } from '../core/phi-classification';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { recordRelaxation } from '../core/report-metadata';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { AccessLogsBucket } from './access-logs-bucket';
import { deliverAccessLogsByBucketPolicy } from './private/access-log-delivery';
import {
  assertReplicaLeavesRegion,
  createReplicationRole,
  grantReplication,
  replicationRules,
} from './private/bucket-replication';
import { HARDENED_BUCKET_PROPS } from './private/hardened-bucket-props';
import { validateBucketProps } from './private/phi-bucket-validation';
import { validateReplicationProps } from './private/replication-validation';

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

/**
 * Where a {@link PhiBucket} replicates: a bucket in another Region (e.g. a {@link PhiReplicaBucket},
 * whose `replicationTarget` builds both ARNs without a cross-Region reference) and its key.
 */
export interface PhiBucketReplication {
  /**
   * ARN of the replica bucket, `arn:<partition>:s3:::<name>`. The name must be literal but for the
   * account id inside it (`Aws.ACCOUNT_ID`); the partition may be a token. A reference to a bucket of
   * another stack is refused (it would be a cross-Region reference).
   */
  readonly bucketArn: string;
  /**
   * ARN of the customer-managed key that encrypts the replicas, in the replica bucket's Region (S3
   * requires it there, so its Region is the replica's): a key ARN (`…:key/<id>`) or an alias ARN
   * (`…:alias/<name>`, as a {@link PhiReplicaBucket} names its key). The Region must be literal and,
   * when the stack's Region is known, differ from it; in an environment-agnostic stack a CloudFormation
   * rule refuses deployment into that Region. The partition and account may be tokens; a literal account
   * other than the stack's (known) account makes the replication cross-account (replica ownership goes
   * to that account).
   */
  readonly replicaKeyArn: string;
}

/** A deliberate PHI bucket without replication (recorded as a relaxation in the compliance report). */
export interface WithoutReplication {
  /** Why this bucket's objects may stay in one Region: at least 20 characters, not boilerplate. */
  readonly reason: string;
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

  /**
   * Replicate every object version, delete markers included, to a bucket in another Region, re-encrypted
   * with the replica's key, under Replication Time Control (15 minutes, with metrics). A role trusted by
   * S3 is created under `/phi-replication/<replica bucket>/` with only the permissions replication needs.
   * Required unless `withoutReplication` is given, so a PHI bucket never silently keeps its only copy in
   * one Region. With `objectLock`, the replica must have Object Lock too (PhiReplicaBucket `objectLock`).
   *
   * @default - none: give replicateTo or withoutReplication, or synth fails (164.308(a)(7)(ii)(A), 164.308(a)(7)(ii)(B))
   */
  readonly replicateTo?: PhiBucketReplication;

  /**
   * Keep this bucket's objects in its Region only. Recorded as a relaxation of 164.308(a)(7)(ii)(B) and
   * acknowledges TemplateEvidence-S3PhiReplication (and the cdk-nag replication rules) with the reason;
   * versioning still keeps every prior version in this Region.
   *
   * @default - a replica in another Region is required (`replicateTo`)
   */
  readonly withoutReplication?: WithoutReplication;
}

/**
 * An S3 bucket for PHI, hardened in code: SSE-KMS with a customer-managed key and S3 Bucket Keys, all
 * public access blocked, ACLs disabled (object ownership enforced), versioning, TLS 1.2+ only, server
 * access logs to a dedicated bucket, RETAIN on stack deletion and no automatic emptying; replication of
 * every object version to another Region (`replicateTo`), unless `withoutReplication` says why not.
 *
 * `grantRead` / `grantWrite` grant on the bucket and on its key.
 *
 * Serves 164.312(a)(2)(iv), 164.312(e)(1), 164.312(b), 164.312(c)(1), 164.308(a)(7)(ii)(A) and
 * 164.308(a)(7)(ii)(B).
 *
 * @example
 * const records = new PhiBucket(this, 'PatientDocuments', {
 *   lifecycle: { infrequentAccessAfterDays: 90 },
 *   replicateTo: PhiReplicaBucket.replicationTarget({ replicaName: 'patient-documents', region: 'us-west-2' }),
 * });
 * records.grantRead(appRole);
 */
export class PhiBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;
  /** The key that encrypts every object. */
  public readonly encryptionKey: kms.IKey;
  /** The bucket that receives this bucket's server access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The role S3 replicates with (absent with `withoutReplication`). */
  public readonly replicationRole?: iam.IRole;

  constructor(scope: Construct, id: string, props: PhiBucketProps = {}) {
    const check = new PropsCheck(scope, id);
    validateBucketProps(check, props);
    const target = validateReplicationProps(check, scope, props);
    check.throwIfInvalid();
    super(scope, id);
    deliverAccessLogsByBucketPolicy(this);

    this.encryptionKey = PhiKey.keyFor(this, props.encryptionKey);
    this.accessLogsBucket = props.accessLogsBucket ?? new AccessLogsBucket(this, 'AccessLogs').bucket;
    const replication =
      target && props.replicateTo
        ? { target, replicateTo: props.replicateTo, role: createReplicationRole(this, target) }
        : undefined;
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
      replicationRole: replication?.role,
      replicationRules: replication && replicationRules(this, replication.replicateTo, replication.target),
    });
    PhiClassification.mark(this);

    if (replication) {
      this.replicationRole = replication.role;
      grantReplication(this, {
        ...replication,
        source: this.bucket,
        sourceKey: this.encryptionKey,
        objectLock: props.objectLock !== undefined,
      });
      assertReplicaLeavesRegion(this, 'ReplicaLeavesRegion', replication.target.region);
    } else if (props.withoutReplication) {
      this.acknowledgeWithoutReplication(props.withoutReplication.reason);
    }
  }

  /** Records `withoutReplication` and acknowledges the replication rules it relaxes, with its reason. */
  private acknowledgeWithoutReplication(reason: string): void {
    recordRelaxation(this, { citation: Citation.DISASTER_RECOVERY, setting: 'withoutReplication', reason });
    const acknowledged = `No cross-Region replica through withoutReplication: ${reason}`;
    acknowledgeBuiltIn(this.bucket, [
      { ruleId: 'TemplateEvidence-S3PhiReplication', reason: acknowledged },
      { ruleId: 'HIPAA.Security-S3BucketReplicationEnabled', reason: acknowledged },
      { ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: acknowledged },
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
