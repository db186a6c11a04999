import { buildAssetInventory } from '../../../../lib/compliance/inventory/build-inventory';
import type { AssetInventory, AssetRow } from '../../../../lib/compliance/inventory/inventory-model';
import { mermaidText, renderMermaid } from '../../../../lib/compliance/inventory/render-mermaid';
import { assetsHtml } from '../../../../lib/compliance/inventory/render-sections';
import { renderNetworkSvg } from '../../../../lib/compliance/inventory/render-svg';
import { TemplateSet } from '../../../../lib/compliance/template/template-set';
import { type FixtureFlaws, inventoryFixture } from './inventory-fixtures';

const inventoryOf = (flaws: FixtureFlaws = {}, citations = new Map<string, string[]>()): AssetInventory =>
  buildAssetInventory(new TemplateSet(inventoryFixture(flaws)), citations);

const asset = (inventory: AssetInventory, logicalId: string): AssetRow => {
  const found = inventory.assets.find((a) => a.logicalId === logicalId);
  if (!found) throw new Error(`no asset ${logicalId}`);
  return found;
};

describe('asset inventory (known-good fixture)', () => {
  const inventory = inventoryOf({}, new Map([['Inv/Records/Resource', ['164.312(a)(2)(iv)']]]));

  test('lists the PHI bucket with its classification, owner, key, backup plan and citations, and no gap', () => {
    expect(asset(inventory, 'Records')).toEqual({
      stack: 'Inv',
      logicalId: 'Records',
      constructPath: 'Inv/Records/Resource',
      type: 'AWS::S3::Bucket',
      category: 'data-store',
      classification: 'PHI',
      owner: 'records-team',
      encryption: 'kms',
      encryptionKey: 'Inv/RecordsKey',
      backupPlans: ['Inv/Plan'],
      subnetTiers: [],
      citations: ['164.312(a)(2)(iv)'],
      gaps: [],
    });
  });

  test('places the database in its subnet group’s isolated subnet and lists every asset category', () => {
    expect(asset(inventory, 'Db')).toMatchObject({ subnetTiers: ['isolated'], encryption: 'kms', gaps: [] });
    expect(new Set(inventory.assets.map((a) => a.category))).toEqual(
      new Set(['data-store', 'key', 'network']),
    );
    expect(asset(inventory, 'RecordsKey')).toMatchObject({ category: 'key', encryption: 'not-applicable' });
  });

  test('the map has subnets by tier from route tables, the endpoint, SG paths and IGW/NAT egress', () => {
    const tier = (id: string) => inventory.network.nodes.find((n) => n.id === `Inv/${id}`)?.tier;
    expect([tier('PublicSubnet'), tier('PrivateSubnet'), tier('DataSubnet')]).toEqual([
      'public',
      'private',
      'isolated',
    ]);
    expect(inventory.network.nodes.find((n) => n.id === 'Inv/S3Endpoint')).toMatchObject({
      kind: 'endpoint',
      label: 's3',
      vpc: 'Inv/Vpc',
      detail: 'Gateway',
    });
    expect(inventory.network.edges).toEqual(
      expect.arrayContaining([
        { from: 'cidr:10.0.0.0/16', to: 'Inv/AppSg', label: 'tcp 443', kind: 'ingress' },
        { from: 'Inv/AppSg', to: 'Inv/DbSg', label: 'tcp 5432', kind: 'ingress' },
        { from: 'Inv/Igw', to: 'cidr:0.0.0.0/0', label: 'egress', kind: 'egress' },
        { from: 'Inv/Nat', to: 'cidr:0.0.0.0/0', label: 'egress via NAT', kind: 'egress' },
      ]),
    );
    expect(inventory.network.nodes.find((n) => n.id === 'Inv/DbSg')?.detail).toBe('attached to Db');
  });
});

describe('asset inventory (known-bad fixtures show gaps)', () => {
  test('a PHI store without an Owner tag is listed as unassigned, a gap', () => {
    expect(asset(inventoryOf({ noOwner: true }), 'Records')).toMatchObject({
      owner: 'unassigned',
      gaps: ['no Owner tag'],
    });
  });

  test('a PHI store with SSE-S3 has no key and the gap says so', () => {
    const records = asset(inventoryOf({ noKey: true }), 'Records');
    expect(records.encryption).toBe('service-managed');
    expect(records.encryptionKey).toBeUndefined();
    expect(records.gaps).toEqual(['not encrypted with a KMS key (service-managed)']);
  });

  test('PHI stores outside every backup plan are gaps', () => {
    const inventory = inventoryOf({ noBackup: true });
    expect(asset(inventory, 'Records').gaps).toEqual(['in no backup plan']);
    expect(asset(inventory, 'Db').gaps).toEqual(['in no backup plan']);
  });

  test('a PHI database in a subnet that routes to an internet gateway is in a public subnet, a gap', () => {
    const db = asset(inventoryOf({ publicDataSubnets: true }), 'Db');
    expect(db.subnetTiers).toEqual(['public']);
    expect(db.gaps).toEqual(['placed in a public subnet']);
  });
});

describe('network map renderers', () => {
  const HOSTILE = 'Evil<script>alert(1)</script>"]-->x[';
  const inventory = inventoryOf({ hostileId: HOSTILE });

  test('Mermaid: a subgraph per VPC and tier, labelled edges, and no raw markup or quote from an id', () => {
    const mmd = renderMermaid(inventory.network);
    expect(mmd.startsWith('flowchart LR\n')).toBe(true);
    expect(mmd).toMatch(/subgraph n\d+_isolated\["isolated subnets"\]/);
    expect(mmd).toMatch(/-->\|"tcp 5432"\|/);
    expect(mmd).not.toContain('<script>');
    expect(mermaidText('a"b<c')).toBe('a#34;b#60;c');
  });

  test('SVG: one node per map node, escaped text, no script, no external reference', () => {
    const svg = renderNetworkSvg(inventory.network);
    const boxes = (svg.match(/class="map-(node|vpc)"/g) ?? []).length;
    expect(boxes).toBe(inventory.network.nodes.length);
    expect((svg.match(/class="map-edge"/g) ?? []).length).toBe(inventory.network.edges.length);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('Evil&lt;script&gt;');
    expect(svg).not.toMatch(/https?:\/\//);
  });

  test('an empty map renders a labelled empty SVG, and a report without assets renders no section', () => {
    expect(renderNetworkSvg({ nodes: [], edges: [] })).toContain('No network resources in the templates.');
    expect(assetsHtml(undefined)).toBe('');
  });
});
