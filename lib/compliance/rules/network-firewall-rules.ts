import type { TemplateRule } from '../template/rule';
import { NetworkFirewallEgress } from './networkfirewall/network-firewall-egress';
import { NetworkFirewallLogging } from './networkfirewall/network-firewall-logging';

/** The Network Firewall egress template evidence rules, in report order. */
export const NETWORK_FIREWALL_RULES: readonly TemplateRule[] = [
  NetworkFirewallEgress,
  NetworkFirewallLogging,
];
