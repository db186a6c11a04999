import { Lazy, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { RetentionProfile } from '../../../constructs/core/retention';
import { PhiVpc, type PhiVpcProps } from '../../../constructs/network/phi-vpc';
import { newTestApp, newTestStack } from '../../helpers/app';
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
    const services = ['kms', 'secretsmanager', 'logs', 'ssm', 'ssmmessages', 'ec2messages', 'sts'];
    for (const service of [...services, 'ecr.api', 'ecr.dkr', 'guardduty-data', 'backup']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Interface',
        PrivateDnsEnabled: true,
        ServiceName: Match.stringLikeRegexp(`\\.${service.replace('.', '\\.')}$`),
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
    const network = new PhiVpc(stack, 'Network', {
      internetEgress: true,
      unfilteredInternetEgress: { reason: 'A unit test VPC whose egress path is not what the test is about' },
    });
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
  const build =
    (props: PhiVpcProps, env: { region?: string } = { region: 'us-east-1' }) =>
    () =>
      new PhiVpc(newTestStack({ env: { account: '111122223333', ...env } }), 'Network', props);
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

  test.each([
    '8.8.8.0/24',
    '10.0.0.0/8',
    '10.0.0.0/29',
    '100.64.0.0/16',
    'not-a-cidr',
    '10.0.0.256/16',
    '010.0.0.0/16',
    '10.0.0/16',
    '10.0.0.0/33',
  ])('rejects the CIDR %p', (cidr) => {
    expect(build({ cidr })).toThrow(
      new RegExp(
        `TestStack/Network: 'cidr' must be a literal, private IPv4 CIDR block \\(inside 10\\.0\\.0\\.0/8, 172\\.16\\.0\\.0/12, 192\\.168\\.0\\.0/16\\) from /16 to /28 \\(164\\.312\\(e\\)\\(1\\)\\), got "${escapeRegExp(cidr)}"`,
      ),
    );
  });

  test('rejects a CIDR with host bits set and names the canonical block, instead of rounding it', () => {
    expect(build({ cidr: '10.40.7.9/16' })).toThrow(
      /TestStack\/Network: 'cidr' must be a network address with no host bits set \(did you mean '10\.40\.0\.0\/16'\?\) \(164\.312\(e\)\(1\)\), got "10\.40\.7\.9\/16"/,
    );
    expect(build({ cidr: '172.16.0.0/12' })).toThrow(/'cidr' must be a literal, private IPv4 CIDR block/);
  });

  test('accepts a canonical block and uses it unchanged', () => {
    const stack = newTestStack();
    new PhiVpc(stack, 'Network', { cidr: '10.40.0.0/16' });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.40.0.0/16' });
  });

  test('rejects a block too small for the subnets of every zone, naming the size needed', () => {
    expect(build({ cidr: '10.0.0.0/24' })).toThrow(
      /'cidr' must be \/20 or larger: 2 availability zones of a \/24 data and a \/22 application subnet need 3072 addresses \(164\.308\(a\)\(7\)\(ii\)\(B\)\), got "10\.0\.0\.0\/24"/,
    );
    expect(build({ cidr: '10.0.0.0/20', maxAzs: 4 })).toThrow(/'cidr' must be \/19 or larger/);
    expect(
      build({
        cidr: '10.0.0.0/19',
        maxAzs: 6,
        internetEgress: true,
        unfilteredInternetEgress: {
          reason: 'A unit test VPC whose egress path is not what the test is about',
        },
      }),
    ).toThrow(
      /'cidr' must be \/18 or larger: 6 availability zones .* and a \/26 public subnet need 8576 addresses/,
    );
  });

  test('rejects an unresolved CIDR', () => {
    expect(build({ cidr: Token.asString(Lazy.string({ produce: () => '10.0.0.0/16' })) })).toThrow(
      /'cidr' must be a literal, private IPv4 CIDR block .* got an unresolved token/,
    );
  });

  test.each([1, 7])('rejects %p availability zones', (maxAzs) => {
    expect(build({ maxAzs })).toThrow(
      /'maxAzs' must be an integer from 2 to 6 \(164\.308\(a\)\(7\)\(ii\)\(B\)\)/,
    );
  });

  test('rejects a single explicit availability zone, and duplicates', () => {
    expect(build({ availabilityZones: ['us-east-1a'] })).toThrow(
      /'availabilityZones' must be 2 to 6 distinct availability zones \(164\.308\(a\)\(7\)\(ii\)\(B\)\), got \["us-east-1a"\]/,
    );
    expect(build({ availabilityZones: ['us-east-1a', 'us-east-1a'] })).toThrow(
      /'availabilityZones' must be 2 to 6 distinct availability zones/,
    );
  });

  test('rejects a stack Region that is not an AWS Region', () => {
    expect(build({}, { region: 'us-fake-9' })).toThrow(
      /TestStack\/Network: 'env\.region \(of the stack\)' must be a known AWS Region code such as us-east-1, or an env-agnostic stack \(164\.308\(a\)\(7\)\(ii\)\(B\)\), got "us-fake-9"/,
    );
  });

  test('rejects made-up zones and zones of another Region', () => {
    expect(build({ availabilityZones: ['us-east-1a', 'us-east-1zz', 'eu-west-1a'] })).toThrow(
      /'availabilityZones\[1\]' must be an availability zone \(<region><letter>\) of us-east-1 \(it is not <region><letter> of a known AWS Region\) \(164\.308\(a\)\(7\)\(ii\)\(B\)\), got "us-east-1zz"\n.*'availabilityZones\[2\]' must be an availability zone \(<region><letter>\) of us-east-1 \(it is in eu-west-1, not us-east-1\)/,
    );
  });

  test('in an env-agnostic stack, zones must still belong to a known Region', () => {
    const agnostic = () =>
      new PhiVpc(new Stack(newTestApp(), 'Agnostic'), 'Network', {
        availabilityZones: ['us-fake-9a', 'us-fake-9b'],
      });
    expect(agnostic).toThrow(
      /Agnostic\/Network: 'availabilityZones\[0\]' must be an availability zone \(<region><letter>\) of a known AWS Region \(it is not <region><letter> of a known AWS Region\)/,
    );
    const stack = new Stack(newTestApp(), 'Agnostic');
    expect(() => new PhiVpc(stack, 'Network')).not.toThrow();
  });

  test('rejects unresolved zones, which cannot be shown to differ', () => {
    const zone = Token.asString(Lazy.string({ produce: () => 'us-east-1a' }));
    expect(build({ availabilityZones: [zone, 'us-east-1b'] })).toThrow(
      /'availabilityZones\[0\]' must be .* \(it is an unresolved token, so its Region cannot be checked\)/,
    );
  });

  test('rejects a look-alike retention profile', () => {
    expect(build({ logRetention: { days: 7, logGroupRetention: 7 } as unknown as RetentionProfile })).toThrow(
      /'logRetention' must be a RetentionProfile of at least 2192 days .* \(164\.316\(b\)\(2\)\(i\)\), got \{"days":7,"logGroupRetention":7\}/,
    );
  });
});
