import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ec2Arn } from './arns';
import {
  describeInstancesStatement,
  snapshotVolumesStatement,
  tagInstancesStatement,
  tagNewSnapshotsStatement,
} from './ec2-statements';
import { EC2_ISOLATE_ACTIONS, IAM_ACCESS_KEY_ACTIONS, S3_BLOCK_PUBLIC_ACCESS_ACTIONS } from './perms';

/** The containment actions, by their prop name under `containment`. */
export const CONTAINMENT_ACTION_NAMES = [
  'isolateInstance',
  'deactivateAccessKey',
  'blockBucketPublicAccess',
] as const;

/** A containment action's prop name. */
export type ContainmentActionName = (typeof CONTAINMENT_ACTION_NAMES)[number];

/** What an action's permissions may refer to. */
export interface ContainmentContext {
  readonly scope: Construct;
  /** The quarantine group; only for isolation. */
  readonly quarantineGroup?: ec2.ISecurityGroup;
}

/** One containment action, as data. */
export interface ContainmentActionSpec {
  readonly name: ContainmentActionName;
  /** Construct id of the function. */
  readonly id: string;
  /** Handler file under `handlers/`. */
  readonly handlerName: string;
  readonly description: string;
  /** EventBridge pattern for `detail.type` of the GuardDuty findings that trigger the action. */
  readonly findingTypes: readonly (string | { prefix: string })[];
  /** Lowest GuardDuty severity that triggers the action; all severities when absent. */
  readonly minSeverity?: number;
  /** The action's own permissions. */
  readonly statements: (context: ContainmentContext) => iam.PolicyStatement[];
  /** Why the statements need wildcard resources. */
  readonly wildcardReason: string;
}

/**
 * The three containment actions. Triggers: EC2 compromise findings of High severity or above (7+),
 * IAM user credential findings of Medium or above (4+), and S3 public-access findings of any severity
 * (the exposure is the harm).
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-active.html
 */
export const CONTAINMENT_ACTIONS: readonly ContainmentActionSpec[] = [
  {
    name: 'isolateInstance',
    id: 'IsolateInstance',
    handlerName: 'isolate-instance',
    description:
      'Isolates an EC2 instance named by a GuardDuty finding (quarantine security group, forensic snapshots)',
    findingTypes: [
      { prefix: 'Backdoor:EC2/' },
      { prefix: 'CryptoCurrency:EC2/' },
      { prefix: 'Trojan:EC2/' },
      { prefix: 'UnauthorizedAccess:EC2/' },
    ],
    minSeverity: 7,
    statements: ({ scope, quarantineGroup }) => [
      describeInstancesStatement(),
      new iam.PolicyStatement({
        sid: 'ApplyQuarantineGroup',
        actions: [...EC2_ISOLATE_ACTIONS],
        resources: [
          ec2Arn(scope, 'instance'),
          ...(quarantineGroup
            ? [
                Stack.of(scope).formatArn({
                  service: 'ec2',
                  resource: 'security-group',
                  resourceName: quarantineGroup.securityGroupId,
                  arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
                }),
              ]
            : []),
        ],
      }),
      snapshotVolumesStatement(scope),
      tagInstancesStatement(scope),
      tagNewSnapshotsStatement(scope),
    ],
    wildcardReason:
      'Any instance in the account may be the subject of a finding, so isolation, tagging and forensic snapshots are allowed on instance/*, volume/* and snapshot/* (tagging snapshots only while creating them); DescribeInstances has no resource-level permissions. No wildcard actions.',
  },
  {
    name: 'deactivateAccessKey',
    id: 'DeactivateAccessKey',
    handlerName: 'deactivate-access-key',
    description: 'Deactivates the IAM user access key named by a GuardDuty credential finding',
    findingTypes: [{ prefix: 'UnauthorizedAccess:IAMUser/' }, { prefix: 'CredentialAccess:IAMUser/' }],
    minSeverity: 4,
    statements: ({ scope }) => [
      new iam.PolicyStatement({
        sid: 'DeactivateUserKeys',
        actions: [...IAM_ACCESS_KEY_ACTIONS],
        resources: [
          Stack.of(scope).formatArn({
            service: 'iam',
            region: '',
            resource: 'user',
            resourceName: '*',
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
      }),
    ],
    wildcardReason:
      'Any IAM user of the account may own a compromised key, so listing and deactivating keys is allowed on user/* of this account only; the key is set Inactive, never deleted. No wildcard actions.',
  },
  {
    name: 'blockBucketPublicAccess',
    id: 'BlockBucketPublicAccess',
    handlerName: 'block-bucket-public-access',
    description: 'Turns on S3 Block Public Access for a bucket named by a GuardDuty S3 policy finding',
    findingTypes: [
      'Policy:S3/BucketBlockPublicAccessDisabled',
      'Policy:S3/BucketAnonymousAccessGranted',
      'Policy:S3/BucketPublicAccessGranted',
    ],
    statements: ({ scope }) => [
      new iam.PolicyStatement({
        sid: 'BlockBucketPublicAccess',
        actions: [...S3_BLOCK_PUBLIC_ACCESS_ACTIONS],
        resources: [`arn:${Stack.of(scope).partition}:s3:::*`],
      }),
    ],
    wildcardReason:
      'Any bucket of the account may be made public, so reading and setting Block Public Access is allowed on every bucket; the two actions only tighten access and cannot read or write objects. No wildcard actions.',
  },
];
