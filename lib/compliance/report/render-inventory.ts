import { renderMermaid } from '../inventory/render-mermaid';
import type { ComplianceReport } from './model';

/** What `inventory.json` says when the report holds no inventory: an incomplete file, never an empty one. */
const NO_INVENTORY =
  'This report has no asset inventory: it was built without the synthesized templates (or by an older version). Run `npx cdk synth` to generate it.';

/**
 * Renders `inventory.json`: the report's asset inventory and network map, with the report date, tool and
 * stacks it belongs to. A report without one renders `complete: false` and why, with empty lists.
 */
export function renderInventoryJson(report: ComplianceReport): object {
  const header = { generatedAt: report.generatedAt, tool: report.tool, stacks: report.stacks };
  return report.assets
    ? { ...header, complete: true, ...report.assets }
    : { ...header, complete: false, problem: NO_INVENTORY, assets: [], network: { nodes: [], edges: [] } };
}

/** Renders `network-map.mmd`: the network map as Mermaid source (a comment saying why when there is none). */
export function renderNetworkMapFile(report: ComplianceReport): string {
  return report.assets ? renderMermaid(report.assets.network) : `%% ${NO_INVENTORY}\nflowchart LR\n`;
}
