import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Citation } from '../../core/citations';
import {
  cidrContains,
  type Ipv4Cidr,
  ipv4ToString,
  PRIVATE_IPV4_RANGES,
  parseIpv4Cidr,
  prefixHolding,
  VPC_PREFIX_RANGE,
} from '../../core/ipv4-cidr';
import { checkRetentionProfile } from '../../core/retention';
import type { PropsCheck } from '../../core/validation';
import type { EgressFirewallProps } from '../egress-firewall';

/** Prefix length of each firewall subnet: one /28 per availability zone, the smallest subnet AWS allows. */
export const FIREWALL_SUBNET_PREFIX = 28;
/** The shared address space (RFC 6598) the default firewall block is taken from. */
export const SHARED_ADDRESS_SPACE = '100.64.0.0/10';
/** Most domains one allow-list takes: the rule group's fixed capacity leaves room for each. */
export const MAX_ALLOWED_DOMAINS = 250;

/** One availability zone of the VPC, as the firewall needs it. */
export interface EgressZone {
  /** The zone name, e.g. `us-east-1a` (always literal: endpoints are picked by it). */
  readonly availabilityZone: string;
  /** The private (workload) subnets of the zone, each with its `DefaultRoute` to the zone's NAT gateway. */
  readonly workloadSubnets: readonly { readonly subnet: ec2.ISubnet; readonly defaultRoute: ec2.CfnRoute }[];
  /** The public subnet holding the zone's NAT gateway. */
  readonly natSubnet: ec2.PublicSubnet;
  /** The zone's NAT gateway. */
  readonly natGateway: ec2.CfnNatGateway;
}

// A hostname of two or more labels, lowercase, the last label starting with a letter (so no IP addresses),
// optionally led by a dot: `.example.com` matches example.com and every subdomain.
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN = new RegExp(`^\\.?(?:${LABEL}\\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$`);

/** What is wrong with one allow-list entry, or `undefined` when it is a valid domain. */
export function domainProblem(domain: unknown): string | undefined {
  if (typeof domain !== 'string') return 'is not a string';
  if (Token.isUnresolved(domain)) return 'is an unresolved token';
  if (domain.startsWith('*'))
    return `uses '*': write '${domain.replace(/^\*\.?/, '.')}' for a domain and its subdomains`;
  if (domain !== domain.toLowerCase()) return `has uppercase letters: write '${domain.toLowerCase()}'`;
  if (domain.endsWith('.')) return 'ends with a dot';
  if (domain.replace(/^\./, '').length > 253) return 'is longer than 253 characters';
  if (!DOMAIN.test(domain)) return 'is not a hostname of two or more labels (a-z, 0-9, inner hyphens)';
  return undefined;
}

/** The default firewall block: `100.64.0.0` sized for one /28 per zone, /26 at least. */
export function defaultFirewallCidr(zoneCount: number): string {
  return `100.64.0.0/${Math.min(26, prefixHolding(zoneCount * 2 ** (32 - FIREWALL_SUBNET_PREFIX)))}`;
}

/** The `index`-th /28 of `block`. */
export function firewallSubnetCidr(block: Ipv4Cidr, index: number): string {
  const network = block.address - (block.address % 2 ** (32 - block.prefix));
  return `${ipv4ToString(network + index * 2 ** (32 - FIREWALL_SUBNET_PREFIX))}/${FIREWALL_SUBNET_PREFIX}`;
}

const overlaps = (a: Ipv4Cidr, b: Ipv4Cidr) => cidrContains(a, b) || cidrContains(b, a);

/**
 * Records every problem with {@link EgressFirewallProps} on `check` and returns the zones to filter
 * (undefined when `vpc` is unusable):
 *
 * - `vpc`: an `ec2.Vpc` (not an import) with literal availability zones, private-with-egress subnets,
 *   and in every zone that has them a NAT gateway of its own to which each one's `DefaultRoute` goes;
 * - `allowedDomains`: 1 to {@link MAX_ALLOWED_DOMAINS} distinct lowercase hostnames, or `.example.com`
 *   for a domain and its subdomains; no `*`, no IP addresses, no tokens;
 * - `firewallSubnetCidrBlock`: a literal, canonical block of /16 to /28 with room for a /28 per zone,
 *   inside 100.64.0.0/10 or the RFC 1918 range of the VPC's own block (what AWS lets a VPC add), and not
 *   overlapping that block;
 * - `logRetention`: a genuine RetentionProfile.
 */
