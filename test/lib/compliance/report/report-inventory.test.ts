import * as fs from 'node:fs';
import * as path from 'node:path';
import { PhiVpc } from '../../../../constructs/network/phi-vpc';
import { PROPOSED_RULE_NOTICE } from '../../../../lib/compliance/catalog/proposed-rule';
import { parseReportFile } from '../../../../lib/compliance/report/read-report';
import { renderOscal } from '../../../../lib/compliance/report/render-oscal';
import { REPORT_FORMATS } from '../../../../lib/compliance/report/write-report';
import { compliantApp, type ReportFixture, synthFixture } from '../../../helpers/report-fixtures';

let fixture: ReportFixture;

beforeAll(() => {
  fixture = synthFixture((stack) => {
    compliantApp(stack);
    new PhiVpc(stack, 'Network', {
      internetEgress: true,
      unfilteredInternetEgress: { reason: 'A unit test VPC whose egress path is not what the test is about' },
    });
  });
});

const read = (format: keyof typeof REPORT_FORMATS) =>
  fs.readFileSync(path.join(fixture.complianceDir, REPORT_FORMATS[format]), 'utf8');

describe('the report’s asset inventory, network map and proposed-rule readiness', () => {
  test('report.json holds both sections and is valid against the report schema', () => {
    const report = parseReportFile('report.json', read('json'));
    expect(report.assets?.assets.length).toBeGreaterThan(0);
    expect(report.proposedRule?.notice).toBe(PROPOSED_RULE_NOTICE);
  });

  test('inventory.json lists the PHI bucket with its key, and the VPC’s subnets by tier', () => {
    const inventory = JSON.parse(read('inventory'));
    expect(inventory.complete).toBe(true);
    expect(inventory.assets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          constructPath: 'Fixture/Records/Bucket/Resource',
          classification: 'PHI',
          encryption: 'kms',
          encryptionKey: expect.stringMatching(/^Fixture\/RecordsKey/),
        }),
      ]),
    );
    const tiers = new Set(
      inventory.network.nodes
        .filter((n: { kind: string }) => n.kind === 'subnet')
        .map((n: { tier: string }) => n.tier),
    );
    expect(tiers).toEqual(new Set(['public', 'private', 'isolated']));
  });

  test('network-map.mmd is Mermaid source of the same map', () => {
    const mmd = read('network-map');
    expect(mmd).toMatch(/^flowchart LR\n/);
    expect(mmd).toMatch(/subgraph \w+_public\["public subnets"\]/);
  });

  test('report.html and report.md show both sections; readiness is marked as a proposal', () => {
    const html = read('html');
    expect(html).toContain('<h2>Asset inventory and network map</h2>');
    expect(html).toMatch(/<svg data-testid="network-map-svg"[^>]*>[\s\S]*class="map-node"/);
    expect(html).toContain(`Proposed-rule readiness (${PROPOSED_RULE_NOTICE})`);
    const md = read('md');
    expect(md).toContain('## Asset inventory and network map');
    expect(md).toContain(`## Proposed-rule readiness (${PROPOSED_RULE_NOTICE})`);
  });

  test('OSCAL: readiness is a group of observations of its own, linked to no citation finding', () => {
    const oscal = renderOscal(fixture.report) as {
      'assessment-results': {
        results: {
          observations: { title: string; props: { name: string; value: string }[] }[];
          findings: { 'related-observations'?: { 'observation-uuid': string }[] }[];
        }[];
      };
    };
    const result = oscal['assessment-results'].results[0];
    const proposed =
      result?.observations.filter((o) =>
        o.props.some((p) => p.name === 'regulatory-status' && p.value === PROPOSED_RULE_NOTICE),
      ) ?? [];
    expect(proposed).toHaveLength(fixture.report.proposedRule?.requirements.length ?? -1);
    const linked = new Set(
      result?.findings.flatMap((f) => (f['related-observations'] ?? []).map((r) => r['observation-uuid'])),
    );
    expect(proposed.some((o) => linked.has((o as unknown as { uuid: string }).uuid))).toBe(false);
    expect(result?.findings).toHaveLength(fixture.report.citations.length);
  });
});
