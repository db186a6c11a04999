import { Match, Template } from 'aws-cdk-lib/assertions';
import { PhiVpc, type PhiVpcProps } from '../../../constructs/network/phi-vpc';
import { newTestStack } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';

describe('PhiVpc at its defaults', () => {
  const stack = newTestStack();
  const network = new PhiVpc(stack, 'Network');
  const template = Template.fromStack(stack);

  test('has isolated data and application subnets in two AZs and no public subnets', () => {
    expect(network.vpc.isolatedSubnets).toHaveLength(4);
    expect(network.vpc.publicSubnets).toHaveLength(0);
    expect(new Set(network.vpc.isolatedSubnets.map((s) => s.availabilityZone)).size).toBe(2);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
  });

  test('restricts the default security group', () => {
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('logs ALL traffic to a KMS-encrypted log group kept six years', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 2192,
    });
  });

  test('the flow-log role has a customer-managed policy scoped to the log group, no inline policy', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('FlowLogs'), 'Arn'] },
          }),
        ],
      },
    });
  });

  test('has S3 and DynamoDB gateway endpoints and private interface endpoints', () => {
    template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' }, 2);
    for (const service of ['kms', 'secretsmanager', 'logs', 'ssm', 'ssmmessages', 'ec2messages', 'sts']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Interface',
        PrivateDnsEnabled: true,
        ServiceName: Match.stringLikeRegexp(`\\.${service}$`),
      });
    }
  });

  test('endpoint security group allows only HTTPS from the VPC CIDR', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'HTTPS from inside the VPC to AWS service interface endpoints',
      SecurityGroupIngress: [
        {
          CidrIp: '10.0.0.0/16',
          FromPort: 443,
          ToPort: 443,
          IpProtocol: 'tcp',
          Description: Match.anyValue(),
        },
      ],
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('0.0.0.0/0');
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(network);
  });
});

describe('PhiVpc options', () => {
  test('internetEgress adds public subnets with NAT and gives application subnets egress', () => {
    const stack = newTestStack();
    const network = new PhiVpc(stack, 'Network', { internetEgress: true });
    expect(network.vpc.publicSubnets).toHaveLength(2);
    expect(network.vpc.privateSubnets).toHaveLength(2);
    expect(network.vpc.isolatedSubnets).toHaveLength(2);
    Template.fromStack(stack).resourceCountIs('AWS::EC2::NatGateway', 2);
  });

  test('explicit availability zones need no lookup', () => {
    const stack = newTestStack();
    const network = new PhiVpc(stack, 'Network', {
      availabilityZones: ['us-east-1b', 'us-east-1c', 'us-east-1d'],
    });
    expect(network.vpc.availabilityZones).toEqual(['us-east-1b', 'us-east-1c', 'us-east-1d']);
  });
});

describe('PhiVpc rejects invalid props', () => {
  const build = (props: PhiVpcProps) => () => new PhiVpc(newTestStack(), 'Network', props);

  test.each(['8.8.8.0/24', '10.0.0.0/8', '10.0.0.0/28', 'not-a-cidr'])('rejects the CIDR %p', (cidr) => {
    expect(build({ cidr })).toThrow(
      new RegExp(
        `TestStack/Network: 'cidr' must be a private IPv4 CIDR .* \\(164\\.312\\(e\\)\\(1\\)\\), got "${cidr.replace(/[./]/g, '\\$&')}"`,
      ),
    );
  });

  test.each([1, 7])('rejects %p availability zones', (maxAzs) => {
    expect(build({ maxAzs })).toThrow(
      /'maxAzs' must be an integer from 2 to 6 \(164\.308\(a\)\(7\)\(ii\)\(B\)\)/,
    );
  });

  test('rejects a single explicit availability zone', () => {
    expect(build({ availabilityZones: ['us-east-1a'] })).toThrow(
      /'availabilityZones' must be at least two distinct availability zones/,
    );
  });
});
