/**
 * `@aws-sdk/client-ec2` is not a dependency (the Lambda runtime provides it), so the adapter is tested
 * against a virtual module whose commands keep their input and whose client records what it is sent.
 */
const sent: { command: string; input: Record<string, unknown> }[] = [];
let describeOutput: unknown = {};
let describeError: Error | undefined;

jest.mock(
  '@aws-sdk/client-ec2',
  () => {
    const command = (name: string) =>
      class {
        public readonly name = name;
        constructor(public readonly input: Record<string, unknown>) {}
      };
    return {
      EC2Client: class {
        async send(cmd: { name: string; input: Record<string, unknown> }) {
          sent.push({ command: cmd.name, input: cmd.input });
          if (cmd.name === 'DescribeInstances') {
            if (describeError) throw describeError;
            return describeOutput;
          }
          return cmd.name === 'CreateSnapshot' ? { SnapshotId: 'snap-1' } : {};
        }
      },
      DescribeInstancesCommand: command('DescribeInstances'),
      ModifyInstanceAttributeCommand: command('ModifyInstanceAttribute'),
      CreateSnapshotCommand: command('CreateSnapshot'),
      CreateTagsCommand: command('CreateTags'),
    };
  },
  { virtual: true },
);

import { sdkEc2Port } from '../../../../constructs/response/handlers/ec2-port';

describe('sdkEc2Port', () => {
  beforeEach(() => {
    sent.length = 0;
    describeError = undefined;
  });

  test('reads VPC, groups, volumes and interface count from DescribeInstances', async () => {
    describeOutput = {
      Reservations: [
        {
          Instances: [
            {
              InstanceId: 'i-1',
              VpcId: 'vpc-1',
              SecurityGroups: [{ GroupId: 'sg-a' }, { GroupId: 'sg-b' }],
              BlockDeviceMappings: [{ Ebs: { VolumeId: 'vol-1' } }, { DeviceName: '/dev/sdz' }],
              NetworkInterfaces: [{}],
            },
          ],
        },
      ],
    };
    await expect(sdkEc2Port().describeInstance('i-1')).resolves.toEqual({
      instanceId: 'i-1',
      vpcId: 'vpc-1',
      securityGroupIds: ['sg-a', 'sg-b'],
      volumeIds: ['vol-1'],
      networkInterfaceCount: 1,
    });
    expect(sent).toEqual([{ command: 'DescribeInstances', input: { InstanceIds: ['i-1'] } }]);
  });

  test('answers undefined for an unknown instance and rethrows other errors', async () => {
    describeError = Object.assign(new Error('gone'), { name: 'InvalidInstanceID.NotFound' });
    await expect(sdkEc2Port().describeInstance('i-1')).resolves.toBeUndefined();
    describeError = Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' });
    await expect(sdkEc2Port().describeInstance('i-1')).rejects.toThrow('denied');
  });

  test('sends the mutating calls with the expected inputs', async () => {
    const port = sdkEc2Port();
    await port.replaceSecurityGroups('i-1', ['sg-q']);
    await expect(port.createSnapshot('vol-1', 'why', { Case: 'c' })).resolves.toBe('snap-1');
    await port.tagInstance('i-1', { Case: 'x'.repeat(300) });
    expect(sent).toEqual([
      { command: 'ModifyInstanceAttribute', input: { InstanceId: 'i-1', Groups: ['sg-q'] } },
      {
        command: 'CreateSnapshot',
        input: {
          VolumeId: 'vol-1',
          Description: 'why',
          TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'Case', Value: 'c' }] }],
        },
      },
      {
        command: 'CreateTags',
        input: { Resources: ['i-1'], Tags: [{ Key: 'Case', Value: 'x'.repeat(256) }] },
      },
    ]);
  });
});
