import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ec2Arn } from './arns';
import {
  describeInstancesStatement,
  snapshotVolumesStatement,
  tagInstancesStatement,
  tagNewSnapshotsStatement,
} from './ec2-statements';
import { EC2_INTERFACE_GROUP_ACTIONS, IAM_REVOKE_SESSIONS_ACTIONS } from './perms';

/** Python runtime of the runbooks' `aws:executeScript` steps. */
export const SCRIPT_RUNTIME = 'python3.11';

/** Accepts an instance id or the instance ARN that Security Hub puts in `Resources[0].Id`. */
const INSTANCE_PATTERN = '^(arn:aws[a-z-]*:ec2:[a-z0-9-]+:\\d{12}:instance/)?i-[0-9a-f]{8,17}$';
/** Accepts a role name or role ARN (with or without a path). */
const ROLE_PATTERN = '^(arn:aws[a-z-]*:iam::\\d{12}:role/([\\w+=,.@-]+/)*)?[\\w+=,.@-]{1,64}$';
/** The automation role parameter. */
const ASSUME_ROLE_PATTERN = '^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+$';

const ISOLATE_SCRIPT = `import boto3

def handler(events, context):
    instance_id = events['InstanceId'].split('/')[-1]
    group_id = events['QuarantineSecurityGroupId']
    ec2 = boto3.client('ec2')
    instance = ec2.describe_instances(InstanceIds=[instance_id])['Reservations'][0]['Instances'][0]
    previous = sorted({g['GroupId'] for g in instance.get('SecurityGroups', [])})
    interfaces = [eni['NetworkInterfaceId'] for eni in instance.get('NetworkInterfaces', [])]
    for interface_id in interfaces:
        ec2.modify_network_interface_attribute(NetworkInterfaceId=interface_id, Groups=[group_id])
    ec2.create_tags(Resources=[instance_id], Tags=[
        {'Key': 'QuarantinedBy', 'Value': 'IsolateInstance runbook'},
        {'Key': 'QuarantinePreviousGroups', 'Value': ','.join(previous)[:256]},
    ])
    return {'InstanceId': instance_id, 'PreviousGroups': previous, 'NetworkInterfaces': interfaces}
`;

const SNAPSHOT_SCRIPT = `import boto3

def handler(events, context):
    instance_id = events['InstanceId'].split('/')[-1]
    case_id = events.get('CaseId') or 'none'
    ec2 = boto3.client('ec2')
    instance = ec2.describe_instances(InstanceIds=[instance_id])['Reservations'][0]['Instances'][0]
    snapshots = []
    for mapping in instance.get('BlockDeviceMappings', []):
        volume_id = mapping.get('Ebs', {}).get('VolumeId')
        if not volume_id:
            continue
        snapshot = ec2.create_snapshot(
            VolumeId=volume_id,
            Description=f'Forensic snapshot of {volume_id} ({instance_id}), case {case_id}'[:255],
            TagSpecifications=[{'ResourceType': 'snapshot', 'Tags': [
                {'Key': 'ForensicSourceInstance', 'Value': instance_id},
                {'Key': 'ForensicCase', 'Value': case_id[:256]},
            ]}],
        )
        snapshots.append(snapshot['SnapshotId'])
    return {'SnapshotIds': snapshots}
`;

const REVOKE_SCRIPT = `import json
from datetime import datetime, timezone
import boto3

def handler(events, context):
    role_name = events['RoleName'].split('/')[-1]
    issued_before = datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    policy = {'Version': '2012-10-17', 'Statement': [{
        'Effect': 'Deny', 'Action': '*', 'Resource': '*',
        'Condition': {'DateLessThan': {'aws:TokenIssueTime': issued_before}},
    }]}
    boto3.client('iam').put_role_policy(
        RoleName=role_name, PolicyName='AWSRevokeOlderSessions', PolicyDocument=json.dumps(policy))
    return {'RoleName': role_name, 'RevokedSessionsIssuedBefore': issued_before}
`;

/** A runbook parameter in an Automation document. */
interface RunbookParameter {
  readonly type: 'String';
  readonly description: string;
  readonly allowedPattern?: string;
  readonly default?: string;
}

/** One runbook, as data. */
export interface RunbookSpec {
  /** Construct id of the document; also names its role. */
  readonly id: string;
  readonly description: string;
  /** The parameter a Security Hub custom action fills from `Resources[0].Id`. */
  readonly resourceParameter: 'InstanceId' | 'RoleName';
  /** Further parameters (the automation role parameter is added for every runbook). */
  readonly parameters: (quarantineGroupId: string | undefined) => Record<string, RunbookParameter>;
  readonly script: string;
  /** Least-privilege permissions of the runbook's automation role. */
  readonly statements: (scope: Construct) => iam.PolicyStatement[];
  /** Why those statements need wildcard resources. */
  readonly wildcardReason: string;
  /** The Security Hub custom action: id (≤ 20 alphanumerics) and name (≤ 20 characters). */
  readonly customAction: { readonly id: string; readonly name: string };
}

