import { Aws, CfnRule, Fn, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledgeWildcards } from '../../core/policy-findings';
import type { PhiBucketReplication } from '../phi-bucket';
import {
  REPLICATION_DESTINATION_ACTIONS,
  REPLICATION_OWNER_OVERRIDE_ACTIONS,
  REPLICATION_REPLICA_KEY_ACTIONS,
  REPLICATION_SOURCE_BUCKET_ACTIONS,
  REPLICATION_SOURCE_KEY_ACTIONS,
  REPLICATION_SOURCE_OBJECT_ACTIONS,
  REPLICATION_SOURCE_OBJECT_LOCK_ACTIONS,
} from './replication-perms';
import { type ReplicationTarget, replicationRolePath } from './replication-target';

/** True when the replica's account is named and differs from the (known) source account. */
export function isCrossAccount(scope: Construct, target: ReplicationTarget): boolean {
  const account = Stack.of(scope).account;
  return target.account !== undefined && !Token.isUnresolved(account) && target.account !== account;
}

/**
 * The role S3 assumes to replicate, trusted by S3 for this account only, under the path the replica's
 * bucket and key policies admit (`/phi-replication/<replica bucket>/`). Its permissions are granted by
 * {@link grantReplication} once the bucket exists; the stack's permissions boundary applies to it.
 */
export function createReplicationRole(scope: Construct, target: ReplicationTarget): iam.Role {
  return new iam.Role(scope, 'ReplicationRole', {
    assumedBy: new iam.ServicePrincipal('s3.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
    }),
    path: replicationRolePath(target.bucketName),
    description: `S3 replication of ${scope.node.path} to its replica in ${target.region}`,
  });
}

/**
 * The one replication rule: every object (no filter), SSE-KMS objects included and re-encrypted with the
 * replica key, delete markers replicated (the replica keeps every version; nothing is deleted for good),
 * Replication Time Control with its metrics (99.99% of objects within 15 minutes), and, cross-account,
 * replica ownership handed to the replica's account.
 */
export function replicationRules(
  scope: Construct,
  replicateTo: PhiBucketReplication,
  target: ReplicationTarget,
): s3.ReplicationRule[] {
  const crossAccount = isCrossAccount(scope, target);
  const destination = s3.Bucket.fromBucketAttributes(scope, 'ReplicaBucket', {
    bucketArn: replicateTo.bucketArn,
    account: crossAccount ? target.account : Stack.of(scope).account,
    region: target.region,
  });
  const fifteenMinutes = s3.ReplicationTimeValue.FIFTEEN_MINUTES;
  return [
    {
      id: 'ReplicateEveryObject',
      priority: 1,
      destination,
      kmsKey: kms.Key.fromKeyArn(scope, 'ReplicaKey', replicateTo.replicaKeyArn),
      sseKmsEncryptedObjects: true,
      deleteMarkerReplication: true,
      replicationTimeControl: fifteenMinutes,
      metrics: fifteenMinutes,
      accessControlTransition: crossAccount ? true : undefined,
    },
  ];
}

/** What {@link grantReplication} grants on. */
export interface ReplicationGrantTargets {
  readonly role: iam.IRole;
  readonly source: s3.IBucket;
  readonly sourceKey: kms.IKey;
  readonly replicateTo: PhiBucketReplication;
  readonly target: ReplicationTarget;
  readonly objectLock: boolean;
}

/**
 * The replication role's only permissions, in one customer-managed policy: read the source's
 * replication configuration and object versions (retention and legal hold too with Object Lock), write
 * replicas into the replica bucket, decrypt with the source key and encrypt with the replica key, each
 * key only through S3 in its Region and for objects of its bucket.
 */
