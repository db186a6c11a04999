import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import type { Construct } from 'constructs';

/**
 * Capacity of the domain allow-list rule group. Capacity is fixed when a rule group is created and the
 * group is named, so it must not follow the list's length (that would replace a named resource): 1000
 * covers MAX_ALLOWED_DOMAINS (250) domains for both target types with room to spare.
 */
export const DOMAIN_LIST_CAPACITY = 1000;
/** Capacity of the protocol rule group (two rules). */
export const PROTOCOL_RULES_CAPACITY = 10;

/** Stateful default actions: drop what no rule passed once the connection is established, and log it. */
export const STATEFUL_DEFAULT_ACTIONS = ['aws:drop_established', 'aws:alert_established'] as const;
/** Stateless default: every packet and fragment goes to the stateful engine; nothing is passed unseen. */
export const STATELESS_DEFAULT_ACTIONS = ['aws:forward_to_sfe'] as const;

/** What the policy of an {@link EgressFirewall} is built from. */
export interface EgressPolicyParts {
  /** Base of the resource names (unique per stack). */
  readonly name: string;
  /** The allowed domains, already validated. */
  readonly allowedDomains: readonly string[];
  /** The workload subnets' CIDR blocks: the firewall's HOME_NET. */
  readonly homeNet: readonly string[];
}

/** The rule groups and policy of an {@link EgressFirewall}. */
export interface EgressPolicy {
  readonly ruleGroup: nfw.CfnRuleGroup;
  readonly protocolRuleGroup: nfw.CfnRuleGroup;
  readonly policy: nfw.CfnFirewallPolicy;
}

/** A structured Suricata rule that drops one protocol leaving HOME_NET, logging it to the ALERT log. */
function dropFromHome(protocol: 'UDP' | 'ICMP', sid: number): nfw.CfnRuleGroup.StatefulRuleProperty {
  return {
    action: 'DROP',
    header: {
      protocol,
      source: '$HOME_NET',
      sourcePort: 'ANY',
      direction: 'FORWARD',
      destination: '$EXTERNAL_NET',
      destinationPort: 'ANY',
    },
    ruleOptions: [
      { keyword: 'msg', settings: [`"${protocol} egress is not allowed"`] },
      { keyword: 'sid', settings: [String(sid)] },
    ],
  };
}

/**
 * Builds the firewall policy, in strict order:
 *
 * 1. the domain allow-list (priority 1): TLS whose SNI and HTTP whose Host is an allowed domain pass,
 *    any other TLS or HTTP is dropped (Network Firewall generates those rules for an ALLOWLIST);
 * 2. protocol rules (priority 2): UDP and ICMP leaving the workload subnets are dropped. The default
 *    action only drops *established* flows, and a one-way UDP or ICMP flow never becomes established,
 *    so without these rules it would leave unfiltered;
 * 3. the default actions: every established flow no rule passed is dropped and alerted
 *    (`aws:drop_established`, so the TCP handshake reaches the rules that read SNI and Host).
 *
 * Stateless rules: none; every packet and fragment is forwarded to the stateful engine.
 */
export function createEgressPolicy(scope: Construct, parts: EgressPolicyParts): EgressPolicy {
  const ruleGroup = new nfw.CfnRuleGroup(scope, 'AllowedDomains', {
    ruleGroupName: `${parts.name}-allowed-domains`,
    type: 'STATEFUL',
    capacity: DOMAIN_LIST_CAPACITY,
    description: 'Domains the workload subnets may reach over HTTPS (TLS SNI) and HTTP (Host)',
    ruleGroup: {
      rulesSource: {
        rulesSourceList: {
          generatedRulesType: 'ALLOWLIST',
          targetTypes: ['TLS_SNI', 'HTTP_HOST'],
          targets: [...parts.allowedDomains],
        },
      },
      statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
    },
  });
  const protocolRuleGroup = new nfw.CfnRuleGroup(scope, 'ProtocolRules', {
    ruleGroupName: `${parts.name}-protocol-rules`,
    type: 'STATEFUL',
    capacity: PROTOCOL_RULES_CAPACITY,
    description: 'Drops UDP and ICMP leaving the workload subnets (DNS and time stay inside the VPC)',
    ruleGroup: {
      rulesSource: { statefulRules: [dropFromHome('UDP', 1), dropFromHome('ICMP', 2)] },
      statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
    },
  });
  const policy = new nfw.CfnFirewallPolicy(scope, 'Policy', {
    firewallPolicyName: `${parts.name}-policy`,
    description: 'Egress allow-list: allowed domains pass, everything else is dropped and logged',
    firewallPolicy: {
      statelessDefaultActions: [...STATELESS_DEFAULT_ACTIONS],
      statelessFragmentDefaultActions: [...STATELESS_DEFAULT_ACTIONS],
      statefulEngineOptions: { ruleOrder: 'STRICT_ORDER', streamExceptionPolicy: 'DROP' },
      statefulDefaultActions: [...STATEFUL_DEFAULT_ACTIONS],
      statefulRuleGroupReferences: [
        { resourceArn: ruleGroup.attrRuleGroupArn, priority: 1 },
        { resourceArn: protocolRuleGroup.attrRuleGroupArn, priority: 2 },
      ],
      policyVariables: { ruleVariables: { HOME_NET: { definition: [...parts.homeNet] } } },
    },
  });
  return { ruleGroup, protocolRuleGroup, policy };
}
