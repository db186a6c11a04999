import { Token } from 'aws-cdk-lib';
import { reasonProblem } from '../../core/acknowledge';
import { Citation } from '../../core/citations';
import { checkRetentionProfile } from '../../core/retention';
import type { PropsCheck } from '../../core/validation';
import type { PhiWebAclProps } from '../phi-web-acl';
import { MANAGED_RULE_GROUPS, managedGroupOfRule } from './managed-rule-groups';

/** Fewest requests per client IP per five minutes the rate limit may allow. */
export const MIN_WEB_ACL_RATE_LIMIT = 100;
/** Most requests per client IP per five minutes the rate limit may allow. */
export const MAX_WEB_ACL_RATE_LIMIT = 2_000_000;

/** Records every problem with a {@link PhiWebAclProps}. */
export function validateWebAclProps(check: PropsCheck, props: PhiWebAclProps): void {
  check.integerInRange(
    'rateLimitPerFiveMinutes',
    props.rateLimitPerFiveMinutes,
    MIN_WEB_ACL_RATE_LIMIT,
    MAX_WEB_ACL_RATE_LIMIT,
    Citation.RISK_MANAGEMENT,
  );
  checkRetentionProfile(check, 'logRetention', props.logRetention);
  const countOnly = props.countOnlyRules;
  if (countOnly === undefined) return;
  if (
    !check.require(Array.isArray(countOnly), {
      prop: 'countOnlyRules',
      received: countOnly,
      allowed: 'a list of { ruleName, reason }',
      citation: Citation.RISK_MANAGEMENT,
    })
  )
    return;
  const seen = new Set<string>();
  countOnly.forEach((entry, i) => {
    const name = entry?.ruleName;
    const known = typeof name === 'string' && !Token.isUnresolved(name) && managedGroupOfRule(name);
    check.require(Boolean(known), {
      prop: `countOnlyRules[${i}].ruleName`,
      received: name,
      allowed: `the name of a rule of the managed groups (${MANAGED_RULE_GROUPS.map((g) => g.name).join(', ')}), e.g. "SizeRestrictions_BODY"`,
      citation: Citation.RISK_MANAGEMENT,
    });
    if (known) {
      check.require(!seen.has(name), {
        prop: `countOnlyRules[${i}].ruleName`,
        received: name,
        allowed: 'named once (it is already in countOnlyRules)',
        citation: Citation.RISK_MANAGEMENT,
      });
      seen.add(name);
    }
    check.require(reasonProblem(entry?.reason) === undefined, {
      prop: `countOnlyRules[${i}].reason`,
      received: entry?.reason,
      allowed:
        'a specific reason of at least 20 characters, not boilerplate, for counting instead of blocking',
      citation: Citation.RISK_MANAGEMENT,
    });
  });
}
