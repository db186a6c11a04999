import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Citation } from '../../core/citations';
import type { PropsCheck } from '../../core/validation';

/** The subnet group PhiVpc gives application compute. */
const APPLICATION_SUBNET_GROUP = 'application';

/**
 * The selection compute uses when none is given: the VPC's `application` subnet group when it has one
 * (a {@link PhiVpc}), else its isolated subnets.
 */
export function defaultComputeSubnets(vpc: ec2.IVpc): ec2.SubnetSelection {
  try {
    if (vpc.selectSubnets({ subnetGroupName: APPLICATION_SUBNET_GROUP }).subnets.length > 0) {
      return { subnetGroupName: APPLICATION_SUBNET_GROUP };
    }
  } catch {
    // No such group: fall through to the isolated subnets.
  }
  return { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
}

/**
 * Selects the compute subnets (the given selection or {@link defaultComputeSubnets}) and requires at
 * least one, none of them public. Returns the subnets, or an empty list after recording a problem.
 */
export function selectPrivateSubnets(
  check: PropsCheck,
  vpc: ec2.IVpc,
  selection: ec2.SubnetSelection | undefined,
): ec2.ISubnet[] {
  let subnets: ec2.ISubnet[];
  try {
    subnets = vpc.selectSubnets(selection ?? defaultComputeSubnets(vpc)).subnets;
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
