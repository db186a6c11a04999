import { Lazy, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import { RetentionProfile } from '../../../constructs/core/retention';
import { EgressFirewall, type EgressFirewallProps } from '../../../constructs/network/egress-firewall';
import { PhiVpc } from '../../../constructs/network/phi-vpc';
import { evaluateTemplateEvidence } from '../../../lib/compliance/evaluate';
import { newTestApp, newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const DOMAINS = ['api.example.com', '.ubuntu.com'];
/** The `VpcEndpointId` EgressFirewall writes for `zone`: the endpoint picked by zone name, not position. */
const endpointIn = (zone: string) => ({
  'Fn::Select': [
    0,
    {
      'Fn::Split': [
        ',',
        {
          'Fn::Select': [
            1,
            {
              'Fn::Split': [
                `,${zone}:`,
                {
                  'Fn::Join': [
                    '',
                    [
                      ',',
                      {
                        'Fn::Join': [
                          ',',
                          { 'Fn::GetAtt': [Match.stringLikeRegexp('^EgressFirewall'), 'EndpointIds'] },
                        ],
                      },
                    ],
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
});
const ref = (prefix: string) => ({ Ref: Match.stringLikeRegexp(`^${prefix}`) });

describe('EgressFirewall at its defaults', () => {
  const stack = newTestStack();
  const network = new PhiVpc(stack, 'Vpc', {
    internetEgress: true,
    unfilteredInternetEgress: { reason: 'A unit test VPC whose egress path is not what the test is about' },
  });
  const egress = new EgressFirewall(stack, 'Egress', { vpc: network.vpc, allowedDomains: DOMAINS });
  const template = Template.fromStack(stack);

  test('adds a secondary block with one /28 firewall subnet per zone, routed to that zone’s NAT gateway', () => {
    template.hasResourceProperties('AWS::EC2::VPCCidrBlock', {
      CidrBlock: '100.64.0.0/26',
      VpcId: ref('Vpc'),
    });
    template.hasResourceProperties('AWS::EC2::Subnet', {
      AvailabilityZone: 'dummy1a',
      CidrBlock: '100.64.0.0/28',
      MapPublicIpOnLaunch: false,
    });
    template.hasResourceProperties('AWS::EC2::Subnet', {
      AvailabilityZone: 'dummy1b',
      CidrBlock: '100.64.0.16/28',
    });
    template.hasResourceProperties('AWS::EC2::Route', {
      RouteTableId: ref('EgressFirewallSubnet2RouteTable'),
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: ref('VpcpublicSubnet2NATGateway'),
    });
    expect(egress.firewallSubnets.map((s) => s.availabilityZone)).toEqual(['dummy1a', 'dummy1b']);
  });

  test('sends each workload subnet’s existing default route to the firewall endpoint of its own zone', () => {
    for (const [i, zone] of ['dummy1a', 'dummy1b'].entries()) {
      template.hasResourceProperties('AWS::EC2::Route', {
        RouteTableId: ref(`VpcapplicationSubnet${i + 1}RouteTable`),
        DestinationCidrBlock: '0.0.0.0/0',
        VpcEndpointId: endpointIn(zone),
        NatGatewayId: Match.absent(),
      });
    }
  });

  test('routes replies from each NAT subnet back through the same zone’s endpoint (symmetric)', () => {
    template.hasResourceProperties('AWS::EC2::Route', {
      RouteTableId: ref('VpcpublicSubnet1RouteTable'),
      DestinationCidrBlock: '10.0.4.0/22',
      VpcEndpointId: endpointIn('dummy1a'),
    });
    template.hasResourceProperties('AWS::EC2::Route', {
      RouteTableId: ref('VpcpublicSubnet2RouteTable'),
      DestinationCidrBlock: '10.0.8.0/22',
      VpcEndpointId: endpointIn('dummy1b'),
    });
    // Data subnets are isolated: no route of theirs changes.
    template.resourcePropertiesCountIs('AWS::EC2::Route', { RouteTableId: ref('VpcdataSubnet') }, 0);
  });

  test('allows the domains by TLS SNI and HTTP Host, and drops UDP and ICMP egress', () => {
    template.hasResourceProperties('AWS::NetworkFirewall::RuleGroup', {
      Type: 'STATEFUL',
      RuleGroup: {
        RulesSource: {
          RulesSourceList: {
            GeneratedRulesType: 'ALLOWLIST',
            TargetTypes: ['TLS_SNI', 'HTTP_HOST'],
            Targets: DOMAINS,
          },
        },
        StatefulRuleOptions: { RuleOrder: 'STRICT_ORDER' },
      },
    });
    const header = (Protocol: string) =>
      Match.objectLike({ Action: 'DROP', Header: Match.objectLike({ Protocol, Source: '$HOME_NET' }) });
    template.hasResourceProperties('AWS::NetworkFirewall::RuleGroup', {
      RuleGroup: { RulesSource: { StatefulRules: [header('UDP'), header('ICMP')] } },
    });
  });

  test('drops everything no rule passed, in strict order, with stateless traffic forwarded', () => {
    template.hasResourceProperties('AWS::NetworkFirewall::FirewallPolicy', {
      FirewallPolicy: {
        StatelessDefaultActions: ['aws:forward_to_sfe'],
        StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        StatelessRuleGroupReferences: Match.absent(),
        StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER', StreamExceptionPolicy: 'DROP' },
        StatefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        StatefulRuleGroupReferences: [
          {
            Priority: 1,
            ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EgressAllowedDomains'), 'RuleGroupArn'] },
          },
          {
            Priority: 2,
            ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EgressProtocolRules'), 'RuleGroupArn'] },
          },
        ],
        PolicyVariables: { RuleVariables: { HOME_NET: { Definition: ['10.0.4.0/22', '10.0.8.0/22'] } } },
      },
    });
  });

  test('protects the firewall from deletion, policy and subnet changes', () => {
    template.hasResourceProperties('AWS::NetworkFirewall::Firewall', {
      DeleteProtection: true,
      FirewallPolicyChangeProtection: true,
      SubnetChangeProtection: true,
      VpcId: ref('Vpc'),
      SubnetMappings: [
        { SubnetId: ref('EgressFirewallSubnet1') },
        { SubnetId: ref('EgressFirewallSubnet2') },
      ],
    });
  });

  test('logs ALERT and FLOW to KMS-encrypted log groups kept six years and retained', () => {
    template.hasResourceProperties('AWS::NetworkFirewall::LoggingConfiguration', {
      LoggingConfiguration: {
        LogDestinationConfigs: [
          {
            LogType: 'ALERT',
            LogDestinationType: 'CloudWatchLogs',
            LogDestination: { logGroup: ref('EgressAlertLogs') },
          },
          {
            LogType: 'FLOW',
            LogDestinationType: 'CloudWatchLogs',
            LogDestination: { logGroup: ref('EgressFlowLogs') },
          },
        ],
      },
    });
    const encrypted = { 'Fn::GetAtt': [Match.stringLikeRegexp('^EgressLogsKey'), 'Arn'] };
    template.resourcePropertiesCountIs(
      'AWS::Logs::LogGroup',
      { RetentionInDays: 2192, KmsKeyId: encrypted },
      2,
    );
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { KmsKeyId: encrypted }, 2);
    const ours = Object.values(
      template.findResources('AWS::Logs::LogGroup', { Properties: { KmsKeyId: encrypted } }),
    );
    expect(ours.map((g) => [g.DeletionPolicy, g.UpdateReplacePolicy])).toEqual([
      ['Retain', 'Retain'],
      ['Retain', 'Retain'],
    ]);
    expect(egress.flowLogGroup.encryptionKey).toBe(egress.alertLogGroup.encryptionKey);
    expect(egress.alertLogGroup.retention).toBe(RetentionProfile.SIX_YEARS);
  });

  test('gives the endpoint of a zone it covers, and refuses others', () => {
    const route = network.vpc.privateSubnets[1]?.node.findChild('DefaultRoute') as ec2.CfnRoute;
    expect(stack.resolve(egress.endpointIdIn('dummy1b'))).toEqual(stack.resolve(route.vpcEndpointId));
    expect(stack.resolve(egress.endpointIdIn('dummy1a'))).not.toEqual(stack.resolve(route.vpcEndpointId));
    expect(() => egress.endpointIdIn('us-east-1f')).toThrow(
      /TestStack\/Egress: the firewall has no endpoint in "us-east-1f"; its zones are dummy1a, dummy1b/,
    );
  });

  test('has no unacknowledged findings: the NAT subnets’ internet routes are acknowledged as filtered', () => {
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('EgressFirewall options', () => {
  test('uses a given block of the VPC’s own private range, and never-expiring logs', () => {
    const stack = newTestStack();
    const network = new PhiVpc(stack, 'Vpc', {
      internetEgress: true,
      unfilteredInternetEgress: { reason: 'A unit test VPC whose egress path is not what the test is about' },
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    });
    new EgressFirewall(stack, 'Egress', {
      vpc: network.vpc,
      allowedDomains: DOMAINS,
      firewallSubnetCidrBlock: '10.1.0.0/26',
      logRetention: RetentionProfile.INDEFINITE,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPCCidrBlock', { CidrBlock: '10.1.0.0/26' });
    template.hasResourceProperties('AWS::EC2::Subnet', {
      AvailabilityZone: 'us-east-1c',
      CidrBlock: '10.1.0.32/28',
    });
    template.hasResourceProperties('AWS::EC2::Route', {
      RouteTableId: ref('VpcapplicationSubnet3RouteTable'),
      VpcEndpointId: endpointIn('us-east-1c'),
    });
    template.resourcePropertiesCountIs(
      'AWS::Logs::LogGroup',
      {
        RetentionInDays: Match.absent(),
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EgressLogsKey'), 'Arn'] },
      },
      2,
    );
  });
});

describe('EgressFirewall rejects insecure or invalid props', () => {
  const build =
    (props: Partial<EgressFirewallProps>, vpcOf: (stack: Stack) => ec2.Vpc = egressVpc) =>
    () => {
      const stack = newTestStack();
      return new EgressFirewall(stack, 'Egress', { vpc: vpcOf(stack), allowedDomains: DOMAINS, ...props });
    };

  test('fails if allowedDomains is empty', () => {
    expect(build({ allowedDomains: [] })).toThrow(
      /TestStack\/Egress: 'allowedDomains' must be a list of 1 to 250 distinct domains .* everything else is dropped \(164\.312\(e\)\(1\)\), got \[\]/,
    );
  });

  test('fails if allowedDomains repeats a domain', () => {
    expect(build({ allowedDomains: ['a.example.com', 'a.example.com'] })).toThrow(
      /'allowedDomains' must be a list of 1 to 250 distinct domains/,
    );
  });

  test.each([
    ['*.example.com', /uses '\*': write '\.example\.com' for a domain and its subdomains/],
    ['API.example.com', /has uppercase letters: write 'api\.example\.com'/],
    ['example.com.', /ends with a dot/],
    ['10.0.0.1', /is not a hostname of two or more labels/],
    ['localhost', /is not a hostname of two or more labels/],
    ['.com', /is not a hostname of two or more labels/],
    ['-bad.example.com', /is not a hostname of two or more labels/],
  ])('fails if an allowed domain is %p', (domain, why) => {
    const thrown = build({ allowedDomains: ['ok.example.com', domain] });
    expect(thrown).toThrow(
      /TestStack\/Egress: 'allowedDomains\[1\]' must be a lowercase hostname such as 'api\.example\.com', or '\.example\.com' for example\.com and its subdomains \(it .*\) \(164\.312\(e\)\(1\)\), got "/,
    );
    expect(thrown).toThrow(why);
  });

  test('fails if an allowed domain is an unresolved token', () => {
    expect(
      build({ allowedDomains: [Token.asString(Lazy.string({ produce: () => 'a.example.com' }))] }),
    ).toThrow(
      /'allowedDomains\[0\]' must be a lowercase hostname .*\(it is an unresolved token\).* got an unresolved token/,
    );
  });

  test.each([
    ['100.64.0.1/26', /in canonical form \(did you mean '100\.64\.0\.0\/26'\?\)/],
    ['100.64.0.0/28', /\/16 to \/27 \(a \/28 firewall subnet for each of 2 zones\)/],
    [
      '192.168.0.0/26',
      /inside 100\.64\.0\.0\/10 or 10\.0\.0\.0\/8 and not overlapping the VPC's 10\.0\.0\.0\/16/,
    ],
    ['10.0.128.0/26', /not overlapping the VPC's 10\.0\.0\.0\/16/],
    ['not-a-cidr', /a literal IPv4 block/],
  ])('fails if firewallSubnetCidrBlock is %p', (cidr, why) => {
    const thrown = build({ firewallSubnetCidrBlock: cidr });
    expect(thrown).toThrow(
      new RegExp(
        `TestStack/Egress: 'firewallSubnetCidrBlock' must be a literal IPv4 block .* \\(164\\.312\\(e\\)\\(1\\)\\), got "${cidr.replace(/[./]/g, '\\$&')}"`,
      ),
    );
    expect(thrown).toThrow(why);
  });

  test('fails if the VPC has no NAT egress (PhiVpc at its isolated default)', () => {
    expect(build({}, (stack) => new PhiVpc(stack, 'Vpc').vpc)).toThrow(
      /TestStack\/Egress: 'vpc' must be a VPC with private subnets that have NAT egress \(PhiVpc with internetEgress: true\) \(164\.312\(e\)\(1\)\), got "TestStack\/Vpc\/Vpc"/,
    );
  });

  test('fails if a zone has no NAT gateway of its own', () => {
    const oneNat = (stack: Stack) =>
      new ec2.Vpc(stack, 'Vpc', {
        maxAzs: 2,
        natGateways: 1,
        subnetConfiguration: [
          { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
          { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        ],
      });
    expect(build({}, oneNat)).toThrow(
      /'vpc' must be a NAT gateway in every zone with private subnets \(natGateways equal to the zone count\); dummy1b has none/,
    );
  });

  test('fails if the availability zones are unresolved (an env-agnostic stack)', () => {
    const stack = new Stack(newTestApp(), 'Agnostic');
    const network = new PhiVpc(stack, 'Vpc', {
      internetEgress: true,
      unfilteredInternetEgress: { reason: 'A unit test VPC whose egress path is not what the test is about' },
    });
    expect(() => new EgressFirewall(stack, 'Egress', { vpc: network.vpc, allowedDomains: DOMAINS })).toThrow(
      /Agnostic\/Egress: 'vpc' must be a VPC with literal availability zones \(a stack with a concrete env, or PhiVpc's availabilityZones\)/,
    );
  });

  test('fails if the VPC is imported, or already has an EgressFirewall', () => {
    const imported = (stack: Stack) =>
      ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
        vpcId: 'vpc-1',
        availabilityZones: ['us-east-1a'],
      }) as ec2.Vpc;
    expect(build({}, imported)).toThrow(
      /'vpc' must be an ec2\.Vpc of this app \(e\.g\. PhiVpc\.vpc\), not an imported VPC/,
    );
    const stack = newTestStack();
    const vpc = egressVpc(stack);
    new EgressFirewall(stack, 'First', { vpc, allowedDomains: DOMAINS });
    expect(() => new EgressFirewall(stack, 'Second', { vpc, allowedDomains: DOMAINS })).toThrow(
      /'vpc' must be private subnets whose DefaultRoute goes to the NAT gateway of their zone; TestStack\/Vpc\/Vpc\/applicationSubnet1's does not \(is another EgressFirewall already applied\?\)/,
    );
  });

  test('fails if logRetention is a look-alike object, and builds nothing', () => {
    const stack = newTestStack();
    const vpc = egressVpc(stack);
    const lookAlike = { days: 7, logGroupRetention: 7 } as unknown as RetentionProfile;
    expect(
      () => new EgressFirewall(stack, 'Egress', { vpc, allowedDomains: DOMAINS, logRetention: lookAlike }),
    ).toThrow(
      /'logRetention' must be a RetentionProfile of at least 2192 days .* \(164\.316\(b\)\(2\)\(i\)\)/,
    );
    expect(stack.node.tryFindChild('Egress')).toBeUndefined();
  });
});

describe('the egress template rule catches what the firewall prevents', () => {
  test('a PhiVpc with internet egress and no firewall fails NetworkFirewallEgress on each application subnet', () => {
    const stack = newTestStack();
    new PhiVpc(stack, 'Vpc', {
      internetEgress: true,
      unfilteredInternetEgress: { reason: 'A unit test VPC whose egress path is not what the test is about' },
    });
    // unfilteredInternetEgress acknowledges the rule with its reason; the findings are still there.
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).not.toContain(
      'TemplateEvidence-NetworkFirewallEgress',
    );
    const egress = evaluateTemplateEvidence(stack).filter(
      (f) => f.ruleName === 'TemplateEvidence-NetworkFirewallEgress',
    );
    expect(egress.every((f) => f.acknowledgment !== undefined)).toBe(true);
    expect(egress.map((f) => f.constructPath).sort()).toEqual([
      'TestStack/Vpc/Vpc/applicationSubnet1/DefaultRoute',
      'TestStack/Vpc/Vpc/applicationSubnet2/DefaultRoute',
    ]);
  });

  test('a policy overridden to pass what no rule matched fails it too', () => {
    const stack = newTestStack();
    const network = new PhiVpc(stack, 'Vpc', {
      internetEgress: true,
      unfilteredInternetEgress: { reason: 'A unit test VPC whose egress path is not what the test is about' },
    });
    const egress = new EgressFirewall(stack, 'Egress', { vpc: network.vpc, allowedDomains: DOMAINS });
    (egress.policy as nfw.CfnFirewallPolicy).addPropertyOverride('FirewallPolicy.StatefulDefaultActions', [
      'aws:alert_established',
    ]);
    expect(collectUnacknowledgedFindings(stack).map((f) => `${f.ruleName} ${f.constructPath}`)).toEqual([
      'TemplateEvidence-NetworkFirewallEgress TestStack/Egress/Policy',
    ]);
  });
});

/** A PhiVpc with internet egress in `stack`. */
function egressVpc(stack: Stack): ec2.Vpc {
  return new PhiVpc(stack, 'Vpc', {
    internetEgress: true,
    unfilteredInternetEgress: { reason: 'A unit test VPC whose egress path is not what the test is about' },
  }).vpc;
}
