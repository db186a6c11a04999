import { Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';

/**
 * Every AWS Region code this release knows: the fact table that ships with aws-cdk-lib
 * (`RegionInfo.regions`, commercial, GovCloud, China, ISO and sovereign partitions), so the list moves
 * with the CDK version instead of a second copy that goes stale. A Region launched after this
 * aws-cdk-lib release is rejected until the dependency is updated: fail closed.
 *
 * @see https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 */
export const KNOWN_AWS_REGIONS: readonly string[] = RegionInfo.regions.map((r) => r.name).sort();

/** True when `region` is a literal, known AWS Region code such as `us-east-1`. */
export function isKnownRegion(region: string): boolean {
  return !Token.isUnresolved(region) && KNOWN_AWS_REGIONS.includes(region);
}

/**
 * The Region an availability zone name belongs to: `us-east-1b` → `us-east-1`. Zone names are the
 * Region code followed by one letter; Local Zones and Wavelength Zones (`us-west-2-lax-1a`) are not
 * availability zones and give `undefined`, as do unknown Regions and tokens.
 *
 * @see https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 */
export function regionOfAvailabilityZone(zone: string): string | undefined {
  if (Token.isUnresolved(zone) || !/^[a-z0-9-]+\d[a-z]$/.test(zone)) return undefined;
  const region = zone.slice(0, -1);
  return isKnownRegion(region) ? region : undefined;
}

/**
 * What is wrong with `zone` as an availability zone of `region`, or `undefined` when nothing is.
 * With an unresolved (env-agnostic) `region` the zone must still be a zone of some known Region.
 */
export function availabilityZoneProblem(zone: string, region: string): string | undefined {
  if (Token.isUnresolved(zone)) return 'is an unresolved token, so its Region cannot be checked';
  const zoneRegion = regionOfAvailabilityZone(zone);
  if (zoneRegion === undefined) return 'is not <region><letter> of a known AWS Region';
  if (!Token.isUnresolved(region) && zoneRegion !== region) return `is in ${zoneRegion}, not ${region}`;
  return undefined;
}
