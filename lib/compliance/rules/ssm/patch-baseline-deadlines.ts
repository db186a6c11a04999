import { Citation } from '../../../../constructs/core/citations';
import {
  MAX_CRITICAL_APPROVE_AFTER_DAYS,
  MAX_IMPORTANT_APPROVE_AFTER_DAYS,
} from '../../../../constructs/patching/patch-baselines';
import { SafeguardCitation } from '../../../../constructs/patching/private/citations';
import { APPROVAL_RULES, type OsApprovalRules } from '../../../../constructs/patching/private/patch-rules';
import type { Resolved } from '../../template/resolve';
import { containsSpecial, fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';
import { isObject, type Json } from '../private/json-values';

type Filter = { readonly key: string; readonly values: readonly string[] };

/** The security tiers a baseline must auto-approve, with the longest delay the toolkit accepts. */
const TIERS: readonly {
  readonly tier: 'critical' | 'important';
  readonly label: string;
  readonly maxDays: number;
}[] = [
  { tier: 'critical', label: 'Critical security patches', maxDays: MAX_CRITICAL_APPROVE_AFTER_DAYS },
  { tier: 'important', label: 'Important security patches', maxDays: MAX_IMPORTANT_APPROVE_AFTER_DAYS },
];

const asList = (value: Resolved | undefined): Resolved[] => (Array.isArray(value) ? [...value] : []);

/**
 * True when every patch the tier's filters select also matches `filters` (filters are ANDed, values of a
 * filter ORed): each filter of the rule has the key of a tier filter and all of its values, or `*`.
 */
function selectsTier(filters: readonly Json[], tier: readonly Filter[]): boolean {
  return filters.every((f) => {
    const values = asList(f.Values);
    if (values.includes('*')) return true;
    const wanted = tier.find((t) => t.key === f.Key);
    return wanted?.values.every((v) => values.includes(v)) ?? false;
  });
}

/** `covered`, `unknown` (an unresolvable value) or a description of why no rule approves the tier in time. */
function tierResult(
  rules: readonly Resolved[],
  tier: readonly Filter[],
  maxDays: number,
  delayAllowed: boolean,
): 'covered' | 'unknown' | 'none' {
  let unknown = false;
  for (const rule of rules) {
    if (!isObject(rule) || containsSpecial(rule)) {
      unknown = true;
      continue;
    }
    const filters = asList(isObject(rule.PatchFilterGroup) ? rule.PatchFilterGroup.PatchFilters : undefined);
    if (filters.length === 0 || !selectsTier(filters as Json[], tier)) continue;
    const days = rule.ApproveAfterDays;
    // Without approval-delay support (Ubuntu) a patch is approved as soon as it is available.
    if (days === undefined && !delayAllowed && rule.ApproveUntilDate === undefined) return 'covered';
    if (typeof days === 'number' && days <= maxDays) return 'covered';
  }
  return unknown ? 'unknown' : 'none';
}

/**
 * Every Systems Manager patch baseline auto-approves Critical security patches within
 * `MAX_CRITICAL_APPROVE_AFTER_DAYS` and Important ones within `MAX_IMPORTANT_APPROVE_AFTER_DAYS` days of
 * release, through an approval rule whose filters select at least that tier as PatchBaselines writes it
 * for the operating system (CLASSIFICATION/SEVERITY on Amazon Linux and RHEL, CLASSIFICATION/MSRC_SEVERITY
 * on Windows, PRIORITY/SECTION on Ubuntu).
 */
export const PatchBaselineDeadlines: TemplateRule = {
  id: 'PatchBaselineDeadlines',
  citations: [SafeguardCitation.MALWARE_PROTECTION, Citation.RISK_MANAGEMENT],
  severity: 'error',
  resourceTypes: ['AWS::SSM::PatchBaseline'],
  rationale:
    'Malware spreads through known vulnerabilities: a baseline that does not approve critical and important security patches within days leaves systems holding ePHI exposed after the fix is published.',
  fix: `Use PatchBaselines (or add approval rules selecting Critical and Important security patches with ApproveAfterDays ≤ ${MAX_CRITICAL_APPROVE_AFTER_DAYS} and ≤ ${MAX_IMPORTANT_APPROVE_AFTER_DAYS}).`,
  strongerWhen: { 'Properties.ApprovalRules.PatchRules[].ApproveAfterDays': 'lower' },
  check: (view) => {
    // CloudFormation's default operating system is Windows.
    const os = view.get('OperatingSystem') ?? 'WINDOWS';
    const known = Object.keys(APPROVAL_RULES).join(', ');
    if (isSpecial(os)) return [unverified('OperatingSystem', os, `one of ${known}`)];
    const table = APPROVAL_RULES[os as keyof typeof APPROVAL_RULES] as OsApprovalRules | undefined;
    if (!table)
      return [
        {
          path: 'Properties.OperatingSystem',
          message: `the rule knows the security-patch filters of ${known}; a ${JSON.stringify(os)} baseline cannot be verified`,
          unverified: true,
        },
      ];
    view.values('ApprovalRules.PatchRules[].ApproveAfterDays');
    const rules = view.values('ApprovalRules.PatchRules[]');
    const value = view.get('ApprovalRules.PatchRules');
    if (value !== undefined && isSpecial(value))
      return [unverified('ApprovalRules.PatchRules', value, 'a list of approval rules')];
    return TIERS.flatMap(({ tier, label, maxDays }): Problem[] => {
      const filters = table[tier].map((f) => ({ key: f.key ?? '', values: f.values ?? [] }));
      const result = tierResult(rules, filters, maxDays, table.supportsApprovalDelay);
      if (result === 'covered') return [];
      const wanted = filters.map((f) => `${f.key}=${f.values.join('|')}`).join(' and ');
      return result === 'unknown'
        ? [
            unverified(
              'ApprovalRules.PatchRules',
              value,
              `a rule approving ${label} (${wanted}) within ${maxDays} days`,
            ),
          ]
        : [
            fail(
              'ApprovalRules.PatchRules',
              `${label} must be auto-approved within ${maxDays} days: no approval rule selects ${wanted} with ApproveAfterDays ≤ ${maxDays}`,
            ),
          ];
    });
  },
};