/** The three incident runbooks. */
export const RUNBOOKS: readonly RunbookSpec[] = [
  {
    id: 'IsolateInstance',
    description:
      'Isolates an EC2 instance: every network interface gets only the quarantine security group (no ingress, no egress) and the instance is tagged with its previous groups. Connections tracked before the change may persist until they close; stop the instance if they must end at once.',
    resourceParameter: 'InstanceId',
    parameters: (quarantineGroupId) => ({
      QuarantineSecurityGroupId: {
        type: 'String',
        description: 'Security group with no rules, in the instance’s VPC',
        allowedPattern: '^sg-[0-9a-f]{8,17}$',
        ...(quarantineGroupId ? { default: quarantineGroupId } : {}),
      },
    }),
    script: ISOLATE_SCRIPT,
    statements: (scope) => [
      describeInstancesStatement(),
      new iam.PolicyStatement({
        sid: 'ApplyQuarantineGroup',
        actions: [...EC2_INTERFACE_GROUP_ACTIONS],
        resources: [ec2Arn(scope, 'network-interface'), ec2Arn(scope, 'security-group')],
      }),
      tagInstancesStatement(scope),
    ],
    wildcardReason:
      'The runbook isolates whichever instance the responder names, so it may change the groups of any network interface of the account to a group named at run time and tag any instance; DescribeInstances has no resource-level permissions. No wildcard actions.',
    customAction: { id: 'HipaaIsolate', name: 'Isolate instance' },
  },
  {
    id: 'CollectForensicSnapshot',
    description:
      'Snapshots every EBS volume of an EC2 instance for forensics and tags each snapshot with the instance and case id.',
    resourceParameter: 'InstanceId',
    parameters: () => ({
      CaseId: {
        type: 'String',
        description: 'Incident or case id recorded on the snapshots',
        allowedPattern: '^[A-Za-z0-9_.:/-]{0,128}$',
        default: '',
      },
    }),
    script: SNAPSHOT_SCRIPT,
    statements: (scope) => [
      describeInstancesStatement(),
      snapshotVolumesStatement(scope),
      tagNewSnapshotsStatement(scope),
    ],
    wildcardReason:
      'The runbook snapshots whichever instance the responder names, so it may snapshot any volume of the account and tag snapshots only while creating them; DescribeInstances has no resource-level permissions. No wildcard actions.',
    customAction: { id: 'HipaaSnapshot', name: 'Forensic snapshot' },
  },
  {
    id: 'RevokeRoleSessions',
    description:
      'Revokes every session of an IAM role issued before now (the AWSRevokeOlderSessions inline deny with an aws:TokenIssueTime condition), so stolen temporary credentials stop working; new sessions still work. Rotate long-term credentials separately.',
    resourceParameter: 'RoleName',
    parameters: () => ({}),
    script: REVOKE_SCRIPT,
    statements: (scope) => [
      new iam.PolicyStatement({
        sid: 'AddRevokeSessionsPolicy',
        actions: [...IAM_REVOKE_SESSIONS_ACTIONS],
        resources: [
          Stack.of(scope).formatArn({
            service: 'iam',
            region: '',
            resource: 'role',
            resourceName: '*',
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
      }),
    ],
    wildcardReason:
      'Any role of the account may hold stolen sessions, so the runbook may add its inline policy to role/*; the document fixes that policy to a deny of sessions issued before now, and only principals allowed to pass this role to Systems Manager can run it. No wildcard actions.',
    customAction: { id: 'HipaaRevoke', name: 'Revoke role sessions' },
  },
];

/** The Automation document (schema 0.3) of a runbook, with its automation role as the default. */
export function runbookContent(
  spec: RunbookSpec,
  automationRoleArn: string,
  quarantineGroupId: string | undefined,
): Record<string, unknown> {
  const resourcePattern = spec.resourceParameter === 'InstanceId' ? INSTANCE_PATTERN : ROLE_PATTERN;
  const extra = spec.parameters(quarantineGroupId);
  return {
    schemaVersion: '0.3',
    description: spec.description,
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: {
      [spec.resourceParameter]: {
        type: 'String',
        description: `The ${spec.resourceParameter === 'InstanceId' ? 'instance id or ARN' : 'role name or ARN'}`,
        allowedPattern: resourcePattern,
      },
      ...extra,
      AutomationAssumeRole: {
        type: 'String',
        description: 'The least-privilege role the runbook runs as',
        allowedPattern: ASSUME_ROLE_PATTERN,
        default: automationRoleArn,
      },
    },
    mainSteps: [
      {
        name: spec.id,
        action: 'aws:executeScript',
        timeoutSeconds: 600,
        inputs: {
          Runtime: SCRIPT_RUNTIME,
          Handler: 'handler',
          Script: spec.script,
          InputPayload: Object.fromEntries(
            [spec.resourceParameter, ...Object.keys(extra)].map((name) => [name, `{{ ${name} }}`]),
          ),
        },
      },
    ],
  };
}
