import escapeHtml from 'escape-html';
import { mdCell } from '../report/render-markdown';
import type { AssetInventory, AssetRow, ProposedRuleReadiness, ReadinessStatus } from './inventory-model';
import { renderNetworkSvg } from './render-svg';

const e = (value: unknown): string => escapeHtml(String(value ?? ''));

/** Labels of readiness statuses, shared by the HTML and Markdown sections. */
export const READINESS_LABELS: Readonly<Record<ReadinessStatus, string>> = {
  ready: 'Ready',
  partial: 'Partial',
  'not-ready': 'Not ready',
};

/** The CSS class of a readiness cell (the report's status colours). */
const READINESS_CLASS: Readonly<Record<ReadinessStatus, string>> = {
  ready: 's-met',
  partial: 's-met-with-exceptions',
  'not-ready': 's-not-met',
};

const keyText = (a: AssetRow) => a.encryptionKey ?? (a.encryption === 'not-applicable' ? '' : a.encryption);

/** The "Asset inventory and network map" section of report.html (empty when the report has none). */
export function assetsHtml(assets: AssetInventory | undefined): string {
  if (!assets) return '';
  const rows = assets.assets
    .map(
      (a) =>
        `<tr${a.gaps.length > 0 ? ' class="s-not-met"' : ''}><td><code>${e(a.constructPath || `${a.stack}/${a.logicalId}`)}</code></td><td>${e(a.category)}</td><td>${e(a.type)}</td><td>${e(a.classification)}</td><td>${a.owner === 'unassigned' ? '<strong>unassigned</strong>' : e(a.owner)}</td><td><code>${e(keyText(a))}</code></td><td>${e(a.backupPlans.join(', '))}</td><td>${e(a.subnetTiers.join(', '))}</td><td>${e(a.citations.join(', '))}</td><td>${e(a.gaps.join('; '))}</td></tr>`,
    )
    .join('');
  const gaps = assets.assets.filter((a) => a.gaps.length > 0).length;
  return `<h2>Asset inventory and network map</h2>
<p>Generated from the synthesized templates (also in <code>inventory.json</code> and <code>network-map.mmd</code>). ${assets.assets.length} assets; ${gaps} PHI assets with gaps.</p>
<div style="overflow-x:auto"><table data-testid="assets"><thead><tr><th>resource</th><th>category</th><th>type</th><th>classification</th><th>owner</th><th>encryption key</th><th>backup plans</th><th>subnet tiers</th><th>citations</th><th>gaps</th></tr></thead><tbody>${rows}</tbody></table></div>
<h3>Network map</h3>
<p>${assets.network.nodes.length} nodes, ${assets.network.edges.length} paths (ingress to security groups, egress to the internet).</p>
<div data-testid="network-map" style="overflow-x:auto">${renderNetworkSvg(assets.network)}</div>
`;
}

/** The "Proposed-rule readiness" section of report.html (empty when the report has none). */
export function readinessHtml(readiness: ProposedRuleReadiness | undefined): string {
  if (!readiness) return '';
  const rows = readiness.requirements
    .map(
      (r) =>
        `<tr><td>${e(r.title)}<br><small>${e(r.nprmSection)}</small></td><td>${e(r.requirement)}</td><td class="${READINESS_CLASS[r.status]}">${e(READINESS_LABELS[r.status])}</td><td>${e(r.reason)}</td></tr>`,
    )
    .join('');
  return `<h2>Proposed-rule readiness (${e(readiness.notice)})</h2>
<p><strong>${e(readiness.notice)}.</strong> ${e(readiness.source)}. These scores are separate from the HIPAA citation index above and never change a current citation's status.</p>
<table data-testid="proposed-rule"><thead><tr><th>proposed requirement</th><th>what it would require</th><th>readiness</th><th>why</th></tr></thead><tbody>${rows}</tbody></table>
`;
}

/** The Markdown counterparts of {@link assetsHtml} and {@link readinessHtml}, as lines. */
export function inventoryMarkdown(
  assets: AssetInventory | undefined,
  readiness: ProposedRuleReadiness | undefined,
): string[] {
  const lines: string[] = [];
  if (assets) {
    lines.push(
      '## Asset inventory and network map',
      '',
      'Generated from the synthesized templates; the network map is in `network-map.mmd` (Mermaid) and report.html (SVG).',
      '',
      '| resource | category | classification | owner | encryption key | backup plans | subnet tiers | citations | gaps |',
      '|---|---|---|---|---|---|---|---|---|',
      ...assets.assets.map(
        (a) =>
          `| ${mdCell(a.constructPath || `${a.stack}/${a.logicalId}`)} | ${a.category} | ${mdCell(a.classification)} | ${mdCell(a.owner)} | ${mdCell(keyText(a))} | ${mdCell(a.backupPlans.join(', '))} | ${a.subnetTiers.join(', ')} | ${a.citations.join(', ')} | ${mdCell(a.gaps.join('; '))} |`,
      ),
      '',
    );
  }
  if (readiness) {
    lines.push(
      `## Proposed-rule readiness (${readiness.notice})`,
      '',
      `**${readiness.notice}.** ${readiness.source}. Separate from the HIPAA citations above; never changes a current citation's status.`,
      '',
      '| proposed requirement | section | readiness | why |',
      '|---|---|---|---|',
      ...readiness.requirements.map(
        (r) =>
          `| ${mdCell(r.title)} | ${r.nprmSection} | ${READINESS_LABELS[r.status]} | ${mdCell(r.reason)} |`,
      ),
      '',
    );
  }
  return lines;
}
