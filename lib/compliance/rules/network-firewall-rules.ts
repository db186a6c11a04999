import type { TemplateRule } from '../template/rule';

/** The Network Firewall egress template evidence rules, in report order. */
export const NETWORK_FIREWALL_RULES: readonly TemplateRule[] = [];
