import { Stack, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { reasonProblem } from '../../core/acknowledge';
import { Citation } from '../../core/citations';
import type { PropsCheck } from '../../core/validation';
import type { PhiBucketProps } from '../phi-bucket';
import {
  bucketArnProblem,
  bucketNameOf,
  parseReplicaKeyArn,
  type ReplicationTarget,
} from './replication-target';

/** The citations replication serves: exact copies of ePHI (data backup) that survive a Regional loss. */
export const REPLICATION_CITATION = `${Citation.DATA_BACKUP}, ${Citation.DISASTER_RECOVERY}`;

const KEY_ALLOWED =
  "the ARN of a KMS key or alias in the replica bucket's Region (arn:aws:kms:<region>:<account>:key/<id> or …:alias/<name>) with a literal, known Region; the partition and account may be tokens";

/**
 * Records every problem with `replicateTo` / `withoutReplication`: exactly one is required, the ARNs must
 * have the shapes S3 replication needs, and the replica must be in another Region than the stack's when
 * both are known (otherwise a CloudFormation rule checks it at deployment). Returns the parsed target
 * when `replicateTo` is valid.
 */
export function validateReplicationProps(
  check: PropsCheck,
  scope: Construct,
  props: PhiBucketProps,
): ReplicationTarget | undefined {
  const { replicateTo, withoutReplication } = props;
  if (withoutReplication !== undefined) {
    check.require(replicateTo === undefined, {
      prop: 'withoutReplication',
      received: withoutReplication,
      allowed: 'absent when replicateTo is set: give one of the two',
      citation: REPLICATION_CITATION,
    });
    check.require(reasonProblem(withoutReplication.reason) === undefined, {
      prop: 'withoutReplication.reason',
      received: withoutReplication.reason,
      allowed: 'a specific reason of at least 20 characters, not boilerplate',
      citation: REPLICATION_CITATION,
    });
    return undefined;
  }
  if (
    !check.require(replicateTo !== undefined, {
      prop: 'replicateTo',
      received: undefined,
      allowed:
        "a bucket in another Region that receives every object version ({ bucketArn, replicaKeyArn }, e.g. PhiReplicaBucket.replicationTarget(...)), or withoutReplication: { reason } to keep this bucket's objects in one Region",
      citation: REPLICATION_CITATION,
    })
  )
    return undefined;
  const target = replicateTo as NonNullable<PhiBucketProps['replicateTo']>;
  const bucketProblem = bucketArnProblem(scope, target.bucketArn);
  check.require(bucketProblem === undefined, {
    prop: 'replicateTo.bucketArn',
    received: target.bucketArn,
    allowed: bucketProblem ?? '',
    citation: REPLICATION_CITATION,
  });
  const key = parseReplicaKeyArn(scope, target.replicaKeyArn);
  if (
    !check.require(key !== undefined, {
      prop: 'replicateTo.replicaKeyArn',
      received: target.replicaKeyArn,
      allowed: KEY_ALLOWED,
      citation: REPLICATION_CITATION,
    }) ||
    key === undefined
  )
    return undefined;
  const region = Stack.of(scope).region;
  const leaves = check.require(Token.isUnresolved(region) || key.region !== region, {
    prop: 'replicateTo.replicaKeyArn',
    received: target.replicaKeyArn,
    allowed: `a key of a replica in another Region than the stack's (${region}): a Region-wide outage would take both copies`,
    citation: REPLICATION_CITATION,
  });
  if (bucketProblem !== undefined || !leaves) return undefined;
  return { bucketName: bucketNameOf(target.bucketArn), ...key };
}
