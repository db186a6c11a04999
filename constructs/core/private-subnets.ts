import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Citation } from './citations';
import type { PropsCheck } from './validation';

/** The subnet group PhiVpc gives application compute. */
const APPLICATION_SUBNET_GROUP = 'application';

/**
 * The selection compute uses when none is given: the VPC's `application` subnet group when it has one
 * (a PhiVpc), else `fallback`.
 *
 * @param fallback the selection for other VPCs (default: their isolated subnets)
 */
export function defaultComputeSubnets(
  vpc: ec2.IVpc,
  fallback: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
): ec2.SubnetSelection {
  try {
    if (vpc.selectSubnets({ subnetGroupName: APPLICATION_SUBNET_GROUP }).subnets.length > 0) {
      return { subnetGroupName: APPLICATION_SUBNET_GROUP };
    }
  } catch {
    // No such group: fall through.
  }
  return fallback;
}

/**
 * Selects the compute subnets (the given selection or {@link defaultComputeSubnets}) and requires at
 * least one, none of them public. Returns the subnets, or an empty list after recording a problem.
 */
export function selectPrivateSubnets(
  check: PropsCheck,
  vpc: ec2.IVpc,
  selection: ec2.SubnetSelection | undefined,
  fallback?: ec2.SubnetSelection,
): ec2.ISubnet[] {
  let subnets: ec2.ISubnet[];
  try {
    subnets = vpc.selectSubnets(selection ?? defaultComputeSubnets(vpc, fallback)).subnets;
  } catch (error) {
    check.require(false, {
      prop: 'vpcSubnets',
      received: (error as Error).message,
      allowed: 'a selection of private subnets that exist in the VPC',
      citation: Citation.TRANSMISSION_SECURITY,
    });
    return [];
  }
  const publicIds = new Set(vpc.publicSubnets.map((s) => s.subnetId));
  const ok = check.require(subnets.length > 0 && subnets.every((s) => !publicIds.has(s.subnetId)), {
    prop: 'vpcSubnets',
    received: selection ?? 'the default selection',
    allowed: 'at least one subnet, none of them public (isolated or private-with-egress only)',
    citation: Citation.TRANSMISSION_SECURITY,
  });
  return ok ? subnets : [];
}
