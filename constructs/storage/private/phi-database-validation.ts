import { Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { IConstruct } from 'constructs';
import { Citation } from '../../core/citations';
import type { PropsCheck } from '../../core/validation';
import type { PhiDatabaseProps } from '../phi-database';
import { validateAuditLogClasses } from './pgaudit';

/**
 * Removal policies that keep the cluster, or a final snapshot of it, when it leaves the stack.
 * SNAPSHOT is accepted for a database (unlike a bucket): the data survives as an encrypted snapshot.
 */
export const DATABASE_REMOVAL_POLICIES: readonly RemovalPolicy[] = [
  RemovalPolicy.RETAIN,
  RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  RemovalPolicy.SNAPSHOT,
];

/** Most Aurora replicas a cluster can have besides its writer. */
export const MAX_READERS = 15;

/**
 * A DB cluster identifier RDS accepts, and one that makes a valid log group name: a lowercase letter,
 * then lowercase letters, digits and single inner hyphens, 63 characters at most.
 */
export const CLUSTER_IDENTIFIER_PATTERN = /^(?=.{1,63}$)[a-z](?:-?[a-z0-9])*$/;

/** PostgreSQL user names IAM database authentication may be granted for: no wildcards, no quoting. */
const DB_USER_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Database ports Aurora PostgreSQL accepts. */
const MIN_PORT = 1150;
const MAX_PORT = 65535;

/** Records every problem with {@link PhiDatabaseProps} on `check`. */
export function validateDatabaseProps(check: PropsCheck, props: PhiDatabaseProps): void {
  check.oneOf('removalPolicy', props.removalPolicy, DATABASE_REMOVAL_POLICIES, Citation.INTEGRITY);
  check.integerInRange('readers', props.readers, 1, MAX_READERS, Citation.DISASTER_RECOVERY);
  check.integerInRange('port', props.port, MIN_PORT, MAX_PORT, Citation.TRANSMISSION_SECURITY);
  check.matches(
    'clusterIdentifier',
    props.clusterIdentifier,
    CLUSTER_IDENTIFIER_PATTERN,
    'a lowercase letter followed by lowercase letters, digits and single inner hyphens, 63 characters at most',
    Citation.AUDIT_CONTROLS,
  );
  validateAuditLogClasses(check, props.auditLogClasses);
  validateSubnets(check, props.vpc, props.vpcSubnets);
}

/**
 * Requires the selected subnets to be isolated subnets of `vpc` (no route to or from the internet) in
 * at least two Availability Zones. A subnet that cannot be shown to be isolated is rejected.
 */
function validateSubnets(check: PropsCheck, vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined): void {
  const subnetType = selection?.subnetType;
  const typeOk = check.require(subnetType === undefined || subnetType === ec2.SubnetType.PRIVATE_ISOLATED, {
    prop: 'vpcSubnets.subnetType',
    received: subnetType,
    allowed: 'SubnetType.PRIVATE_ISOLATED (isolated subnets only)',
    citation: Citation.TRANSMISSION_SECURITY,
  });
  if (!typeOk) return;

  let selected: ec2.SelectedSubnets;
  try {
    selected = vpc.selectSubnets(selection ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
  } catch (error) {
    check.require(false, {
      prop: 'vpcSubnets',
      received: (error as Error).message,
      allowed: 'a selection of isolated subnets that exist in the VPC',
      citation: Citation.TRANSMISSION_SECURITY,
    });
    return;
  }
  const isolatedIds = new Set(vpc.isolatedSubnets.map((s) => s.subnetId));
  const notIsolated = selected.subnets.filter((s) => !isolatedIds.has(s.subnetId));
  const isolatedOk = check.require(notIsolated.length === 0, {
    prop: 'vpcSubnets',
    received: notIsolated.map((s) => (Token.isUnresolved(s.subnetId) ? s.node.path : s.subnetId)),
    allowed: "subnets listed in the VPC's isolatedSubnets (isolated subnets only)",
    citation: Citation.TRANSMISSION_SECURITY,
  });
  if (!isolatedOk) return;

  const zones = availabilityZones(selected.subnets);
  if (zones === undefined) return; // Imported without zones: RDS itself refuses a single-AZ subnet group.
  check.require(zones.size >= 2, {
    prop: 'vpcSubnets',
    received: [...zones],
    allowed: 'isolated subnets in at least two Availability Zones (Multi-AZ)',
    citation: Citation.DISASTER_RECOVERY,
  });
}

/** The Availability Zones of `subnets`, or `undefined` when an imported subnet does not name its zone. */
function availabilityZones(subnets: readonly ec2.ISubnet[]): Set<string> | undefined {
  try {
    return new Set(subnets.map((s) => s.availabilityZone));
  } catch {
    return undefined;
  }
}

/**
 * A cluster identifier derived from the construct path, unique per stack and path, that always matches
 * {@link CLUSTER_IDENTIFIER_PATTERN}. It changes (replacing the cluster) if the construct is moved.
 */
export function deriveClusterIdentifier(scope: IConstruct): string {
  const name = Names.uniqueResourceName(scope, { maxLength: 60, separator: '-' })
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/-$/, '');
  return /^[a-z]/.test(name) ? name : `db-${name}`;
}

/** Refuses a peer that stands for the whole internet (`0.0.0.0/0` or `::/0`). */
export function validatePeer(check: PropsCheck, peer: ec2.IConnectable): void {
  const rule: ec2.IngressRuleConfig = (peer as Partial<ec2.IPeer>).toIngressRuleConfig?.() ?? {};
  check.require(rule.cidrIp !== '0.0.0.0/0' && rule.cidrIpv6 !== '::/0', {
    prop: 'peer',
    received: rule.cidrIp ?? rule.cidrIpv6,
    allowed: 'a security group, prefix list or CIDR narrower than the whole internet',
    citation: Citation.ACCESS_CONTROL,
  });
}

/** Requires one literal PostgreSQL user name other than the admin user, so a grant reaches one user. */
export function validateDbUser(check: PropsCheck, dbUser: string, adminUser: string): void {
  const ok = check.matches(
    'dbUser',
    dbUser,
    DB_USER_PATTERN,
    'a PostgreSQL user name of lowercase letters, digits and underscores (no wildcards)',
    Citation.ACCESS_CONTROL,
  );
  if (ok) {
    check.require(dbUser !== adminUser, {
      prop: 'dbUser',
      received: dbUser,
      allowed: `a user other than the admin user '${adminUser}'`,
      citation: Citation.ACCESS_CONTROL,
    });
  }
}
