import escapeHtml from 'escape-html';
import type { NetworkMap, NetworkNode } from './inventory-model';

const e = (value: unknown): string => escapeHtml(String(value ?? ''));

const WIDTH = 1000;
const BOX_W = 190;
const BOX_H = 38;
const GAP = 12;
const LANE_LABEL_W = 120;
const PER_ROW = Math.floor((WIDTH - LANE_LABEL_W - 2 * GAP) / (BOX_W + GAP));
const MAX_LABEL = 26;

const FILL: Readonly<Record<string, string>> = {
  public: '#ffebe9',
  private: '#fff8c5',
  isolated: '#dafbe1',
  endpoint: '#ddf4ff',
  'load-balancer': '#fbefff',
  'security-group': '#f6f8fa',
  'internet-gateway': '#ffd8b5',
  'nat-gateway': '#ffd8b5',
  cidr: '#eaeef2',
};

/** The lanes of one VPC frame, top to bottom: which nodes each shows. */
const LANES: readonly { readonly title: string; readonly pick: (n: NetworkNode) => boolean }[] = [
  { title: 'gateways', pick: (n) => n.kind === 'internet-gateway' || n.kind === 'nat-gateway' },
  { title: 'load balancers', pick: (n) => n.kind === 'load-balancer' },
  { title: 'public subnets', pick: (n) => n.kind === 'subnet' && n.tier === 'public' },
  { title: 'private subnets', pick: (n) => n.kind === 'subnet' && n.tier === 'private' },
  { title: 'isolated subnets', pick: (n) => n.kind === 'subnet' && n.tier === 'isolated' },
  { title: 'VPC endpoints', pick: (n) => n.kind === 'endpoint' },
  { title: 'security groups', pick: (n) => n.kind === 'security-group' },
];

interface Placed {
  readonly node: NetworkNode;
  readonly x: number;
  readonly y: number;
}

/** Keeps the end of a long label (the construct id, not the shared prefix); the full text is in the title. */
const truncate = (text: string) => (text.length > MAX_LABEL ? `…${text.slice(-(MAX_LABEL - 1))}` : text);

/** Places `nodes` in rows of {@link PER_ROW} from `y`; returns the height used. */
function placeRow(nodes: readonly NetworkNode[], y: number, out: Placed[]): number {
  nodes.forEach((node, i) => {
    out.push({
      node,
      x: LANE_LABEL_W + GAP + (i % PER_ROW) * (BOX_W + GAP),
      y: y + Math.floor(i / PER_ROW) * (BOX_H + GAP),
    });
  });
  return Math.ceil(nodes.length / PER_ROW) * (BOX_H + GAP);
}

function nodeSvg({ node, x, y }: Placed): string {
  const fill = FILL[node.kind === 'subnet' ? (node.tier ?? 'isolated') : node.kind] ?? '#ffffff';
  const full = `${node.kind}: ${node.label}${node.detail ? ` (${node.detail})` : ''}`;
  return `<g class="map-node" data-kind="${e(node.kind)}"${node.tier ? ` data-tier="${e(node.tier)}"` : ''}><title>${e(full)}</title><rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="4" fill="${fill}" stroke="#57606a"/><text x="${x + 6}" y="${y + 15}" font-size="11">${e(truncate(node.label))}</text><text x="${x + 6}" y="${y + 30}" font-size="10" fill="#57606a">${e(truncate(node.detail ?? node.kind))}</text></g>`;
}

/**
 * Renders the network map as an inline SVG for report.html: a lane of sources outside any VPC (the
 * internet, CIDR blocks), then one frame per VPC with lanes for gateways, load balancers, subnets by
 * tier, endpoints and security groups; ingress and egress paths are lines between the boxes. Hand laid
 * out, no scripts, no external references; every text is HTML-escaped.
 */
export function renderNetworkSvg(map: NetworkMap): string {
  const placed: Placed[] = [];
  const frames: string[] = [];
  let y = GAP;
  const vpcIds = new Set(map.nodes.filter((n) => n.kind === 'vpc').map((n) => n.id));
  const outside = map.nodes.filter((n) => n.kind !== 'vpc' && !(n.vpc && vpcIds.has(n.vpc)));
  if (outside.length > 0) {
    frames.push(`<text x="${GAP}" y="${y + 24}" font-size="12" font-weight="600">outside any VPC</text>`);
    y += placeRow(outside, y, placed) + GAP;
  }
  for (const vpc of map.nodes.filter((n) => n.kind === 'vpc')) {
    const top = y;
    y += 24;
    const members = map.nodes.filter((n) => n.vpc === vpc.id);
    for (const lane of LANES) {
      const nodes = members.filter(lane.pick);
      if (nodes.length === 0) continue;
      frames.push(`<text x="${GAP * 2}" y="${y + 24}" font-size="11">${e(lane.title)}</text>`);
      y += placeRow(nodes, y, placed);
    }
    y += GAP;
    frames.unshift(
      `<g class="map-vpc"><rect x="${GAP / 2}" y="${top}" width="${WIDTH - GAP}" height="${y - top}" rx="6" fill="none" stroke="#0969da" stroke-dasharray="6 3"/><text x="${GAP}" y="${top + 16}" font-size="12" font-weight="600">${e(`VPC ${vpc.label}${vpc.detail ? ` ${vpc.detail}` : ''}`)}</text></g>`,
    );
    y += GAP;
  }
  if (placed.length === 0) {
    return `<svg data-testid="network-map-svg" role="img" aria-label="Network map" viewBox="0 0 ${WIDTH} 40" width="${WIDTH}" height="40"><text x="${GAP}" y="24" font-size="12">No network resources in the templates.</text></svg>`;
  }
  const at = new Map(placed.map((p) => [p.node.id, p]));
  const edges = map.edges.flatMap((edge) => {
    const from = at.get(edge.from);
    const to = at.get(edge.to);
    if (!from || !to) return [];
    const [x1, y1, x2, y2] = [from.x + BOX_W / 2, from.y + BOX_H / 2, to.x + BOX_W / 2, to.y + BOX_H / 2];
    // Boxes in one row would draw over each other: bend the line above the row.
    const bend = y1 === y2 ? ` Q ${(x1 + x2) / 2} ${y1 - BOX_H} ${x2} ${y2}` : ` L ${x2} ${y2}`;
    return [
      `<g class="map-edge" data-kind="${e(edge.kind)}"><title>${e(`${from.node.label} → ${to.node.label}: ${edge.label}`)}</title><path d="M ${x1} ${y1}${bend}" fill="none" stroke="${edge.kind === 'egress' ? '#cf222e' : '#57606a'}" stroke-width="1.2" marker-end="url(#map-arrow)"/><text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - (y1 === y2 ? BOX_H / 2 : 0)}" font-size="9" fill="#57606a">${e(edge.label)}</text></g>`,
    ];
  });
  const height = y + GAP;
  return `<svg data-testid="network-map-svg" role="img" aria-label="Network map" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" font-family="system-ui,sans-serif"><defs><marker id="map-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#57606a"/></marker></defs>${frames.join('')}${edges.join('')}${placed.map(nodeSvg).join('')}</svg>`;
}
