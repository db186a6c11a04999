import { WafManagedRulesEnforced } from '../../../../../lib/compliance/rules/wafv2/waf-managed-rules-enforced';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';
import { RULE_INDEX, webAcl } from './web-acl-resources';

const compliant = [stackTemplate('Edge', { WebAcl: webAcl() })];
const common = `Rules.${RULE_INDEX.common}`;

export const fixture: RuleFixture = {
  rule: WafManagedRulesEnforced,
  compliant,
  bad: [
    {
      name: 'a rule of the Core rule set overridden to count',
      templates: mutate(compliant, (r) =>
        setProperty(r.WebAcl, `${common}.Statement.ManagedRuleGroupStatement.RuleActionOverrides`, [
          { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
        ]),
      ),
      path: `Rules[${RULE_INDEX.common}].Statement.ManagedRuleGroupStatement.RuleActionOverrides`,
    },
    {
      name: 'a rule of the SQL injection group overridden to allow',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.WebAcl,
          `Rules.${RULE_INDEX.sqli}.Statement.ManagedRuleGroupStatement.RuleActionOverrides`,
          [{ Name: 'SQLi_BODY', ActionToUse: { Allow: {} } }],
        ),
      ),
      path: 'RuleActionOverrides',
    },
    {
      name: 'a whole group set to count',
      templates: mutate(compliant, (r) => setProperty(r.WebAcl, `${common}.OverrideAction`, { Count: {} })),
      path: `Rules[${RULE_INDEX.common}].OverrideAction`,
    },
    {
      name: 'legacy excluded rules',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.WebAcl,
          `Rules.${RULE_INDEX.knownBad}.Statement.ManagedRuleGroupStatement.ExcludedRules`,
          [{ Name: 'Log4JRCE_BODY' }],
        ),
      ),
      path: 'ExcludedRules',
    },
    {
      name: 'the rate-based rule only counts',
      templates: mutate(compliant, (r) =>
        setProperty(r.WebAcl, `Rules.${RULE_INDEX.rateLimit}.Action`, { Count: {} }),
      ),
      path: `Rules[${RULE_INDEX.rateLimit}].Action`,
    },
  ],
};
