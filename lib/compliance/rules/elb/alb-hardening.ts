import { Citation } from '../../../../constructs/core/citations';
import type { Resolved } from '../../template/resolve';
import { fail, NOT_APPLICABLE, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';
import { isTrue, loadBalancerAttributes, loadBalancerType } from './private/load-balancers';

/** The attributes every application load balancer must set, what they must hold, and why. */
const REQUIRED_ATTRIBUTES: readonly {
  readonly key: string;
  readonly ok: (value: Resolved | undefined) => boolean;
  readonly expected: string;
  readonly why: string;
  /** A reference passes: presence is what is checked. */
  readonly presence?: boolean;
}[] = [
  {
    key: 'routing.http.drop_invalid_header_fields.enabled',
    ok: isTrue,
    expected: '"true"',
    why: 'headers with invalid characters reach the targets, a vector for request smuggling',
  },
  {
    key: 'routing.http.desync_mitigation_mode',
    ok: (v) => v === 'strictest',
    expected: '"strictest"',
    why: 'the default ("defensive") still forwards ambiguous requests that can desynchronize the targets',
  },
  {
    key: 'access_logs.s3.enabled',
    ok: isTrue,
    expected: '"true"',
    why: 'requests to the application leave no access record to review',
  },
  {
    key: 'access_logs.s3.bucket',
    ok: (v) => v !== undefined && v !== '',
    expected: 'a bucket',
    why: 'access logs need a destination bucket',
    presence: true,
  },
  {
    key: 'waf.fail_open.enabled',
    ok: (v) => !isTrue(v),
    expected: '"false" or absent',
    why: 'when AWS WAF cannot be reached, requests would pass to the targets uninspected',
  },
  {
    key: 'deletion_protection.enabled',
    ok: isTrue,
    expected: '"true"',
    why: 'a stack update or a mistaken deletion takes the application and its access logging away',
  },
];

/**
 * Every application load balancer drops invalid header fields, mitigates HTTP desync at `strictest`,
 * writes access logs to a bucket, does not fail open when AWS WAF is unreachable, and has deletion
 * protection on.
 */
export const AlbHardening: TemplateRule = {
  id: 'AlbHardening',
  citations: [
    Citation.AUDIT_CONTROLS,
    Citation.ACTIVITY_REVIEW,
    Citation.INTEGRITY,
    Citation.INTEGRITY_IN_TRANSIT,
  ],
  severity: 'error',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  rationale:
    'Access logs are the record of who reached the application and what they asked for; invalid headers and desynchronized requests let an attacker smuggle requests past the load balancer and alter what targets receive.',
  fix: 'Use PhiLoadBalancer (or set LoadBalancerAttributes routing.http.drop_invalid_header_fields.enabled=true, routing.http.desync_mitigation_mode=strictest, access_logs.s3.enabled=true with access_logs.s3.bucket, and deletion_protection.enabled=true).',
  check: (view) => {
    if (loadBalancerType(view.resource) !== 'application') return NOT_APPLICABLE;
    const raw = view.get('LoadBalancerAttributes');
    if (raw !== undefined && isSpecial(raw))
      return [unverified('LoadBalancerAttributes', raw, 'a list of attributes')];
    const attributes = loadBalancerAttributes(raw);
    const problems: Problem[] = [];
    for (const { key, ok, expected, why, presence } of REQUIRED_ATTRIBUTES) {
      const value = attributes.get(key);
      const path = `LoadBalancerAttributes[${key}]`;
      if (value !== undefined && isSpecial(value)) {
        if (!presence) problems.push(unverified(path, value, expected));
      } else if (!ok(value))
        problems.push(
          fail(
            path,
            `${key} must be ${expected}, got ${value === undefined ? 'nothing' : JSON.stringify(value)}: ${why}`,
          ),
        );
    }
    return problems;
  },
};
