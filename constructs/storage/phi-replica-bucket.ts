import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { isKnownRegion } from '../core/aws-regions';
import { Citation } from '../core/citations';
import { PhiClassification } from '../core/phi-classification';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { AccessLogsBucket } from './access-logs-bucket';
import type { PhiBucketObjectLock, PhiBucketReplication } from './phi-bucket';
import { deliverAccessLogsByBucketPolicy } from './private/access-log-delivery';
import { HARDENED_BUCKET_PROPS } from './private/hardened-bucket-props';
import { validateBucketProps } from './private/phi-bucket-validation';
import {
  REPLICATION_DESTINATION_ACTIONS,
  REPLICATION_OWNER_OVERRIDE_ACTIONS,
  REPLICATION_REPLICA_KEY_ACTIONS,
} from './private/replication-perms';
import { replicationRolePath } from './private/replication-target';
import { REPLICATION_CITATION } from './private/replication-validation';

/** Replica names: 3 to 34 lowercase letters, digits and inner hyphens (room for `-<account>-<region>`). */
const REPLICA_NAME = /^[a-z0-9](?:[a-z0-9-]{1,32})[a-z0-9]$/;
/** Alias prefix of every replica key: `alias/phi-replica/<replicaName>`. */
export const REPLICA_KEY_ALIAS_PREFIX = 'alias/phi-replica/';

/** Where a {@link PhiReplicaBucket} is, for the source's {@link PhiReplicaBucket.replicationTarget}. */
export interface PhiReplicaLocation {
  /** The replica's `replicaName`. */
  readonly replicaName: string;
  /** The replica's Region, literal (e.g. `us-west-2`). */
  readonly region: string;
  /**
   * The replica's account.
   *
   * @default Aws.ACCOUNT_ID - the source stack's own account (same-account replication)
   */
  readonly account?: string;
}

/** Properties of a {@link PhiReplicaBucket}. */
export interface PhiReplicaBucketProps {
  /**
   * Fixes the bucket name (`<replicaName>-<account>-<region>`) and the key alias
   * (`alias/phi-replica/<replicaName>`), so the source stack names both ARNs with
   * {@link PhiReplicaBucket.replicationTarget} instead of a cross-Region reference. 3 to 34 lowercase
   * letters, digits and inner hyphens, literal.
   */
  readonly replicaName: string;
  /**
   * The account of the source bucket, whose replication roles (path `/phi-replication/<bucket name>/`)
   * alone may replicate into this bucket. Another account than this stack's is admitted by the bucket
   * and key policies, with replica ownership handed to this account.
   *
   * @default - this stack's account (same-account replication) (164.312(a)(1))
   */
  readonly sourceAccount?: string;
  /**
   * Object Lock for replicas, as on the source. Required when the source bucket uses Object Lock: S3
   * replicates locked objects only into a bucket with Object Lock, each with its source retention.
   *
   * @default - no Object Lock; versioning keeps every replicated version (164.312(c)(1))
   */
  readonly objectLock?: PhiBucketObjectLock;
  /**
   * Where S3 server access logs go, in this Region.
   *
   * @default - a new {@link AccessLogsBucket} for this bucket (164.312(b))
   */
  readonly accessLogsBucket?: s3.IBucket;
}

/**
 * The second-Region copy of a {@link PhiBucket} (its `replicateTo`), to deploy in a stack of another
 * Region: every hardening of a PhiBucket (SSE-KMS with its own {@link PhiKey} and an S3 Bucket Key, all
 * public access blocked, ACLs disabled, versioning, TLS 1.2+ only, server access logs, RETAIN) under a
 * fixed bucket name and key alias, and a bucket policy that lets only the source's replication roles
 * replicate into it: every other principal is denied the replicate actions. Deploy it before the source
 * stack (S3 checks the destination when replication is configured).
 *
 * Serves 164.308(a)(7)(ii)(A) (an exact copy of ePHI), 164.308(a)(7)(ii)(B) (it survives the loss of
 * the source Region) and 164.312(a)(2)(iv).
 *
 * @example
 * // In the second Region's stack:
 * new PhiReplicaBucket(this, 'DocumentsReplica', { replicaName: 'clinical-documents' });
 * // In the source stack:
 * new PhiBucket(this, 'Documents', {
 *   replicateTo: PhiReplicaBucket.replicationTarget({ replicaName: 'clinical-documents', region: 'us-west-2' }),
 * });
 */
export class PhiReplicaBucket extends Construct {
  /**
   * The `replicateTo` of a {@link PhiBucket} that replicates into the replica named `replicaName` in
   * `region` (and `account`): its bucket and key alias ARNs, built from the naming convention alone.
   */
  public static replicationTarget(location: PhiReplicaLocation): PhiBucketReplication {
    const { replicaName, region } = location;
    if (!REPLICA_NAME.test(replicaName) || !isKnownRegion(region))
      throw new Error(
        `PhiReplicaBucket.replicationTarget: replicaName must be 3 to 34 lowercase letters, digits and inner hyphens and region a literal AWS Region (164.308(a)(7)(ii)(B)), got ${JSON.stringify({ replicaName, region })}`,
      );
    const account = location.account ?? Aws.ACCOUNT_ID;
    return {
      bucketArn: `arn:${Aws.PARTITION}:s3:::${replicaName}-${account}-${region}`,
      replicaKeyArn: `arn:${Aws.PARTITION}:kms:${region}:${account}:${REPLICA_KEY_ALIAS_PREFIX}${replicaName}`,
    };
  }

