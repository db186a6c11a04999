import { Citation } from '../../../../constructs/core/citations';
import type { Resolved } from '../../template/resolve';
import { fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';
import { actionOf, managedGroupStatement, webAclRules } from './private/web-acls';

/** Actions that stop a request; a rule left to Count or Allow only watches or waves it through. */
const STOPPING_ACTIONS = ['Block', 'Captcha', 'Challenge'];

/**
 * Every rule of every web ACL enforces: managed rule groups run with `OverrideAction: None`, no rule of a
 * group is overridden to Count or Allow (`RuleActionOverrides`, or the legacy `ExcludedRules`), and
 * rate-based rules block. PhiWebAcl's `countOnlyRules` acknowledges this rule with each rule's reason.
 */
export const WafManagedRulesEnforced: TemplateRule = {
  id: 'WafManagedRulesEnforced',
  citations: [Citation.RISK_MANAGEMENT, Citation.INTEGRITY],
  severity: 'error',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  rationale:
    'A managed rule overridden to Count still shows in the web ACL but lets every matching attack through; each one must be a decision on record, not a leftover from tuning.',
  fix: 'Remove the Count/Allow overrides and ExcludedRules, set OverrideAction to None and rate-based rules to Block; where a rule must count, use PhiWebAcl countOnlyRules with the reason.',
  check: (view) => {
    const raw = view.get('Rules');
    const rules = webAclRules(view.resource);
    if (rules === undefined) return [unverified('Rules', raw, 'a list of rules')];
    const problems: Problem[] = [];
    rules.forEach((rule, i) => {
      const path = `Rules[${i}]`;
      const name = JSON.stringify(rule.Name ?? i);
      const group = managedGroupStatement(rule);
      if (group) {
        const override = actionOf(rule.OverrideAction);
        if (override !== 'None')
          problems.push(
            fail(
              `${path}.OverrideAction`,
              `rule ${name} runs ${String(group.Name)} with OverrideAction ${override ?? 'absent'}, not None: the whole group only counts`,
            ),
          );
        const overrides = group.RuleActionOverrides;
        if (overrides !== undefined && isSpecial(overrides))
          problems.push(
            unverified(
              `${path}.Statement.ManagedRuleGroupStatement.RuleActionOverrides`,
              overrides,
              'no Count or Allow overrides',
            ),
          );
        else
          for (const o of (Array.isArray(overrides) ? overrides : []) as Record<string, Resolved>[]) {
            const action = actionOf(o?.ActionToUse);
            if (action !== undefined && !STOPPING_ACTIONS.includes(action))
              problems.push(
                fail(
                  `${path}.Statement.ManagedRuleGroupStatement.RuleActionOverrides`,
                  `rule ${String(o.Name)} of ${String(group.Name)} is overridden to ${action}`,
                ),
              );
          }
        const excluded = group.ExcludedRules;
        if (Array.isArray(excluded) && excluded.length > 0)
          problems.push(
            fail(
              `${path}.Statement.ManagedRuleGroupStatement.ExcludedRules`,
              `${excluded.length} rule(s) of ${String(group.Name)} are excluded (set to Count)`,
            ),
          );
        return;
      }
      const statement = rule.Statement as Record<string, Resolved> | undefined;
      if (statement?.RateBasedStatement !== undefined) {
        const action = actionOf(rule.Action);
        if (action === undefined || !STOPPING_ACTIONS.includes(action))
          problems.push(
            fail(
              `${path}.Action`,
              `rate-based rule ${name} has Action ${action ?? 'absent'}: a flood is counted, not stopped`,
            ),
          );
      }
    });
    return problems;
  },
};
