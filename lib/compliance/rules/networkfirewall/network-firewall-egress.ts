import { Citation } from '../../../../constructs/core/citations';
import {
  fail,
  NOT_APPLICABLE,
  type Problem,
  type ResourceView,
  type TemplateRule,
  unverified,
} from '../../template/rule';
import { isSpecial, type TemplateSet } from '../../template/template-set';
import { egressPolicyProblems } from './private/firewall-policy';
import { endpointSource, isFirewallSubnet, subnetsOfTable } from './private/firewall-topology';

const IPV4_DEFAULT = '0.0.0.0/0';
const IPV6_DEFAULT = '::/0';

/** A default route (IPv4 or IPv6) must leave through a firewall endpoint unless only firewall subnets use it. */
function checkRoute(view: ResourceView, set: TemplateSet): Problem[] | typeof NOT_APPLICABLE {
  const v4 = view.get('DestinationCidrBlock');
  const v6 = view.get('DestinationIpv6CidrBlock');
  const nat = view.get('NatGatewayId');
  const egressOnly = view.get('EgressOnlyInternetGatewayId');
  const endpoint = view.get('VpcEndpointId');
  const isDefault = v4 === IPV4_DEFAULT || v6 === IPV6_DEFAULT;
  if (!isDefault) {
    // A NAT route whose destination cannot be read may be the default route.
    const undecided = [v4, v6].find((d) => d !== undefined && isSpecial(d));
    return nat !== undefined && undecided !== undefined
      ? [
          unverified(
            'DestinationCidrBlock',
            undecided,
            `${IPV4_DEFAULT} (or a route that is not a default route)`,
          ),
        ]
      : NOT_APPLICABLE;
  }

  if (endpoint !== undefined) {
    const source = endpointSource(view.resource, set);
    view.note('firewallEndpointOf', source ? `${source.stackName}/${source.logicalId}` : null);
    return source
      ? []
      : [
          unverified(
            'VpcEndpointId',
            endpoint,
            'an endpoint of an AWS::NetworkFirewall::Firewall of the template',
          ),
        ];
  }
  if (egressOnly !== undefined)
    return [
      fail(
        'EgressOnlyInternetGatewayId',
        'the default IPv6 route goes straight to an egress-only internet gateway, bypassing the Network Firewall',
      ),
    ];
  if (nat === undefined) return NOT_APPLICABLE; // internet or VPN gateway, transit gateway, peering …

  const table = set.target(view.get('RouteTableId'));
  if (!table) return [unverified('RouteTableId', view.get('RouteTableId'), 'a route table of the assembly')];
  const subnets = subnetsOfTable(set, table);
  const bypassing = subnets.filter((s) => !isFirewallSubnet(set, s));
  view.note(
    'subnets',
    subnets.map((s) => s.logicalId),
  );
  view.note(
    'subnetsBypassingFirewall',
    bypassing.map((s) => s.logicalId),
  );
  if (subnets.length > 0 && bypassing.length === 0) return [];
  return [
    fail(
      'NatGatewayId',
      subnets.length === 0
        ? `route table ${table.logicalId} sends ${IPV4_DEFAULT} to a NAT gateway but no firewall subnet uses it`
        : `the internet route of ${bypassing.map((s) => s.logicalId).join(', ')} goes straight to a NAT gateway, bypassing the Network Firewall`,
    ),
  ];
}

/**
 * Internet egress from a VPC passes a Network Firewall that allows listed domains only:
 *
 * - every default route (`0.0.0.0/0` or `::/0`) to a NAT gateway is in a route table used only by
 *   firewall subnets (subnets holding a firewall endpoint); a workload subnet's default route instead
 *   goes to a firewall endpoint (`VpcEndpointId` taken from `Fn::GetAtt Firewall.EndpointIds` or a
 *   `VpcEndpointAssociation`'s `EndpointId`), never to an egress-only internet gateway;
 * - every firewall policy sends all packets and fragments to the stateful engine, runs it in strict
 *   order with a drop default (`aws:drop_established` or `aws:drop_strict`), and references a stateful
 *   domain ALLOWLIST on TLS SNI;
 * - every firewall's policy is one of the assembly, so the above can be read.
 *
 * A VPC without NAT gateways (PhiVpc's isolated default) has nothing to judge. Routes to internet
 * gateways (public subnets), transit gateways and VPN gateways are not judged here.
 */
export const NetworkFirewallEgress: TemplateRule = {
  id: 'NetworkFirewallEgress',
  citations: [Citation.TRANSMISSION_SECURITY],
  severity: 'error',
  resourceTypes: [
    'AWS::EC2::Route',
    'AWS::NetworkFirewall::FirewallPolicy',
    'AWS::NetworkFirewall::Firewall',
  ],
  rationale:
    'A workload that can open a connection to any host on the internet can send ePHI anywhere, by mistake or through malware; a firewall that passes only named domains and drops the rest limits where transmitted ePHI can go and records every attempt.',
  fix: 'Use EgressFirewall on the VPC (or PhiVpc egressFirewall), or route each private subnet 0.0.0.0/0 to a Network Firewall endpoint whose policy forwards to the stateful engine, runs in STRICT_ORDER with aws:drop_established, and references a stateful ALLOWLIST domain rule group.',
  check: (view, set) => {
    switch (view.resource.type) {
      case 'AWS::EC2::Route':
        return checkRoute(view, set);
      case 'AWS::NetworkFirewall::FirewallPolicy':
        return egressPolicyProblems(view, set);
      default: {
        const arn = view.get('FirewallPolicyArn');
        return set.target(arn)?.type === 'AWS::NetworkFirewall::FirewallPolicy'
          ? []
          : [unverified('FirewallPolicyArn', arn, 'a firewall policy of the assembly')];
      }
    }
  },
};
