import { type Stack, type Stage, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  HardenedLaunchTemplate,
  type HardenedLaunchTemplateProps,
} from '../../../constructs/compute/hardened-launch-template';
import { PhiVpc } from '../../../constructs/network/phi-vpc';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const T3_MICRO = new ec2.InstanceType('t3.micro');
const synth = (stack: Stack) => (stack.node.root as Stage).synth();

describe('HardenedLaunchTemplate at its defaults', () => {
  const stack = newTestStack();
  const { vpc } = new PhiVpc(stack, 'Network');
  const web = new HardenedLaunchTemplate(stack, 'Web', { vpc, instanceType: T3_MICRO, patchGroup: 'web' });
  const template = Template.fromStack(stack);
  const data = () =>
    (
      Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0] as {
        Properties: { LaunchTemplateData: Record<string, unknown> };
      }
    ).Properties.LaunchTemplateData;

  test('requires IMDSv2 with a hop limit of 1 and keeps instance tags out of the metadata service', () => {
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: {
          HttpTokens: 'required',
          HttpPutResponseHopLimit: 1,
          HttpEndpoint: 'enabled',
          InstanceMetadataTags: 'disabled',
        },
      }),
    });
  });

  test('encrypts the root volume with its own customer-managed key', () => {
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        BlockDeviceMappings: [
          {
            DeviceName: '/dev/xvda',
            Ebs: {
              Encrypted: true,
              KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebKey'), 'Arn'] },
              VolumeSize: 20,
              VolumeType: 'gp3',
              DeleteOnTermination: true,
            },
          },
        ],
      }),
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('has no key pair and no public IP address, and turns on detailed monitoring', () => {
    expect(data().KeyName).toBeUndefined();
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        KeyName: Match.absent(),
        Monitoring: { Enabled: true },
        NetworkInterfaces: [Match.objectLike({ DeviceIndex: 0, AssociatePublicIpAddress: false })],
      }),
    });
  });

  test('tags instances and volumes with the patch group', () => {
    const specs = data().TagSpecifications as {
      ResourceType: string;
      Tags: { Key: string; Value: string }[];
    }[];
    for (const type of ['instance', 'volume']) {
      expect(specs.find((s) => s.ResourceType === type)?.Tags).toContainEqual({
        Key: 'PatchGroup',
        Value: 'web',
      });
    }
    expect(web.patchGroup).toBe('web');
  });

  test('opens no ingress at all, and only HTTPS egress', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Instances of patch group web: no ingress, HTTPS egress only',
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })],
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('gives instances a role with only AmazonSSMManagedInstanceCore and no inline policy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })],
      }),
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore'],
          ],
        },
      ],
      Policies: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(web);
  });
});

describe('HardenedLaunchTemplate refuses remote-shell ingress at synthesis', () => {
  const setup = () => {
    const stack = newTestStack();
    const { vpc } = new PhiVpc(stack, 'Network');
    const web = new HardenedLaunchTemplate(stack, 'Web', { vpc, instanceType: T3_MICRO, patchGroup: 'web' });
    return { stack, web };
  };

  test.each([
    ['SSH', ec2.Port.tcp(22), 'tcp 22'],
    ['RDP', ec2.Port.tcp(3389), 'tcp 3389'],
    ['a range containing SSH', ec2.Port.tcpRange(20, 25), 'tcp 20-25'],
    ['all traffic', ec2.Port.allTraffic(), 'all traffic'],
  ])('rejects %s added through connections', (_name, port, described) => {
    const { stack, web } = setup();
    web.connections.allowFrom(ec2.Peer.ipv4('10.0.0.0/16'), port);
    expect(() => synth(stack)).toThrow(
      new RegExp(
        `TestStack/Web: the instance security group must not allow ingress on ports 22 or 3389 or all traffic; use Session Manager \\(164\\.312\\(a\\)\\(1\\)\\), got ${described}`,
      ),
    );
  });

  test('accepts application ingress such as HTTPS from a load balancer', () => {
    const { stack, web } = setup();
    web.connections.allowFrom(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(443));
    expect(() => synth(stack)).not.toThrow();
  });
});

describe('HardenedLaunchTemplate rejects invalid props', () => {
  const build = (props: Partial<HardenedLaunchTemplateProps>) => () => {
    const stack = newTestStack();
    const { vpc } = new PhiVpc(stack, 'Network');
    return new HardenedLaunchTemplate(stack, 'Web', {
      vpc,
      instanceType: T3_MICRO,
      patchGroup: 'web',
      ...props,
    });
  };

  test('rejects a root volume smaller than the AMI', () => {
    expect(build({ rootVolumeSizeGiB: 4 })).toThrow(
      /TestStack\/Web: 'rootVolumeSizeGiB' must be an integer from 8 to 16384 \(164\.312\(a\)\(2\)\(iv\)\), got 4/,
    );
  });

  test('rejects a root device name that would leave the real root volume to the account default', () => {
    expect(build({ rootDeviceName: 'xvda' })).toThrow(
      /TestStack\/Web: 'rootDeviceName' must be a root device name such as '\/dev\/xvda' .* \(164\.312\(a\)\(2\)\(iv\)\), got "xvda"/,
    );
  });

  test('rejects a patch group that is a token', () => {
    expect(build({ patchGroup: Token.asString({ Ref: 'Group' }) })).toThrow(
      /TestStack\/Web: 'patchGroup' must be a literal name .* got an unresolved token/,
    );
  });
});

describe('the compliance helper can fail for security groups', () => {
  test('a security group open to SSH from anywhere is flagged by every pack', () => {
    const stack = newTestStack();
    const sg = new ec2.SecurityGroup(stack, 'Open', { vpc: new ec2.Vpc(stack, 'Vpc') });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    expect(collectUnacknowledgedFindings(sg).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining([
        'HIPAA.Security-EC2RestrictedSSH',
        'NIST.800.53.R5-EC2RestrictedSSH',
        'AwsSolutions-EC23',
      ]),
    );
  });
});
