import type { Resolved } from '../../../template/resolve';
import { fail, type Problem, type ResourceView, unverified } from '../../../template/rule';
import { isSpecial, type TemplateResource, type TemplateSet } from '../../../template/template-set';
import { listOf } from './firewall-topology';

/** Stateless default actions that keep every packet in front of the stateful rules. */
const STATELESS_DEFAULTS_ALLOWED = ['aws:forward_to_sfe', 'aws:drop'];
/** Stateful default actions that drop what no rule passed. */
const DROP_DEFAULTS = ['aws:drop_established', 'aws:drop_strict'];

const text = (value: Resolved | undefined) => JSON.stringify(value ?? null);
const field = (value: Resolved | undefined, key: string): Resolved | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !isSpecial(value)
    ? (value as Record<string, Resolved>)[key]
    : undefined;

/** True for a stateful domain allow-list rule group that reads the TLS SNI. */
function isDomainAllowList(group: TemplateResource): boolean {
  const list = field(field(group.properties.RuleGroup, 'RulesSource'), 'RulesSourceList');
  return (
    group.properties.Type === 'STATEFUL' &&
    field(list, 'GeneratedRulesType') === 'ALLOWLIST' &&
    listOf(field(list, 'TargetTypes')).includes('TLS_SNI') &&
    listOf(field(list, 'Targets')).length > 0
  );
}

/** True when a stateless rule group has a rule that passes packets past the stateful engine. */
function passesStateless(group: TemplateResource): boolean {
  const rules = field(field(group.properties.RuleGroup, 'RulesSource'), 'StatelessRulesAndCustomActions');
  return listOf(field(rules, 'StatelessRules')).some((r) =>
    listOf(field(field(r, 'RuleDefinition'), 'Actions')).includes('aws:pass'),
  );
}

/** The rule groups a policy references at `path`, or a problem when one is not in the assembly. */
function referencedGroups(view: ResourceView, set: TemplateSet, path: string) {
  const groups: TemplateResource[] = [];
  const problems: Problem[] = [];
  for (const [i, arn] of view.values(`${path}[].ResourceArn`).entries()) {
    const group = set.target(arn);
    if (group?.type === 'AWS::NetworkFirewall::RuleGroup') groups.push(group);
    else problems.push(unverified(`${path}.${i}.ResourceArn`, arn, 'a rule group of the assembly'));
  }
  return { groups, problems };
}

/**
 * What makes a firewall policy an egress allow-list: every packet and fragment reaches the stateful
 * engine (stateless defaults forward or drop, no stateless rule passes), the stateful engine runs in
 * strict order with a drop default, and a referenced stateful rule group is a domain ALLOWLIST on the
 * TLS SNI, with no override turning its drops into alerts.
 */
export function egressPolicyProblems(view: ResourceView, set: TemplateSet): Problem[] {
  const base = 'FirewallPolicy';
  const problems: Problem[] = [];
  for (const key of ['StatelessDefaultActions', 'StatelessFragmentDefaultActions']) {
    const actions = view.get(`${base}.${key}`);
    if (actions !== undefined && isSpecial(actions))
      problems.push(unverified(`${base}.${key}`, actions, 'aws:forward_to_sfe'));
    else if (
      listOf(actions).length === 0 ||
      !listOf(actions).every((a) => typeof a === 'string' && STATELESS_DEFAULTS_ALLOWED.includes(a))
    )
      problems.push(
        fail(
          `${base}.${key}`,
          `${base}.${key} must send every packet to the stateful engine (aws:forward_to_sfe) or drop it, got ${text(actions)}: aws:pass lets traffic out unfiltered`,
        ),
      );
  }
  const stateless = referencedGroups(view, set, `${base}.StatelessRuleGroupReferences`);
  problems.push(...stateless.problems);
  for (const group of stateless.groups.filter(passesStateless))
    problems.push(
      fail(
        `${base}.StatelessRuleGroupReferences`,
        `stateless rule group ${group.logicalId} passes packets (aws:pass) past the stateful allow-list`,
      ),
    );

  const order = view.get(`${base}.StatefulEngineOptions.RuleOrder`);
  if (order !== 'STRICT_ORDER')
    problems.push(
      fail(
        `${base}.StatefulEngineOptions.RuleOrder`,
        `${base}.StatefulEngineOptions.RuleOrder must be STRICT_ORDER so the default action applies, got ${text(order)}`,
      ),
    );
  const defaults = listOf(view.get(`${base}.StatefulDefaultActions`));
  if (!defaults.some((a) => typeof a === 'string' && DROP_DEFAULTS.includes(a)))
    problems.push(
      fail(
        `${base}.StatefulDefaultActions`,
        `${base}.StatefulDefaultActions must include ${DROP_DEFAULTS.join(' or ')}, got ${text(defaults)}: traffic no rule matches would pass`,
      ),
    );

  const stateful = referencedGroups(view, set, `${base}.StatefulRuleGroupReferences`);
  const overrides = view.values(`${base}.StatefulRuleGroupReferences[].Override.Action`);
  if (overrides.includes('DROP_TO_ALERT'))
    problems.push(
      fail(
        `${base}.StatefulRuleGroupReferences`,
        'a stateful rule group reference overrides its drops to alerts (DROP_TO_ALERT)',
      ),
    );
  const allowLists = stateful.groups.filter(isDomainAllowList);
  view.note(
    'domainAllowLists',
    allowLists.map((g) => g.logicalId),
  );
  if (allowLists.length === 0) {
    if (stateful.problems.length > 0) problems.push(...stateful.problems);
    else
      problems.push(
        fail(
          `${base}.StatefulRuleGroupReferences`,
          'no referenced rule group is a stateful domain ALLOWLIST on TLS_SNI with at least one domain',
        ),
      );
  }
  return problems;
}
