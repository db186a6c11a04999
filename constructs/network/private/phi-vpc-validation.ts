import { Stack, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { reasonProblem } from '../../core/acknowledge';
import { availabilityZoneProblem, isKnownRegion } from '../../core/aws-regions';
import { Citation } from '../../core/citations';
import {
  addressesNeeded,
  isPrivateIpv4,
  PRIVATE_IPV4_RANGES,
  parseIpv4Cidr,
  prefixHolding,
  type SubnetAllocation,
  VPC_PREFIX_RANGE,
} from '../../core/ipv4-cidr';
import { checkRetentionProfile } from '../../core/retention';
import type { PropsCheck } from '../../core/validation';
import type { PhiVpcProps } from '../phi-vpc';

/** Default VPC block. */
export const DEFAULT_VPC_CIDR = '10.0.0.0/16';
/** Subnet sizes of a PhiVpc, per availability zone: data /24, application /22, public (egress only) /26. */
export const SUBNET_PREFIXES = { data: 24, application: 22, public: 26 } as const;
/** Availability zone counts a PhiVpc accepts: two for a highly available data tier, up to six. */
export const AZ_COUNT = { min: 2, max: 6 } as const;

/** The subnet groups of a PhiVpc in allocation order, for `zones` availability zones. */
export function subnetAllocations(zones: number, internetEgress: boolean): SubnetAllocation[] {
  const groups: SubnetAllocation[] = [
    { prefix: SUBNET_PREFIXES.data, count: zones },
    { prefix: SUBNET_PREFIXES.application, count: zones },
  ];
  if (internetEgress) groups.push({ prefix: SUBNET_PREFIXES.public, count: zones });
  return groups;
}

/**
 * Records every problem with {@link PhiVpcProps} on `check`:
 *
 * - `cidr`: a literal IPv4 block in canonical form (no host bits: `10.40.7.9/16` is an error naming
 *   `10.40.0.0/16`, never silently rounded), prefix /16 to /28 (what AWS accepts), inside an RFC 1918
 *   range, and large enough for the data and application (and public) subnets of every zone;
 * - `maxAzs`: 2 to 6; `availabilityZones`: 2 to 6 distinct zones, each `<region><letter>` of the stack's
 *   Region (of some known Region when the stack is env-agnostic; tokens are rejected, because two
 *   unresolved zones cannot be shown to differ);
 * - the stack's Region, when it is concrete, must be a known AWS Region code (an env-agnostic stack is
 *   skipped: CloudFormation then resolves the zones in the Region it deploys to);
 * - `logRetention`, `queryLogRetention`: genuine RetentionProfiles;
 * - `organizationId`: a literal AWS Organizations ID;
 * - `dnsFirewall.allowedDomains`: see {@link checkAllowedDomains}.
 */
export function validatePhiVpcProps(check: PropsCheck, scope: Construct, props: PhiVpcProps): void {
  const network = Citation.TRANSMISSION_SECURITY;
  checkInternetAccess(check, props);
  const cidr = props.cidr ?? DEFAULT_VPC_CIDR;
  const parsed = Token.isUnresolved(cidr) ? undefined : parseIpv4Cidr(cidr);
  const cidrAllowed = `a literal, private IPv4 CIDR block (inside ${PRIVATE_IPV4_RANGES.join(', ')}) from /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}`;
  const cidrOk =
    check.require(
      parsed !== undefined &&
        parsed.prefix >= VPC_PREFIX_RANGE.min &&
        parsed.prefix <= VPC_PREFIX_RANGE.max &&
        isPrivateIpv4(parsed),
      { prop: 'cidr', received: cidr, allowed: cidrAllowed, citation: network },
    ) &&
    check.require(!parsed?.hasHostBits, {
      prop: 'cidr',
      received: cidr,
      allowed: `a network address with no host bits set (did you mean '${parsed?.canonical}'?)`,
      citation: network,
    });

  const availability = Citation.DISASTER_RECOVERY;
  check.integerInRange('maxAzs', props.maxAzs, AZ_COUNT.min, AZ_COUNT.max, availability);
  const region = Stack.of(scope).region;
  check.require(Token.isUnresolved(region) || isKnownRegion(region), {
    prop: 'env.region (of the stack)',
    received: region,
    allowed: 'a known AWS Region code such as us-east-1, or an env-agnostic stack',
    citation: availability,
  });
  const zones = props.availabilityZones;
  if (zones !== undefined) {
    check.require(
      zones.length >= AZ_COUNT.min && zones.length <= AZ_COUNT.max && new Set(zones).size === zones.length,
      {
        prop: 'availabilityZones',
        received: zones,
        allowed: `${AZ_COUNT.min} to ${AZ_COUNT.max} distinct availability zones`,
        citation: availability,
      },
    );
    for (const [i, zone] of zones.entries()) {
      const problem = availabilityZoneProblem(zone, region);
      check.require(problem === undefined, {
        prop: `availabilityZones[${i}]`,
        received: zone,
        allowed: `an availability zone (<region><letter>) of ${Token.isUnresolved(region) ? 'a known AWS Region' : region} (it ${problem})`,
        citation: availability,
      });
    }
  }

  if (cidrOk && parsed !== undefined) {
    const zoneCount = zones?.length ?? props.maxAzs ?? AZ_COUNT.min;
    const publicSubnets = (props.internetEgress ?? false) || props.internetIngress !== undefined;
    const needed = addressesNeeded(subnetAllocations(zoneCount, publicSubnets));
    const largestPrefix = prefixHolding(needed);
    check.require(parsed.prefix <= largestPrefix, {
      prop: 'cidr',
      received: cidr,
      allowed: `/${largestPrefix} or larger: ${zoneCount} availability zones of a /${SUBNET_PREFIXES.data} data and a /${SUBNET_PREFIXES.application} application subnet${publicSubnets ? ` and a /${SUBNET_PREFIXES.public} public subnet` : ''} need ${needed} addresses`,
      citation: availability,
    });
  }
  checkRetentionProfile(check, 'logRetention', props.logRetention);
  checkRetentionProfile(check, 'queryLogRetention', props.queryLogRetention);
  check.matches(
    'organizationId',
    props.organizationId,
    ORGANIZATION_ID,
    'a literal AWS Organizations ID: o- followed by 10 to 32 lowercase letters or digits',
    Citation.ACCESS_CONTROL,
  );
  if (props.dnsFirewall !== undefined) checkAllowedDomains(check, props.dnsFirewall.allowedDomains);
}

/** An AWS Organizations ID. */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** A DNS name of two or more labels, optionally `*.` for every subdomain, as DNS Firewall matches them. */
const FIREWALL_DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
/** Most domains allow-list mode takes inline (the template carries them). */
export const MAX_ALLOWED_DOMAINS = 1000;

/**
 * `dnsFirewall.allowedDomains` must be a list of at most {@link MAX_ALLOWED_DOMAINS} literal domain
 * names (`example.com`, or `*.example.com` for its subdomains), each at most 253 characters. `*` alone,
 * which would allow every domain and undo the allow list, is refused, as are tokens: which names resolve
 * must be known at synth.
 */
export function checkAllowedDomains(check: PropsCheck, domains: unknown): void {
  const allowed = `a list of at most ${MAX_ALLOWED_DOMAINS} literal domain names`;
  const citation = Citation.TRANSMISSION_SECURITY;
  const isList = Array.isArray(domains) && !Token.isUnresolved(domains);
  if (
    !check.require(isList && domains.length <= MAX_ALLOWED_DOMAINS, {
      prop: 'dnsFirewall.allowedDomains',
      received: domains,
      allowed,
      citation,
    })
  )
    return;
  for (const [i, domain] of (domains as unknown[]).entries()) {
    check.require(
      typeof domain === 'string' &&
        !Token.isUnresolved(domain) &&
        domain.length <= 253 &&
        FIREWALL_DOMAIN.test(domain),
      {
        prop: `dnsFirewall.allowedDomains[${i}]`,
        received: domain,
        allowed:
          'a literal domain name of two or more labels (example.com), or *.<domain> for its subdomains, at most 253 characters (a lone * would allow every domain)',
        citation,
      },
    );
  }
}

/**
 * `internetIngress` and `unfilteredInternetEgress` need specific reasons; `egressFirewall` only with
 * `internetEgress`, which needs exactly one of `egressFirewall` or `unfilteredInternetEgress`.
 */
function checkInternetAccess(check: PropsCheck, props: PhiVpcProps): void {
  const citation = Citation.TRANSMISSION_SECURITY;
  const egress = props.internetEgress ?? false;
  for (const [prop, relaxation] of [
    ['internetIngress', props.internetIngress],
    ['unfilteredInternetEgress', props.unfilteredInternetEgress],
  ] as const) {
    if (relaxation === undefined) continue;
    check.require(reasonProblem(relaxation.reason) === undefined, {
      prop: `${prop}.reason`,
      received: relaxation.reason,
      allowed: 'a specific reason of at least 20 characters, not boilerplate',
      citation,
    });
  }
  check.require(egress || props.egressFirewall === undefined, {
    prop: 'egressFirewall',
    received: props.egressFirewall,
    allowed: 'absent unless internetEgress is true (there is no egress to filter)',
    citation,
  });
  check.require(egress || props.unfilteredInternetEgress === undefined, {
    prop: 'unfilteredInternetEgress',
    received: props.unfilteredInternetEgress,
    allowed: 'absent unless internetEgress is true',
    citation,
  });
  check.require(
    !egress || (props.egressFirewall === undefined) !== (props.unfilteredInternetEgress === undefined),
    {
      prop: 'egressFirewall',
      received:
        props.egressFirewall === undefined ? 'neither egressFirewall nor unfilteredInternetEgress' : 'both',
      allowed:
        'with internetEgress, exactly one of egressFirewall: { allowedDomains } (AWS Network Firewall passes only those domains) or unfilteredInternetEgress: { reason }',
      citation,
    },
  );
}
