import { Token } from 'aws-cdk-lib';
import type { PropsCheck } from '../../core/validation';
import type { IncidentContainment } from '../incident-response';
import { ResponseCitation } from './citations';
import { CONTAINMENT_ACTION_NAMES } from './containment-actions';

/**
 * Records every problem with the `containment` prop: unknown actions, an action without an explicit
 * boolean `dryRun` (containment without dry-run support is refused), and isolation without a VPC for its
 * quarantine group.
 */
export function validateContainment(check: PropsCheck, containment: IncidentContainment | undefined): void {
  if (containment === undefined) return;
  const citation = ResponseCitation.RESPONSE_AND_REPORTING;
  for (const key of Object.keys(containment)) {
    check.require((CONTAINMENT_ACTION_NAMES as readonly string[]).includes(key), {
      prop: `containment.${key}`,
      received: key,
      allowed: `one of ${CONTAINMENT_ACTION_NAMES.join(', ')}`,
      citation,
    });
  }
  for (const name of CONTAINMENT_ACTION_NAMES) {
    const options = containment[name] as { dryRun?: unknown; vpc?: unknown } | undefined;
    if (options === undefined) continue;
    check.require(typeof options === 'object' && options !== null && typeof options.dryRun === 'boolean', {
      prop: `containment.${name}.dryRun`,
      received: typeof options === 'object' && options !== null ? options.dryRun : options,
      allowed: 'an explicit true (log what would be done, change nothing) or false (act)',
      citation,
    });
  }
  const isolate = containment.isolateInstance as { vpc?: { vpcId?: unknown } } | undefined;
  if (isolate !== undefined && isolate !== null && typeof isolate === 'object') {
    check.require(isolate.vpc !== undefined && typeof isolate.vpc?.vpcId === 'string', {
      prop: 'containment.isolateInstance.vpc',
      received: isolate.vpc === undefined ? undefined : 'an object without vpcId',
      allowed: 'the VPC of the instances to isolate (the quarantine security group is created in it)',
      citation,
    });
  }
}

/** Records a problem for each Config rule name pattern that is empty, a token or too long. */
export function validateRulePatterns(check: PropsCheck, patterns: readonly string[] | undefined): void {
  if (patterns === undefined) return;
  check.require(patterns.length > 0, {
    prop: 'configRuleNamePatterns',
    received: patterns,
    allowed: 'at least one pattern',
    citation: ResponseCitation.INCIDENT_PROCEDURES,
  });
  for (const [i, pattern] of patterns.entries()) {
    check.require(!Token.isUnresolved(pattern) && /^[\w*.:-]{1,128}$/.test(pattern), {
      prop: `configRuleNamePatterns[${i}]`,
      received: pattern,
      allowed:
        'a Config rule name or EventBridge wildcard pattern of 1 to 128 characters from [A-Za-z0-9_*.:-]',
      citation: ResponseCitation.INCIDENT_PROCEDURES,
    });
  }
}