export function grantReplication(scope: Construct, grant: ReplicationGrantTargets): iam.ManagedPolicy {
  const { role, source, sourceKey, replicateTo, target } = grant;
  const stack = Stack.of(scope);
  const replicaObjects = `${replicateTo.bucketArn}/*`;
  const statements = [
    new iam.PolicyStatement({
      sid: 'ReadSourceReplicationConfiguration',
      actions: [...REPLICATION_SOURCE_BUCKET_ACTIONS],
      resources: [source.bucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'ReadSourceObjectVersions',
      actions: [
        ...REPLICATION_SOURCE_OBJECT_ACTIONS,
        ...(grant.objectLock ? REPLICATION_SOURCE_OBJECT_LOCK_ACTIONS : []),
      ],
      resources: [source.arnForObjects('*')],
    }),
    new iam.PolicyStatement({
      sid: 'WriteReplicas',
      actions: [
        ...REPLICATION_DESTINATION_ACTIONS,
        ...(isCrossAccount(scope, target) ? REPLICATION_OWNER_OVERRIDE_ACTIONS : []),
      ],
      resources: [replicaObjects],
    }),
    new iam.PolicyStatement({
      sid: 'DecryptSourceObjectsThroughS3',
      actions: [...REPLICATION_SOURCE_KEY_ACTIONS],
      resources: [sourceKey.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${stack.region}.${stack.urlSuffix}` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [source.bucketArn, source.arnForObjects('*')] },
      },
    }),
    replicaKeyStatement(stack, replicateTo, target, replicaObjects),
  ];
  const policy = new iam.ManagedPolicy(scope, 'ReplicationPolicy', {
    description: `S3 replication of ${scope.node.path}: read the source, write the replica`,
    roles: [role],
    statements,
  });
  acknowledgeWildcards(
    policy,
    statements,
    'S3 replication copies every object version of this bucket into its replica, so the object wildcards are bounded to the source and the replica bucket; an alias-addressed replica key is matched by key/* narrowed to that alias (kms:ResourceAliases), S3 in the replica Region (kms:ViaService) and the replica bucket (encryption context).',
  );
  return policy;
}

/**
 * `kms:Encrypt` on the replica key through S3 in the replica's Region, for replica objects only. A key
 * named by its alias ARN is matched as `key/*` of its account and Region with `kms:ResourceAliases`: IAM
 * authorizes cryptographic operations on the key ARN, which an alias ARN is not.
 */
function replicaKeyStatement(
  stack: Stack,
  replicateTo: PhiBucketReplication,
  target: ReplicationTarget,
  replicaObjects: string,
): iam.PolicyStatement {
  const arn = replicateTo.replicaKeyArn;
  const byAlias = target.alias !== undefined;
  return new iam.PolicyStatement({
    sid: 'EncryptReplicasThroughS3',
    actions: [...REPLICATION_REPLICA_KEY_ACTIONS],
    resources: [byAlias ? `${arn.slice(0, arn.lastIndexOf(':alias/'))}:key/*` : arn],
    conditions: {
      StringEquals: { 'kms:ViaService': `s3.${target.region}.${stack.urlSuffix}` },
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': [replicateTo.bucketArn, replicaObjects] },
      ...(byAlias ? { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': target.alias } } : {}),
    },
  });
}

/**
 * When the stack's Region is unknown at synth (an environment-agnostic stack), a CloudFormation rule
 * that fails the deployment into the replica's own Region, where the "second-Region" copy would share
 * every Regional failure with the source (164.308(a)(7)(ii)(B)).
 */
export function assertReplicaLeavesRegion(scope: Construct, id: string, region: string): void {
  if (!Token.isUnresolved(Stack.of(scope).region)) return;
  new CfnRule(scope, id, {
    assertions: [
      {
        assert: Fn.conditionNot(Fn.conditionEquals(Aws.REGION, region)),
        assertDescription: `${scope.node.path}: replicateTo names a replica in ${region}; deploy this stack to another Region, or replicate to a bucket in another Region (HIPAA 164.308(a)(7)(ii)(A), 164.308(a)(7)(ii)(B)).`,
      },
    ],
  });
}
