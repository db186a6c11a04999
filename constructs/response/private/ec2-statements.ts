import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ec2Arn } from './arns';
import { EC2_DESCRIBE_ACTIONS, EC2_SNAPSHOT_ACTIONS, EC2_TAG_ACTIONS } from './perms';

// The EC2 statements shared by the containment functions and the runbooks, one definition each so their
// policies (and the LeastPrivilege findings keyed on them) stay identical.

/** DescribeInstances, which has no resource-level permissions. */
export function describeInstancesStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DescribeInstances',
    actions: [...EC2_DESCRIBE_ACTIONS],
    resources: ['*'],
  });
}

/** Snapshots of any volume of the account. */
export function snapshotVolumesStatement(scope: Construct): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'SnapshotVolumes',
    actions: [...EC2_SNAPSHOT_ACTIONS],
    resources: [ec2Arn(scope, 'volume'), ec2Arn(scope, 'snapshot', false)],
  });
}

/** Tags on any instance of the account. */
export function tagInstancesStatement(scope: Construct): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'TagInstances',
    actions: [...EC2_TAG_ACTIONS],
    resources: [ec2Arn(scope, 'instance')],
  });
}

/** Tags on snapshots, only while CreateSnapshot creates them. */
export function tagNewSnapshotsStatement(scope: Construct): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'TagNewSnapshots',
    actions: [...EC2_TAG_ACTIONS],
    resources: [ec2Arn(scope, 'snapshot', false)],
    conditions: { StringEquals: { 'ec2:CreateAction': 'CreateSnapshot' } },
  });
}
