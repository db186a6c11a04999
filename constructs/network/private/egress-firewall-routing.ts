import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import { Construct } from 'constructs';
import { parseIpv4Cidr } from '../../core/ipv4-cidr';
import { acknowledgeBuiltIn } from '../../core/private/acknowledge-built-in';
import { type EgressZone, firewallSubnetCidr } from './egress-firewall-validation';

/**
 * The id of the firewall endpoint in `availabilityZone`. `EndpointIds` lists `"<zone>:<vpce-id>"` in no
 * guaranteed order, so the endpoint is picked by its zone name, not by position: the list is joined as
 * `,us-east-1b:vpce-1,us-east-1a:vpce-2`, split after `,us-east-1a:` and cut at the next comma. The
 * zone must be literal (CloudFormation's `Fn::Split` takes only a literal delimiter); an unknown zone
 * fails the deployment rather than routing to another zone's endpoint.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-networkfirewall-firewall.html#aws-resource-networkfirewall-firewall-return-values
 * @see https://github.com/aws-cloudformation/aws-cloudformation-resource-providers-networkfirewall/issues/15
 */
export function firewallEndpointIn(firewall: nfw.CfnFirewall, availabilityZone: string): string {
  const listed = Fn.join('', [',', Fn.join(',', firewall.attrEndpointIds)]);
  return Fn.select(0, Fn.split(',', Fn.select(1, Fn.split(`,${availabilityZone}:`, listed))));
}

/**
 * Adds the firewall's address space to the VPC (an `AWS::EC2::VPCCidrBlock`) and one /28 firewall
 * subnet per zone in it, with no public IPs on launch and a default route to the zone's NAT gateway.
 */
export function createFirewallSubnets(
  scope: Construct,
  vpc: ec2.Vpc,
  zones: readonly EgressZone[],
  cidrBlock: string,
): ec2.Subnet[] {
  const block = new ec2.CfnVPCCidrBlock(scope, 'FirewallCidrBlock', { vpcId: vpc.vpcId, cidrBlock });
  const parsed = parseIpv4Cidr(cidrBlock);
  if (!parsed) throw new Error(`${scope.node.path}: firewallSubnetCidrBlock ${cidrBlock} was not validated`);
  return zones.map((zone, i) => {
    const subnet = new ec2.Subnet(scope, `FirewallSubnet${i + 1}`, {
      vpcId: vpc.vpcId,
      availabilityZone: zone.availabilityZone,
      cidrBlock: firewallSubnetCidr(parsed, i),
      mapPublicIpOnLaunch: false,
    });
    subnet.node.addDependency(block);
    subnet.addDefaultNatRoute(zone.natGateway.ref);
    return subnet;
  });
}

/**
 * Puts the firewall in both directions of every zone's egress path, within the zone:
 *
 * - each workload subnet's existing `DefaultRoute` (an L1 `AWS::EC2::Route`, changed in place so
 *   cdk-nag and the template rules read the real target) goes to the zone's firewall endpoint instead
 *   of the NAT gateway;
 * - the NAT gateway's subnet routes each workload subnet's block to the same endpoint, so replies pass
 *   the firewall too (a stateful firewall that sees one direction drops the flow).
 *
 * The firewall subnets' own default route to the NAT gateway is made by {@link createFirewallSubnets}.
 */
export function routeThroughFirewall(
  scope: Construct,
  zones: readonly EgressZone[],
  endpointIn: (availabilityZone: string) => string,
): void {
  const returns = new Construct(scope, 'ReturnRoutes');
  for (const zone of zones) {
    const endpoint = endpointIn(zone.availabilityZone);
    for (const { subnet, defaultRoute } of zone.workloadSubnets) {
      defaultRoute.natGatewayId = undefined;
      defaultRoute.vpcEndpointId = endpoint;
      new ec2.CfnRoute(returns, subnet.node.id, {
        routeTableId: zone.natSubnet.routeTable.routeTableId,
        destinationCidrBlock: subnet.ipv4CidrBlock,
        vpcEndpointId: endpoint,
      });
    }
    const internetRoute = zone.natSubnet.node.tryFindChild('DefaultRoute');
    const reason = `The NAT gateway needs this route to the internet gateway; workload traffic reaches the NAT gateway only through the Network Firewall endpoint of ${zone.availabilityZone}, which passes allowed domains only.`;
    if (internetRoute)
      acknowledgeBuiltIn(internetRoute, [
        { ruleId: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', reason },
        { ruleId: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', reason },
      ]);
  }
}
