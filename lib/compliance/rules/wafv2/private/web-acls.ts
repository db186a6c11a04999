import {
  RATE_LIMIT_RULE,
  REQUIRED_MANAGED_GROUP_NAMES,
} from '../../../../../constructs/edge/private/managed-rule-groups';
import type { Resolved } from '../../../template/resolve';
import { isSpecial, type TemplateResource } from '../../../template/template-set';

/**
 * Reading AWS WAF web ACLs out of the resolved templates, for the WAF template evidence rules: their
 * rules, which managed groups they run, and whether they hold the toolkit's baseline.
 */

/** One rule of a web ACL, resolved. */
export type WebAclRule = Readonly<Record<string, Resolved>>;

/** The rules of a web ACL; `undefined` when the list cannot be read from the template. */
export function webAclRules(acl: TemplateResource): readonly WebAclRule[] | undefined {
  const rules = acl.properties.Rules ?? [];
  if (!Array.isArray(rules)) return undefined;
  if (
    (rules as Resolved[]).some((r) => r === null || typeof r !== 'object' || isSpecial(r) || Array.isArray(r))
  )
    return undefined;
  return rules as WebAclRule[];
}

/** A rule's top-level `ManagedRuleGroupStatement`, if it runs one. */
export function managedGroupStatement(rule: WebAclRule): Readonly<Record<string, Resolved>> | undefined {
  const statement = rule.Statement as Record<string, Resolved> | undefined;
  const group = statement?.ManagedRuleGroupStatement;
  return group && typeof group === 'object' && !isSpecial(group) && !Array.isArray(group)
    ? (group as Record<string, Resolved>)
    : undefined;
}

/** The single key of an action object (`{ Block: {} }` → `Block`), or undefined. */
export function actionOf(action: Resolved | undefined): string | undefined {
  if (action === null || typeof action !== 'object' || isSpecial(action) || Array.isArray(action))
    return undefined;
  return Object.keys(action)[0];
}

/**
 * What the web ACL lacks of the baseline: each of the required AWS managed groups run without a
 * group-level count override, and a rate-based rule that blocks. Empty when it holds all of it;
 * `undefined` when its rules cannot be read.
 */
export function baselineGaps(acl: TemplateResource): string[] | undefined {
  const rules = webAclRules(acl);
  if (rules === undefined) return undefined;
  const gaps: string[] = [];
  for (const name of REQUIRED_MANAGED_GROUP_NAMES) {
    const rule = rules.find((r) => {
      const group = managedGroupStatement(r);
      return group?.VendorName === 'AWS' && group.Name === name;
    });
    if (!rule) gaps.push(`the managed group ${name} is missing`);
    else if (actionOf(rule.OverrideAction) !== 'None')
      gaps.push(
        `the managed group ${name} only counts (OverrideAction ${actionOf(rule.OverrideAction) ?? 'absent'})`,
      );
  }
  const rateBlocks = rules.some((r) => {
    const statement = r.Statement as Record<string, Resolved> | undefined;
    return statement?.RateBasedStatement !== undefined && actionOf(r.Action) === 'Block';
  });
  if (!rateBlocks) gaps.push(`no rate-based rule blocks (as ${RATE_LIMIT_RULE.name} does)`);
  return gaps;
}