  /** The bucket. */
  public readonly bucket: s3.Bucket;
  /** The key that encrypts every replica. */
  public readonly encryptionKey: kms.IKey;
  /** The key's alias (`alias/phi-replica/<replicaName>`). */
  public readonly keyAliasName: string;
  /** The bucket that receives this bucket's server access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The ARN pattern of the source roles admitted to replicate into the bucket. */
  public readonly replicationRoleArnPattern: string;

  constructor(scope: Construct, id: string, props: PhiReplicaBucketProps) {
    const check = new PropsCheck(scope, id);
    check.matches(
      'replicaName',
      props.replicaName,
      REPLICA_NAME,
      'a literal name of 3 to 34 lowercase letters, digits and inner hyphens',
      REPLICATION_CITATION,
    );
    check.matches(
      'sourceAccount',
      props.sourceAccount,
      /^\d{12}$/,
      'a literal 12-digit account id',
      Citation.ACCESS_CONTROL,
    );
    validateBucketProps(check, { objectLock: props.objectLock });
    check.throwIfInvalid();
    super(scope, id);
    deliverAccessLogsByBucketPolicy(this);

    const stack = Stack.of(this);
    this.keyAliasName = `${REPLICA_KEY_ALIAS_PREFIX}${props.replicaName}`;
    this.encryptionKey = new PhiKey(this, 'Key', {
      dataDomain: props.replicaName,
      aliasName: this.keyAliasName,
      description: `PHI replica key of ${props.replicaName} (second-Region copies)`,
    }).key;
    this.accessLogsBucket = props.accessLogsBucket ?? new AccessLogsBucket(this, 'AccessLogs').bucket;
    const bucketName = `${props.replicaName}-${stack.account}-${stack.region}`;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...HARDENED_BUCKET_PROPS,
      bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: `${id}/`,
      objectLockEnabled: props.objectLock ? true : undefined,
      objectLockDefaultRetention: props.objectLock
        ? s3.ObjectLockRetention.compliance(Duration.days(props.objectLock.retentionDays))
        : undefined,
      lifecycleRules: [
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
    PhiClassification.mark(this);

    const sourceAccount = props.sourceAccount ?? stack.account;
    // With this stack's account unknown at synth, a given sourceAccount is admitted as another account's.
    const crossAccount = props.sourceAccount !== undefined && props.sourceAccount !== stack.account;
    this.replicationRoleArnPattern = `arn:${stack.partition}:iam::${sourceAccount}:role${replicationRolePath(bucketName)}*`;
    this.admitSourceRoles(sourceAccount, crossAccount);

    const replica = `This bucket is the second-Region replica of a PhiBucket (its replicateTo); the source keeps the primary copy, so replicating the replica onward would only add a third copy.`;
    acknowledgeBuiltIn(this.bucket, [
      { ruleId: 'TemplateEvidence-S3PhiReplication', reason: replica },
      { ruleId: 'HIPAA.Security-S3BucketReplicationEnabled', reason: replica },
      { ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: replica },
    ]);
  }

  /** The bucket's name (`<replicaName>-<account>-<region>`). */
  public get bucketName(): string {
    return this.bucket.bucketName;
  }

  /**
   * Bucket (and, cross-account, key) policy statements: the source's replication roles may replicate
   * into the bucket; every other principal is denied the replicate actions.
   */
  private admitSourceRoles(sourceAccount: string, crossAccount: boolean): void {
    const actions = [
      ...REPLICATION_DESTINATION_ACTIONS,
      ...(crossAccount ? REPLICATION_OWNER_OVERRIDE_ACTIONS : []),
    ];
    const fromSourceRoles = { ArnLike: { 'aws:PrincipalArn': this.replicationRoleArnPattern } };
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ReplicationFromSourceRoles',
        principals: [new iam.AccountPrincipal(sourceAccount)],
        actions,
        resources: [this.bucket.arnForObjects('*')],
        conditions: fromSourceRoles,
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyReplicationFromOthers',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...REPLICATION_DESTINATION_ACTIONS, ...REPLICATION_OWNER_OVERRIDE_ACTIONS],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { ArnNotLike: { 'aws:PrincipalArn': this.replicationRoleArnPattern } },
      }),
    );
    if (!crossAccount) return; // the key policy delegates same-account use to IAM (the role's policy)
    const stack = Stack.of(this);
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ReplicaEncryptionFromSourceRoles',
        principals: [new iam.AccountPrincipal(sourceAccount)],
        actions: [...REPLICATION_REPLICA_KEY_ACTIONS],
        resources: ['*'], // In a key policy, '*' is the key itself.
        conditions: {
          ...fromSourceRoles,
          StringEquals: { 'kms:ViaService': `s3.${stack.region}.${stack.urlSuffix}` },
        },
      }),
    );
  }
}
