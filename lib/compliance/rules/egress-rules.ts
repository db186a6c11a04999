import type { TemplateRule } from '../template/rule';
import { VpcDnsFirewall } from './route53resolver/dns-firewall';
import { VpcResolverQueryLogging } from './route53resolver/query-logging';
import { VpcEndpointPolicyPerimeter } from './vpc/endpoint-policy-perimeter';

/** The egress template evidence rules, in report order. */
export const EGRESS_RULES: readonly TemplateRule[] = [
  VpcResolverQueryLogging,
  VpcDnsFirewall,
  VpcEndpointPolicyPerimeter,
];