export function validateEgressFirewallProps(
  check: PropsCheck,
  props: EgressFirewallProps,
): EgressZone[] | undefined {
  const network = Citation.TRANSMISSION_SECURITY;
  checkAllowedDomains(check, props.allowedDomains);
  checkRetentionProfile(check, 'logRetention', props.logRetention);
  const zones = egressZones(check, props.vpc);
  if (!zones) return undefined;

  const cidr = props.firewallSubnetCidrBlock ?? defaultFirewallCidr(zones.length);
  const parsed = Token.isUnresolved(cidr) ? undefined : parseIpv4Cidr(cidr);
  const vpcCidrText = (props.vpc.node.defaultChild as ec2.CfnVPC).cidrBlock;
  const vpcCidr =
    vpcCidrText === undefined || Token.isUnresolved(vpcCidrText) ? undefined : parseIpv4Cidr(vpcCidrText);
  const sameFamily =
    vpcCidr && PRIVATE_IPV4_RANGES.find((r) => cidrContains(parseIpv4Cidr(r) as Ipv4Cidr, vpcCidr));
  const ranges = [SHARED_ADDRESS_SPACE, ...(sameFamily ? [sameFamily] : [])];
  const largest = prefixHolding(zones.length * 2 ** (32 - FIREWALL_SUBNET_PREFIX));
  const prop = 'firewallSubnetCidrBlock';
  check.require(
    parsed !== undefined &&
      !parsed.hasHostBits &&
      parsed.prefix >= VPC_PREFIX_RANGE.min &&
      parsed.prefix <= Math.min(VPC_PREFIX_RANGE.max, largest) &&
      ranges.some((r) => cidrContains(parseIpv4Cidr(r) as Ipv4Cidr, parsed)) &&
      !(vpcCidr && overlaps(vpcCidr, parsed)),
    {
      prop,
      received: cidr,
      allowed: `a literal IPv4 block in canonical form${parsed?.hasHostBits ? ` (did you mean '${parsed.canonical}'?)` : ''}, /${VPC_PREFIX_RANGE.min} to /${largest} (a /${FIREWALL_SUBNET_PREFIX} firewall subnet for each of ${zones.length} zones), inside ${ranges.join(' or ')} and not overlapping the VPC's ${vpcCidrText ?? 'block'}, to add to the VPC as a secondary block`,
      citation: network,
    },
  );
  return zones;
}

function checkAllowedDomains(check: PropsCheck, domains: unknown): void {
  const network = Citation.TRANSMISSION_SECURITY;
  const list = Array.isArray(domains) ? (domains as unknown[]) : undefined;
  const ok = check.require(
    list !== undefined &&
      !Token.isUnresolved(domains) &&
      list.length >= 1 &&
      list.length <= MAX_ALLOWED_DOMAINS &&
      new Set(list).size === list.length,
    {
      prop: 'allowedDomains',
      received: domains,
      allowed: `a list of 1 to ${MAX_ALLOWED_DOMAINS} distinct domains the workloads may reach over HTTPS (TLS SNI) or HTTP (Host); everything else is dropped`,
      citation: network,
    },
  );
  if (!ok || !list) return;
  for (const [i, domain] of list.entries()) {
    const problem = domainProblem(domain);
    check.require(problem === undefined, {
      prop: `allowedDomains[${i}]`,
      received: domain,
      allowed: `a lowercase hostname such as 'api.example.com', or '.example.com' for example.com and its subdomains (it ${problem})`,
      citation: network,
    });
  }
}

/** The zones of `vpc` with workload subnets, or undefined (with the problem recorded) when it cannot be filtered. */
function egressZones(check: PropsCheck, vpc: unknown): EgressZone[] | undefined {
  const problem = (allowed: string, received: unknown = vpc instanceof ec2.Vpc ? vpc.node.path : vpc) => {
    check.require(false, { prop: 'vpc', received, allowed, citation: Citation.TRANSMISSION_SECURITY });
    return undefined;
  };
  if (!(vpc instanceof ec2.Vpc))
    return problem('an ec2.Vpc of this app (e.g. PhiVpc.vpc), not an imported VPC');
  const zoneNames = vpc.availabilityZones;
  if (zoneNames.some((z) => Token.isUnresolved(z)))
    return problem(
      "a VPC with literal availability zones (a stack with a concrete env, or PhiVpc's availabilityZones), so each subnet routes to the firewall endpoint of its own zone",
      zoneNames,
    );
  if (vpc.privateSubnets.length === 0)
    return problem('a VPC with private subnets that have NAT egress (PhiVpc with internetEgress: true)');
  const zones: EgressZone[] = [];
  for (const availabilityZone of zoneNames) {
    const workload = vpc.privateSubnets.filter((s) => s.availabilityZone === availabilityZone);
    if (workload.length === 0) continue;
    const natSubnet = vpc.publicSubnets.find(
      (s): s is ec2.PublicSubnet =>
        s.availabilityZone === availabilityZone &&
        s.node.tryFindChild('NATGateway') instanceof ec2.CfnNatGateway,
    );
    if (!natSubnet)
      return problem(
        `a NAT gateway in every zone with private subnets (natGateways equal to the zone count); ${availabilityZone} has none`,
      );
    const natGateway = natSubnet.node.findChild('NATGateway') as ec2.CfnNatGateway;
    const workloadSubnets = [];
    for (const subnet of workload) {
      const defaultRoute = subnet.node.tryFindChild('DefaultRoute');
      if (!(defaultRoute instanceof ec2.CfnRoute) || defaultRoute.natGatewayId !== natGateway.ref)
        return problem(
          `private subnets whose DefaultRoute goes to the NAT gateway of their zone; ${subnet.node.path}'s does not (is another EgressFirewall already applied?)`,
        );
      workloadSubnets.push({ subnet, defaultRoute });
    }
    zones.push({ availabilityZone, workloadSubnets, natSubnet, natGateway });
  }
  return zones;
}
