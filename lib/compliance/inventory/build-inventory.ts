import type { TemplateSet } from '../template/template-set';
import { extractAssets } from './assets';
import type { AssetInventory } from './inventory-model';
import { buildNetworkMap, NetworkFacts } from './network-map';

/**
 * Builds the asset inventory and the network map from the synthesized templates, reading the network
 * facts (subnet tiers, security-group attachments) once for both.
 *
 * @param citationsByResource HIPAA citations per construct path (or `Stack/LogicalId` when a resource
 *   has none), from the report's evaluations
 */
export function buildAssetInventory(
  set: TemplateSet,
  citationsByResource: ReadonlyMap<string, readonly string[]>,
): AssetInventory {
  const facts = new NetworkFacts(set);
  return {
    assets: extractAssets(set, facts, citationsByResource),
    network: buildNetworkMap(set, facts),
  };
}
