import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { RELAXATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import { PhiVpc, type PhiVpcProps } from '../../../constructs/network/phi-vpc';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const ZONES = ['us-east-1a', 'us-east-1b'];
const relaxations = (network: PhiVpc) =>
  network.node.metadata.filter((m) => m.type === RELAXATION_METADATA_KEY).map((m) => m.data.setting);

describe('PhiVpc internetIngress', () => {
  const stack = newTestStack();
  const network = new PhiVpc(stack, 'Network', {
    internetIngress: { reason: 'The patient portal load balancer answers patients on the internet' },
  });
  const template = Template.fromStack(stack);

  test('adds public subnets with an internet gateway but no NAT gateway, and no public IPs on launch', () => {
    template.resourceCountIs('AWS::EC2::InternetGateway', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    expect(network.vpc.publicSubnets).toHaveLength(2);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
  });

  test('application and data subnets keep no internet route', () => {
    const routes = Object.entries(template.findResources('AWS::EC2::Route'));
    const internet = routes.filter(([, r]) => r.Properties.DestinationCidrBlock === '0.0.0.0/0');
    expect(internet.map(([id]) => id).every((id) => id.includes('public'))).toBe(true);
    expect(internet).toHaveLength(2);
  });

  test('records the relaxation and has no unacknowledged findings', () => {
    expect(relaxations(network)).toEqual(['internetIngress']);
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('PhiVpc internetEgress through the egress firewall', () => {
  const stack = newTestStack();
  const network = new PhiVpc(stack, 'Network', {
    availabilityZones: ZONES,
    internetEgress: true,
    egressFirewall: { allowedDomains: ['api.partner.example.org'] },
  });
  const template = Template.fromStack(stack);

  test('creates the Network Firewall and routes application egress through it', () => {
    expect(network.egressFirewall).toBeDefined();
    template.resourceCountIs('AWS::NetworkFirewall::Firewall', 1);
    expect(relaxations(network)).toEqual(['internetEgress']);
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('PhiVpc unfilteredInternetEgress', () => {
  test('records the relaxation; without it, NetworkFirewallEgress fails the unfiltered routes', () => {
    const stack = newTestStack();
    const network = new PhiVpc(stack, 'Network', {
      internetEgress: true,
      unfilteredInternetEgress: { reason: 'A sandbox account with synthetic records only, until 2027-03' },
    });
    expect(relaxations(network)).toEqual(['internetEgress', 'unfilteredInternetEgress']);
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('PhiVpc rejects unsafe internet access', () => {
  const build = (props: PhiVpcProps) => () => new PhiVpc(newTestStack(), 'Network', props);

  test('fails if internetEgress has neither a firewall nor a stated reason, or both', () => {
    expect(build({ internetEgress: true })).toThrow(
      /TestStack\/Network: 'egressFirewall' must be with internetEgress, exactly one of egressFirewall: \{ allowedDomains \}.* or unfilteredInternetEgress: \{ reason \} \(164\.312\(e\)\(1\)\), got "neither egressFirewall nor unfilteredInternetEgress"/,
    );
    expect(
      build({
        internetEgress: true,
        egressFirewall: { allowedDomains: ['api.example.org'] },
        unfilteredInternetEgress: { reason: 'Both at once cannot be what anyone meant here' },
      }),
    ).toThrow(/'egressFirewall' must be with internetEgress, exactly one of .* got "both"/);
  });

  test('fails if a firewall or an unfiltered reason is given without internetEgress', () => {
    expect(build({ egressFirewall: { allowedDomains: ['api.example.org'] } })).toThrow(
      /'egressFirewall' must be absent unless internetEgress is true/,
    );
    expect(
      build({ unfilteredInternetEgress: { reason: 'There is no egress here to leave unfiltered' } }),
    ).toThrow(/'unfilteredInternetEgress' must be absent unless internetEgress is true/);
  });

  test('fails if a relaxation reason is short', () => {
    expect(build({ internetIngress: { reason: 'portal' } })).toThrow(
      /'internetIngress\.reason' must be a specific reason of at least 20 characters, not boilerplate \(164\.312\(e\)\(1\)\), got "portal"/,
    );
  });

  test('the findings helper does fail an internet-ingress VPC whose acknowledgment is missing', () => {
    const stack = newTestStack();
    const network = new PhiVpc(stack, 'Network', {
      internetIngress: { reason: 'The patient portal load balancer answers patients on the internet' },
    });
    // A second public route the construct did not make (and so did not acknowledge).
    const subnet = network.vpc.publicSubnets[0] as ec2.PublicSubnet;
    subnet.node.tryRemoveChild('DefaultRoute');
    subnet.addDefaultInternetRoute(network.vpc.internetGatewayId ?? '', network.vpc);
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toContain(
      'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
    );
  });
});
