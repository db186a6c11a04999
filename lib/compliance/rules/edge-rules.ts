import type { TemplateRule } from '../template/rule';
import { AlbHardening } from './elb/alb-hardening';
import { AlbListenerHttps } from './elb/alb-listener-https';
import { WafLoggingRedacted } from './wafv2/waf-logging-redacted';
import { WafManagedRulesEnforced } from './wafv2/waf-managed-rules-enforced';
import { WafProtectsPublicEndpoints } from './wafv2/waf-protects-public-endpoints';

/** The edge template evidence rules, in report order: load balancer listeners and attributes, then AWS WAF. */
export const EDGE_RULES: readonly TemplateRule[] = [
  AlbListenerHttps,
  AlbHardening,
  WafProtectsPublicEndpoints,
  WafManagedRulesEnforced,
  WafLoggingRedacted,
];
