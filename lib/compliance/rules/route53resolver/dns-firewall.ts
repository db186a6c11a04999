import { Citation } from '../../../../constructs/core/citations';
import { DetectionCitation } from '../../../../constructs/detection/private/citations';
import {
  MANAGED_DOMAIN_LISTS_TYPE,
  MANAGED_THREAT_LISTS,
} from '../../../../constructs/network/private/managed-domain-lists';
import type { Resolved } from '../../template/resolve';
import { ResourceRef } from '../../template/resolve';
import { asNumber, fail, type Problem, type TemplateRule } from '../../template/rule';
import { isSpecial, type TemplateResource, type TemplateSet } from '../../template/template-set';
import { asList } from '../iam/policy-documents';

const ASSOCIATION_TYPE = 'AWS::Route53Resolver::FirewallRuleGroupAssociation';
const RULE_GROUP_TYPE = 'AWS::Route53Resolver::FirewallRuleGroup';
const DOMAIN_LIST_TYPE = 'AWS::Route53Resolver::FirewallDomainList';

/** One firewall rule as the rule reads it. */
interface FirewallRule {
  readonly action: Resolved | undefined;
  readonly listId: Resolved | undefined;
  readonly priority: number | undefined;
}

/** The enabled rules of a rule group, or undefined when they cannot be read from the template. */
function rulesOf(group: TemplateResource): FirewallRule[] | undefined {
  const raw = group.properties.FirewallRules;
  if (raw !== undefined && isSpecial(raw)) return undefined;
  const rules: FirewallRule[] = [];
  for (const rule of asList(raw)) {
    if (rule === null || typeof rule !== 'object' || isSpecial(rule) || Array.isArray(rule)) return undefined;
    const r = rule as Record<string, Resolved>;
    if (r.Status !== undefined && r.Status !== 'ENABLED') continue;
    rules.push({ action: r.Action, listId: r.FirewallDomainListId, priority: asNumber(r.Priority) });
  }
  return rules;
}

/**
 * The AWS managed list a rule's domain list ID names: a `Fn::GetAtt` of the toolkit's lookup
 * (`Custom::ManagedFirewallDomainLists`) whose attribute is the list's name and whose `DomainListNames`
 * asks for it.
 */
function managedListOf(listId: Resolved | undefined, set: TemplateSet): string | undefined {
  if (!(listId instanceof ResourceRef) || !listId.attribute) return undefined;
  const lookup = set.target(listId);
  if (lookup?.type !== MANAGED_DOMAIN_LISTS_TYPE) return undefined;
  const names = asList(lookup.properties.DomainListNames);
  return names.includes(listId.attribute) ? listId.attribute : undefined;
}

/** True when the domain list a rule names is a list of the assembly containing `*` (every domain). */
function isEveryDomain(listId: Resolved | undefined, set: TemplateSet): boolean {
  const list = set.target(listId);
  return list?.type === DOMAIN_LIST_TYPE && asList(list.properties.Domains).includes('*');
}

/** Why one rule group does not protect the VPC, or [] when it does. */
function groupProblems(group: TemplateResource, set: TemplateSet): Problem[] {
  const rules = rulesOf(group);
  if (!rules)
    return [
      {
        path: 'Properties',
        message: `the rules of ${group.logicalId} cannot be read at synth`,
        unverified: true,
      },
    ];
  const blocked = new Set(
    rules.filter((r) => r.action === 'BLOCK').flatMap((r) => managedListOf(r.listId, set) ?? []),
  );
  const missing = MANAGED_THREAT_LISTS.filter((name) => !blocked.has(name));
  if (missing.length === 0) return [];
  // Allow-list mode: the last rule evaluated BLOCKs every domain and no ALLOW rule lets every domain through.
  const last = [...rules].sort((a, b) => (b.priority ?? -1) - (a.priority ?? -1))[0];
  const allowsEverything = rules.some((r) => r.action === 'ALLOW' && isEveryDomain(r.listId, set));
  if (last?.action === 'BLOCK' && isEveryDomain(last.listId, set) && !allowsEverything) return [];
  // A list ID from a parameter, an import or another kind of custom resource may name a managed list.
  const known = [MANAGED_DOMAIN_LISTS_TYPE, DOMAIN_LIST_TYPE];
  const unknown = rules.find(
    (r) => r.action === 'BLOCK' && isSpecial(r.listId) && !known.includes(set.target(r.listId)?.type ?? ''),
  );
  if (unknown)
    return [
      {
        path: 'Properties',
        message: `${group.logicalId} blocks a domain list whose identity cannot be known at synth (${String(unknown.listId)}); it must block ${missing.join(', ')}`,
        unverified: true,
      },
    ];
  return [
    fail(
      'Properties',
      `${group.logicalId} does not block ${missing.join(', ')} and does not end with a rule blocking every domain (*)`,
    ),
  ];
}

/**
 * Every VPC has Route 53 Resolver DNS Firewall: a `FirewallRuleGroupAssociation` to the VPC whose rule
 * group BLOCKs the AWS managed threat lists (malware, botnet command and control, aggregate threat,
 * GuardDuty threat intelligence), or is in allow-list mode: its last rule (highest priority number)
 * BLOCKs `*` and no ALLOW rule allows `*`. Managed lists are recognised through the toolkit's ID lookup;
 * a literal list ID cannot be tied to a list name at synth and counts as unverified.
 */
export const VpcDnsFirewall: TemplateRule = {
  id: 'VpcDnsFirewall',
  citations: [Citation.TRANSMISSION_SECURITY, DetectionCitation.MALWARE_PROTECTION],
  severity: 'error',
  resourceTypes: ['AWS::EC2::VPC'],
  rationale:
    'Malware reaches its command-and-control servers and exfiltrates ePHI through DNS; blocking known-bad domains (or every domain but those allowed) at the VPC resolver stops those lookups for every host, whatever its own configuration.',
  fix: 'Use PhiVpc (or associate a FirewallRuleGroup with the VPC that BLOCKs the four AWS managed threat domain lists, or ends with a rule blocking a domain list of *).',
  check: (view, set) => {
    const associations = set.referrers(view.resource, ASSOCIATION_TYPE, 'VpcId');
    view.note(
      'firewallAssociations',
      associations.map((a) => ({
        association: `${a.stackName}/${a.logicalId}`,
        MutationProtection: a.properties.MutationProtection ?? null,
      })),
    );
    if (associations.length === 0)
      return [
        fail('Properties', `no ${ASSOCIATION_TYPE} refers to this VPC: its DNS queries are not filtered`),
      ];
    const outcomes = associations.map((a) => {
      const group = set.target(a.properties.FirewallRuleGroupId);
      return group?.type === RULE_GROUP_TYPE
        ? groupProblems(group, set)
        : [fail('Properties', `${a.logicalId} names no firewall rule group of the assembly`)];
    });
    if (outcomes.some((p) => p.length === 0)) return [];
    return outcomes.find((p) => p.some((x) => x.unverified)) ?? outcomes[0] ?? [];
  },
};
