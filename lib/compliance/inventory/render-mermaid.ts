import type { NetworkMap, NetworkNode, SubnetTier } from './inventory-model';

/**
 * Escapes a label for a quoted Mermaid label: every character but letters, digits and plain
 * punctuation becomes a `#<code>;` entity, so no construct id can close the label or inject markup.
 */
export function mermaidText(value: string): string {
  return value.replace(/[^A-Za-z0-9 ._:/,()-]/g, (c) => `#${c.codePointAt(0)};`);
}

const SHAPES: Readonly<Record<NetworkNode['kind'], [string, string]>> = {
  vpc: ['[', ']'],
  subnet: ['[', ']'],
  endpoint: ['([', '])'],
  'load-balancer': ['{{', '}}'],
  'security-group': ['[/', '/]'],
  'internet-gateway': ['((', '))'],
  'nat-gateway': ['((', '))'],
  cidr: ['>', ']'],
};

const TIER_ORDER: readonly SubnetTier[] = ['public', 'private', 'isolated'];

/**
 * Renders the network map as a Mermaid flowchart (`network-map.mmd`): one subgraph per VPC with a
 * subgraph per subnet tier, endpoints, load balancers and security groups inside their VPC, and the
 * ingress and egress paths as labelled edges. Node ids are generated (`n1`, `n2`…); labels are escaped.
 */
export function renderMermaid(map: NetworkMap): string {
  const ids = new Map(map.nodes.map((n, i) => [n.id, `n${i + 1}`]));
  const node = (n: NetworkNode, indent: string) => {
    const [open, close] = SHAPES[n.kind];
    const text = `${n.kind}: ${n.label}${n.detail ? ` (${n.detail})` : ''}`;
    return `${indent}${ids.get(n.id)}${open}"${mermaidText(text)}"${close}`;
  };
  const lines = ['flowchart LR'];
  const vpcs = map.nodes.filter((n) => n.kind === 'vpc');
  const inVpc = (vpc: string) => map.nodes.filter((n) => n.vpc === vpc);
  for (const vpc of vpcs) {
    lines.push(
      `  subgraph ${ids.get(vpc.id)}["${mermaidText(`VPC ${vpc.label}${vpc.detail ? ` ${vpc.detail}` : ''}`)}"]`,
    );
    const members = inVpc(vpc.id);
    for (const tier of TIER_ORDER) {
      const subnets = members.filter((n) => n.kind === 'subnet' && n.tier === tier);
      if (subnets.length === 0) continue;
      lines.push(`    subgraph ${ids.get(vpc.id)}_${tier}["${tier} subnets"]`);
      for (const s of subnets) lines.push(node(s, '      '));
      lines.push('    end');
    }
    for (const n of members.filter((m) => m.kind !== 'subnet')) lines.push(node(n, '    '));
    lines.push('  end');
  }
  const placed = new Set(vpcs.flatMap((v) => inVpc(v.id)).map((n) => n.id));
  for (const n of map.nodes) if (n.kind !== 'vpc' && !placed.has(n.id)) lines.push(node(n, '  '));
  for (const e of map.edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (!from || !to) continue;
    lines.push(`  ${from} -->|"${mermaidText(e.label)}"| ${to}`);
  }
  return `${lines.join('\n')}\n`;
}
