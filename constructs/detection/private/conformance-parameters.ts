import { describeValue, type PropsCheck } from '../../core/validation';
import { DetectionCitation } from './citations';
import { conformanceRule, HIPAA_CONFORMANCE_RULE_NAMES } from './conformance-rules';
import { closeNamesHint } from './exclusions';

/**
 * What "tighter" means for one input parameter of the pack, so an override can only make a rule
 * stricter:
 * - `max`: an upper bound in whole numbers (an age, a period); only a lower value is tighter.
 * - `min`: a lower bound in whole numbers (a length, a count); only a higher value is tighter.
 * - `flag`: a requirement switched on by `'true'`; `'false'` → `'true'` is tighter, never the reverse.
 * - `blocklist`: a comma-separated list of patterns the rule forbids; only a superset is tighter.
 * - `fixed`: a value with no order (a policy name, a port number standing for one port); it cannot be
 *   overridden, because any other value loosens what the default checks.
 */
export type ParameterKind =
  | { readonly kind: 'max'; readonly floor: number }
  | { readonly kind: 'min'; readonly ceiling: number }
  | { readonly kind: 'flag' }
  | { readonly kind: 'blocklist' }
  | { readonly kind: 'fixed'; readonly why: string };

const max = (floor: number): ParameterKind => ({ kind: 'max', floor });
const min = (ceiling: number): ParameterKind => ({ kind: 'min', ceiling });
const FLAG: ParameterKind = { kind: 'flag' };
const BLOCKLIST: ParameterKind = { kind: 'blocklist' };
const PORT: ParameterKind = {
  kind: 'fixed',
  why: 'each blockedPort parameter names one port to block; another value would unblock the default port',
};

/**
 * The kind of every default input parameter of the pack, by `rule.parameter`. The IAM limits bound the
 * password-policy values (reuse prevention 1–24, length up to 128, age 1–1095 days).
 */
export const PARAMETER_KINDS: Readonly<Record<string, ParameterKind>> = {
  'access-keys-rotated.maxAccessKeyAge': max(1),
  'cloudwatch-alarm-action-check.alarmActionRequired': FLAG,
  'cloudwatch-alarm-action-check.insufficientDataActionRequired': FLAG,
  'cloudwatch-alarm-action-check.okActionRequired': FLAG,
  'elb-predefined-security-policy-ssl-check.predefinedPolicyName': {
    kind: 'fixed',
    why: 'TLS policy names have no order the toolkit can verify; add a stricter rule instead',
  },
  'iam-customer-policy-blocked-kms-actions.blockedActionsPatterns': BLOCKLIST,
  'iam-inline-policy-blocked-kms-actions.blockedActionsPatterns': BLOCKLIST,
  'iam-password-policy.MaxPasswordAge': max(1),
  'iam-password-policy.MinimumPasswordLength': min(128),
  'iam-password-policy.PasswordReusePrevention': min(24),
  'iam-password-policy.RequireLowercaseCharacters': FLAG,
  'iam-password-policy.RequireNumbers': FLAG,
  'iam-password-policy.RequireSymbols': FLAG,
  'iam-password-policy.RequireUppercaseCharacters': FLAG,
  'iam-user-unused-credentials-check.maxCredentialUsageAge': max(1),
  'redshift-cluster-configuration-check.clusterDbEncrypted': FLAG,
  'redshift-cluster-configuration-check.loggingEnabled': FLAG,
  'redshift-cluster-maintenancesettings-check.allowVersionUpgrade': FLAG,
  'restricted-common-ports.blockedPort1': PORT,
  'restricted-common-ports.blockedPort2': PORT,
  'restricted-common-ports.blockedPort3': PORT,
  'restricted-common-ports.blockedPort4': PORT,
  'restricted-common-ports.blockedPort5': PORT,
  's3-account-level-public-access-blocks-periodic.BlockPublicAcls': FLAG,
  's3-account-level-public-access-blocks-periodic.BlockPublicPolicy': FLAG,
  's3-account-level-public-access-blocks-periodic.IgnorePublicAcls': FLAG,
  's3-account-level-public-access-blocks-periodic.RestrictPublicBuckets': FLAG,
};

/** What an override of a parameter of `kind` with default `def` must be, or `undefined` when `value` is. */
export function tighteningProblem(kind: ParameterKind, def: string, value: string): string | undefined {
  switch (kind.kind) {
    case 'max': {
      const ok = /^\d+$/.test(value) && Number(value) >= kind.floor && Number(value) <= Number(def);
      return ok
        ? undefined
        : `an integer from ${kind.floor} to the default ${def} (a maximum may only be lowered)`;
    }
    case 'min': {
      const ok = /^\d+$/.test(value) && Number(value) >= Number(def) && Number(value) <= kind.ceiling;
      return ok
        ? undefined
        : `an integer from the default ${def} to ${kind.ceiling} (a minimum may only be raised)`;
    }
    case 'flag':
      return value === 'true' || (value === 'false' && def === 'false')
        ? undefined
        : `'true'${def === 'false' ? " or 'false'" : ''} (the default is '${def}'; a requirement may only be switched on)`;
    case 'blocklist': {
      const patterns = (s: string) =>
        s
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p.length > 0);
      const given = new Set(patterns(value));
      const missing = patterns(def).filter((p) => !given.has(p));
      return missing.length === 0
        ? undefined
        : `a comma-separated list that keeps every default pattern of '${def}' (missing ${missing.join(', ')}; a blocklist may only grow)`;
    }
    case 'fixed':
      return value === def ? undefined : `the default '${def}', because ${kind.why}`;
  }
}

/**
 * Checks `parameterOverrides`: each rule must be in the pack and not excluded, each parameter one of
 * the rule's defaults, and each value tighter than (or equal to) the default. Problems are recorded on
 * `check`, each naming the rule, parameter, default and value.
 */
export function checkParameterOverrides(
  check: PropsCheck,
  overrides: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined,
  excluded: readonly string[],
): void {
  for (const [ruleName, parameters] of Object.entries(overrides ?? {})) {
    const rule = conformanceRule(ruleName);
    const prop = `parameterOverrides['${ruleName}']`;
    if (!rule) {
      check.require(false, {
        prop,
        received: ruleName,
        allowed: `the name of a rule in the HIPAA conformance pack${closeNamesHint(ruleName, HIPAA_CONFORMANCE_RULE_NAMES)}`,
        citation: DetectionCitation.EVALUATION,
      });
      continue;
    }
    const citation = rule.citations[0] ?? DetectionCitation.EVALUATION;
    if (
      !check.require(!excluded.includes(ruleName), {
        prop,
        received: ruleName,
        allowed: 'a rule that is not in excludedRules',
        citation,
      })
    ) {
      continue;
    }
    const known = Object.keys(rule.inputParameters);
    for (const [name, value] of Object.entries(parameters ?? {})) {
      const def = rule.inputParameters[name];
      if (def === undefined) {
        check.require(false, {
          prop: `${prop}.${name}`,
          received: value,
          allowed:
            known.length > 0
              ? `a parameter of ${ruleName} (${known.join(', ')})`
              : `absent: ${ruleName} has no input parameters in the pack`,
          citation,
        });
        continue;
      }
      const kind = PARAMETER_KINDS[`${ruleName}.${name}`] ?? { kind: 'fixed', why: 'its order is unknown' };
      const problem = typeof value === 'string' ? tighteningProblem(kind, def, value) : 'a string';
      check.require(problem === undefined, {
        prop: `${prop}.${name}`,
        received: value,
        allowed: `${problem ?? ''}; default ${describeValue(def)}`,
        citation,
      });
    }
  }
}
