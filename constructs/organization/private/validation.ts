import { Token } from 'aws-cdk-lib';
import type { PropsCheck } from '../../core/validation';

/** An organization root id (`r-…`). */
export const ROOT_ID_PATTERN = /^r-[0-9a-z]{4,32}$/;
/** An organizational unit id (`ou-…-…`). */
export const OU_ID_PATTERN = /^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$/;
/** A commercial, GovCloud or China Region name such as `us-east-1` or `us-gov-west-1`. */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** An AWS Organizations organization id (`o-…`). */
export const ORG_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;

/**
 * Requires `values` (when given) to be a non-empty list of resolved strings each matching `pattern`.
 * Tokens are rejected: a target that cannot be read at synth time cannot be checked.
 */
export function checkList(
  check: PropsCheck,
  prop: string,
  values: readonly string[] | undefined,
  pattern: RegExp,
  allowed: string,
  citation: string,
  required: boolean,
): void {
  if (values === undefined) {
    check.require(!required, { prop, received: values, allowed, citation });
    return;
  }
  if (Token.isUnresolved(values) || values.length === 0) {
    check.require(false, { prop, received: values, allowed, citation });
    return;
  }
  values.forEach((v, i) => {
    check.matches(`${prop}[${i}]`, v, pattern, allowed, citation);
  });
}
