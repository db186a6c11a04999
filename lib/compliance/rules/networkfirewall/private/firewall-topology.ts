import type { Json } from '../../../template/cfn-template';
import { type Resolved, ResourceRef } from '../../../template/resolve';
import type { TemplateResource, TemplateSet } from '../../../template/template-set';

/** The firewall endpoint attributes a route may take its `VpcEndpointId` from, by resource type. */
const ENDPOINT_ATTRIBUTES: Readonly<Record<string, string>> = {
  'AWS::NetworkFirewall::Firewall': 'EndpointIds',
  'AWS::NetworkFirewall::VpcEndpointAssociation': 'EndpointId',
};

/** True for a subnet that holds a Network Firewall endpoint (a firewall's or an endpoint association's). */
export function isFirewallSubnet(set: TemplateSet, subnet: TemplateResource): boolean {
  return (
    set.referrers(subnet, 'AWS::NetworkFirewall::Firewall', 'SubnetMappings[].SubnetId').length > 0 ||
    set.referrers(subnet, 'AWS::NetworkFirewall::VpcEndpointAssociation', 'SubnetMapping.SubnetId').length > 0
  );
}

/** The subnets of the assembly associated with a route table. */
export function subnetsOfTable(set: TemplateSet, table: TemplateResource): TemplateResource[] {
  return set
    .referrers(table, 'AWS::EC2::SubnetRouteTableAssociation', 'RouteTableId')
    .flatMap((a) => set.target(a.properties.SubnetId) ?? [])
    .filter((s) => s.type === 'AWS::EC2::Subnet');
}

/**
 * The Network Firewall resource a route's `VpcEndpointId` is taken from, read in the raw template: the
 * value that picks one zone's endpoint out of `Fn::GetAtt Firewall.EndpointIds` (`Fn::Select` of
 * `Fn::Split` of `Fn::Join`) cannot be evaluated at synth, but the attribute it reads can be named.
 */
export function endpointSource(route: TemplateResource, set: TemplateSet): TemplateResource | undefined {
  const raw = route.json.Properties?.VpcEndpointId;
  for (const [logicalId, attribute] of getAtts(raw)) {
    const target = set.target(new ResourceRef(route.stackName, logicalId));
    if (target && ENDPOINT_ATTRIBUTES[target.type] === attribute) return target;
  }
  return undefined;
}

/** Every `[logicalId, attribute]` of an `Fn::GetAtt` inside a raw template value. */
function getAtts(value: Json | undefined): [string, string][] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(getAtts);
  const object = value as { readonly [key: string]: Json };
  const getAtt = object['Fn::GetAtt'];
  if (typeof getAtt === 'string') {
    const [id, attribute] = getAtt.split(/\.(.*)/s);
    if (id && attribute) return [[id, attribute]];
  }
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && typeof getAtt[1] === 'string')
    return [[getAtt[0], getAtt[1]]];
  return Object.values(object).flatMap(getAtts);
}

/** The items of a resolved list, or none. */
export const listOf = (value: Resolved | undefined): Resolved[] => (Array.isArray(value) ? [...value] : []);
