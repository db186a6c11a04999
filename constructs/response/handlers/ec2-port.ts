/**
 * The EC2 calls instance isolation makes, behind a narrow interface. In Lambda the adapter uses the AWS
 * SDK for JavaScript v3 that the Node.js 22 runtime provides (`@aws-sdk/client-ec2` is not a dependency
 * of this package, so it is loaded at run time and kept out of the bundle).
 */

/** What isolation needs to know about an instance. */
export interface InstanceFacts {
  readonly instanceId: string;
  readonly vpcId?: string;
  readonly securityGroupIds: readonly string[];
  readonly volumeIds: readonly string[];
  readonly networkInterfaceCount: number;
}

/** The EC2 operations of instance isolation. */
export interface Ec2Port {
  /** DescribeInstances for one instance; `undefined` when it does not exist. */
  describeInstance(instanceId: string): Promise<InstanceFacts | undefined>;
  /** ModifyInstanceAttribute: replaces the instance's security groups. */
  replaceSecurityGroups(instanceId: string, groupIds: readonly string[]): Promise<void>;
  /** CreateSnapshot with tags; returns the snapshot id. */
  createSnapshot(volumeId: string, description: string, tags: Record<string, string>): Promise<string>;
  /** CreateTags on the instance. */
  tagInstance(instanceId: string, tags: Record<string, string>): Promise<void>;
}

interface Ec2Command {
  readonly input: unknown;
}
type CommandClass = new (input: unknown) => Ec2Command;
interface Ec2Module {
  EC2Client: new (config: object) => { send(command: Ec2Command): Promise<Record<string, unknown>> };
  DescribeInstancesCommand: CommandClass;
  ModifyInstanceAttributeCommand: CommandClass;
  CreateSnapshotCommand: CommandClass;
  CreateTagsCommand: CommandClass;
}

interface DescribeInstancesOutput {
  Reservations?: {
    Instances?: {
      InstanceId?: string;
      VpcId?: string;
      SecurityGroups?: { GroupId?: string }[];
      BlockDeviceMappings?: { Ebs?: { VolumeId?: string } }[];
      NetworkInterfaces?: unknown[];
    }[];
  }[];
}

const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value: Value.slice(0, 256) }));

/** The EC2 port backed by the AWS SDK v3 that the Lambda runtime provides. */
export function sdkEc2Port(): Ec2Port {
  // Loaded at run time from the Lambda runtime's SDK; see the file comment.
  const sdk = require('@aws-sdk/client-ec2') as Ec2Module;
  const client = new sdk.EC2Client({});
  return {
    async describeInstance(instanceId) {
      let output: DescribeInstancesOutput;
      try {
        output = (await client.send(
          new sdk.DescribeInstancesCommand({ InstanceIds: [instanceId] }),
        )) as DescribeInstancesOutput;
      } catch (error) {
        if ((error as Error).name === 'InvalidInstanceID.NotFound') return undefined;
        throw error;
      }
      const instance = output.Reservations?.[0]?.Instances?.[0];
      if (!instance) return undefined;
      return {
        instanceId: instance.InstanceId ?? instanceId,
        vpcId: instance.VpcId,
        securityGroupIds: (instance.SecurityGroups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
        volumeIds: (instance.BlockDeviceMappings ?? []).flatMap((m) =>
          m.Ebs?.VolumeId ? [m.Ebs.VolumeId] : [],
        ),
        networkInterfaceCount: instance.NetworkInterfaces?.length ?? 0,
      };
    },
    async replaceSecurityGroups(instanceId, groupIds) {
      await client.send(
        new sdk.ModifyInstanceAttributeCommand({ InstanceId: instanceId, Groups: [...groupIds] }),
      );
    },
    async createSnapshot(volumeId, description, tags) {
      const output = await client.send(
        new sdk.CreateSnapshotCommand({
          VolumeId: volumeId,
          Description: description.slice(0, 255),
          TagSpecifications: [{ ResourceType: 'snapshot', Tags: tagList(tags) }],
        }),
      );
      return String(output.SnapshotId ?? '');
    },
    async tagInstance(instanceId, tags) {
      await client.send(new sdk.CreateTagsCommand({ Resources: [instanceId], Tags: tagList(tags) }));
    },
  };
}
