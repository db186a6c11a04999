/**
 * Pure IPv4 CIDR helpers for construct validation: parse a block, say what is wrong with it, and work
 * out how much address space a set of subnets needs, the way CDK's `NetworkBuilder` allocates it.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 */

/** A parsed IPv4 CIDR block. */
export interface Ipv4Cidr {
  /** The address as a 32-bit unsigned number. */
  readonly address: number;
  /** The prefix length, 0 to 32. */
  readonly prefix: number;
  /** The block in canonical form: the network address (host bits cleared) and the prefix. */
  readonly canonical: string;
  /** True when the address has host bits set, e.g. `10.40.7.9/16` (canonical `10.40.0.0/16`). */
  readonly hasHostBits: boolean;
}

/** Prefix lengths AWS accepts for a VPC's IPv4 block. */
export const VPC_PREFIX_RANGE = { min: 16, max: 28 } as const;

/** The RFC 1918 private ranges. */
export const PRIVATE_IPV4_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

const CIDR_SYNTAX = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Renders a 32-bit number as a dotted-quad address. */
export function ipv4ToString(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/**
 * Parses `cidr` (`a.b.c.d/n`, decimal octets 0–255 without leading zeros, prefix 0–32), or returns
 * `undefined` when it is not an IPv4 CIDR block.
 */
export function parseIpv4Cidr(cidr: string): Ipv4Cidr | undefined {
  const match = CIDR_SYNTAX.exec(cidr);
  if (!match) return undefined;
  const parts = match.slice(1).map((part) => ({ text: part, value: Number(part) }));
  const octets = parts.slice(0, 4);
  const prefix = parts[4];
  const wellFormed = (p: { text: string; value: number }) => p.text === String(p.value);
  if (!octets.every((o) => wellFormed(o) && o.value <= 255)) return undefined;
  if (!wellFormed(prefix) || prefix.value > 32) return undefined;
  const address = octets.reduce((sum, o) => sum * 256 + o.value, 0);
  const size = 2 ** (32 - prefix.value);
  const network = address - (address % size);
  return {
    address,
    prefix: prefix.value,
    canonical: `${ipv4ToString(network)}/${prefix.value}`,
    hasHostBits: network !== address,
  };
}

/** True when `inner` lies wholly within `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  if (inner.prefix < outer.prefix) return false;
  const size = 2 ** (32 - outer.prefix);
  return Math.floor(inner.address / size) === Math.floor(outer.address / size);
}

/** True when `cidr` lies within one of the RFC 1918 private ranges. */
export function isPrivateIpv4(cidr: Ipv4Cidr): boolean {
  return PRIVATE_IPV4_RANGES.some((range) => cidrContains(parseIpv4Cidr(range) as Ipv4Cidr, cidr));
}

/** A group of equally sized subnets, allocated one after another (e.g. one per availability zone). */
export interface SubnetAllocation {
  /** The subnets' prefix length. */
  readonly prefix: number;
  /** How many subnets of that size. */
  readonly count: number;
}

/**
 * Addresses needed to allocate `groups` in order, each subnet aligned to its own size, as CDK's
 * `NetworkBuilder` does for a VPC's subnet configuration.
 */
export function addressesNeeded(groups: readonly SubnetAllocation[]): number {
  let next = 0;
  for (const { prefix, count } of groups) {
    const size = 2 ** (32 - prefix);
    next = Math.ceil(next / size) * size + size * count;
  }
  return next;
}

/** The longest prefix (smallest block) that holds `addresses` addresses. */
export function prefixHolding(addresses: number): number {
  return 32 - Math.ceil(Math.log2(Math.max(addresses, 1)));
}
