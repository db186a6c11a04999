import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HardenedInstance } from '../../../constructs/compute/hardened-instance';
import { PhiVpc } from '../../../constructs/network/phi-vpc';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const T3_MICRO = new ec2.InstanceType('t3.micro');

describe('HardenedInstance at its defaults', () => {
  const stack = newTestStack();
  const network = new PhiVpc(stack, 'Network');
  const app = new HardenedInstance(stack, 'App', {
    vpc: network.vpc,
    instanceType: T3_MICRO,
    patchGroup: 'app',
  });
  const template = Template.fromStack(stack);

  test('launches from the hardened template into an application subnet without a public IP', () => {
    template.hasResourceProperties('AWS::EC2::Instance', {
      LaunchTemplate: {
        LaunchTemplateId: { Ref: Match.stringLikeRegexp('^AppTemplateLaunchTemplate') },
        Version: {
          'Fn::GetAtt': [Match.stringLikeRegexp('^AppTemplateLaunchTemplate'), 'LatestVersionNumber'],
        },
      },
      NetworkInterfaces: [
        {
          DeviceIndex: '0',
          AssociatePublicIpAddress: false,
          SubnetId: { Ref: Match.stringLikeRegexp('^NetworkVpcapplicationSubnet1') },
          GroupSet: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^AppTemplateSecurityGroup'), 'GroupId'] }],
        },
      ],
      KeyName: Match.absent(),
    });
  });

  test('has detailed monitoring, termination protection, the instance profile and the patch-group tag', () => {
    template.hasResourceProperties('AWS::EC2::Instance', {
      Monitoring: true,
      DisableApiTermination: true,
      IamInstanceProfile: { Ref: Match.stringLikeRegexp('^AppTemplateInstanceProfile') },
      Tags: Match.arrayWith([{ Key: 'PatchGroup', Value: 'app' }]),
    });
  });

  test('inherits IMDSv2 and the encrypted root volume from the template', () => {
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: Match.objectLike({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 }),
        BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ Encrypted: true }) })],
      }),
    });
  });

  test('has no unacknowledged findings; the VPC-placement exception carries its reason', () => {
    expectNoUnacknowledgedFindings(app);
  });
});

describe('HardenedInstance rejects invalid props', () => {
  test('rejects public subnets', () => {
    const stack = newTestStack();
    const network = new PhiVpc(stack, 'Network', {
      internetEgress: true,
      unfilteredInternetEgress: { reason: 'A unit test VPC whose egress path is not what the test is about' },
    });
    expect(
      () =>
        new HardenedInstance(stack, 'App', {
          vpc: network.vpc,
          instanceType: T3_MICRO,
          patchGroup: 'app',
          vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
        }),
    ).toThrow(
      /TestStack\/App: 'vpcSubnets' must be at least one subnet, none of them public .* \(164\.312\(e\)\(1\)\), got \{"subnetType":"Public"\}/,
    );
  });

  test('checks the template props before creating anything', () => {
    const stack = newTestStack();
    const network = new PhiVpc(stack, 'Network');
    expect(
      () =>
        new HardenedInstance(stack, 'App', {
          vpc: network.vpc,
          instanceType: T3_MICRO,
          patchGroup: 'app',
          rootVolumeSizeGiB: 100000,
        }),
    ).toThrow(/TestStack\/App: 'rootVolumeSizeGiB' must be an integer from 8 to 16384 .* got 100000/);
    expect(stack.node.tryFindChild('App')).toBeUndefined();
  });
});

describe('the compliance helper can fail for instances', () => {
  test('a default ec2.Instance is flagged for IMDSv1, monitoring and unencrypted volumes', () => {
    const stack = newTestStack();
    const plain = new ec2.Instance(stack, 'Plain', {
      vpc: new ec2.Vpc(stack, 'Vpc'),
      instanceType: T3_MICRO,
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    });
    expect(collectUnacknowledgedFindings(plain).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining([
        'HIPAA.Security-EC2IMDSv2Enabled',
        'HIPAA.Security-EC2InstanceDetailedMonitoringEnabled',
        'AwsSolutions-EC26',
      ]),
    );
  });
});
