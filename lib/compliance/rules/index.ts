import type { TemplateRule } from '../template/rule';
import { ACCESS_RULES } from './access-rules';
import { API_RULES } from './api-rules';
import { CONTAINER_RULES } from './container-rules';
import { DATA_RULES } from './data-rules';
import { DETECTION_RULES } from './detection-rules';
import { EDGE_RULES } from './edge-rules';
import { EGRESS_RULES } from './egress-rules';
import { NETWORK_FIREWALL_RULES } from './network-firewall-rules';
import { ORGANIZATION_RULES } from './organization-rules';
import { RESILIENCE_RULES } from './resilience-rules';

/**
 * Every template evidence rule, in report order: data stores and keys, detection and response, identity
 * and network, patching and backup. A rule is one file under `rules/<service>/`; its compliant and
 * known-bad fixtures are `test/lib/compliance/rules/<service>/<file>.fixture.ts`, and the registry test
 * fails when a rule has none or a bad fixture passes.
 */
export const TEMPLATE_RULES: readonly TemplateRule[] = [
  ...DATA_RULES,
  ...DETECTION_RULES,
  ...ACCESS_RULES,
  ...EDGE_RULES,
  ...API_RULES,
  ...CONTAINER_RULES,
  ...EGRESS_RULES,
  ...NETWORK_FIREWALL_RULES,
  ...ORGANIZATION_RULES,
  ...RESILIENCE_RULES,
];
