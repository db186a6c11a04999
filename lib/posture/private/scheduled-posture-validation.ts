import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Citation } from '../../../constructs/core/citations';
import { selectPrivateSubnets } from '../../../constructs/core/private-subnets';
import type { PropsCheck } from '../../../constructs/core/validation';
import type { ScheduledPostureCollectorProps } from '../scheduled-posture';
import { PostureCitation } from './citations';

const PREFIX_PATTERN = /^[A-Za-z0-9!_.'()-]+(\/[A-Za-z0-9!_.'()-]+)*\/$/;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const PACK_PATTERN = /^[a-zA-Z][-a-zA-Z0-9]{0,255}$/;

/**
 * Records every problem with {@link ScheduledPostureCollectorProps} on `check` and returns the evidence key
 * (the given one, else the bucket's), when there is one.
 */
export function validatePostureProps(
  check: PropsCheck,
  props: ScheduledPostureCollectorProps,
): kms.IKey | undefined {
  const key = props.evidenceKey ?? props.evidenceBucket?.encryptionKey;
  check.require(key !== undefined, {
    prop: 'evidenceKey',
    received: undefined,
    allowed: 'the customer-managed KMS key of a KMS-encrypted evidence bucket (given, or the bucket’s own)',
    citation: Citation.ENCRYPTION_AT_REST,
  });
  // The prefix bounds s3:PutObject: a token or an empty prefix would let the function write anywhere.
  check.matches(
    'evidencePrefix',
    props.evidencePrefix,
    PREFIX_PATTERN,
    "a literal key prefix of path segments ending in '/', without '*' (e.g. 'posture/')",
    PostureCitation.EVALUATION,
  );
  check.matches(
    'intendedReportKey',
    props.intendedReportKey,
    /^[A-Za-z0-9!_.'()/-]+\.json$/,
    "a literal object key ending in .json, without '*'",
    PostureCitation.EVALUATION,
  );
  for (const [i, region] of (props.regions ?? []).entries()) {
    check.require(Token.isUnresolved(region) || REGION_PATTERN.test(region), {
      prop: `regions[${i}]`,
      received: region,
      allowed: 'a region name such as us-east-1',
      citation: PostureCitation.EVALUATION,
    });
  }
  check.require(props.regions === undefined || props.regions.length > 0, {
    prop: 'regions',
    received: props.regions,
    allowed: 'at least one region',
    citation: PostureCitation.EVALUATION,
  });
  for (const [i, pack] of (props.conformancePacks ?? []).entries()) {
    check.matches(
      `conformancePacks[${i}]`,
      pack,
      PACK_PATTERN,
      'a conformance pack name',
      PostureCitation.EVALUATION,
    );
  }
  return key;
}

/**
 * The subnets the function uses in `vpc`: the given selection, else the `application` group of a PhiVpc,
 * else private subnets with egress (the collector calls AWS APIs that a PhiVpc has no endpoints for).
 * Public subnets are refused.
 */
export function selectFunctionSubnets(
  check: PropsCheck,
  vpc: ec2.IVpc,
  selection: ec2.SubnetSelection | undefined,
): ec2.ISubnet[] {
  return selectPrivateSubnets(check, vpc, selection, { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
}
