import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { AssetInventory, ComplianceReport } from '../../../../lib/compliance/report/model';
import { buildReferenceApp } from '../../../../lib/reference-app';

const CDK_JSON = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'cdk.json'), 'utf8'),
) as {
  context: Record<string, unknown>;
};

describe('the reference app’s asset inventory and network map', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'reference-inventory-'));
  // Gate on (it writes the report), CloudFormation's validator off: this file is about the inventory.
  const app = new App({ outdir, context: CDK_JSON.context, builtinCloudFormationValidation: false });
  buildReferenceApp(app);
  app.synth();
  const dir = path.join(outdir, 'compliance');
  const inventory = JSON.parse(
    fs.readFileSync(path.join(dir, 'inventory.json'), 'utf8'),
  ) as AssetInventory & {
    complete: boolean;
  };
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as ComplianceReport;
  const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');

  test('inventory.json lists the PHI buckets, table and database, each with its KMS key and backup plan', () => {
    expect(inventory.complete).toBe(true);
    const phiStore = (type: string, pathPart: string) =>
      inventory.assets.find(
        (a) => a.type === type && a.constructPath.includes(pathPart) && a.classification === 'PHI',
      );
    for (const [type, where] of [
      ['AWS::S3::Bucket', '/ClinicalDocuments/'],
      ['AWS::DynamoDB::Table', '/ClinicalEvents/'],
      ['AWS::RDS::DBCluster', '/PatientRecords/'],
    ] as const) {
      const store = phiStore(type, where);
      expect({ type, encryption: store?.encryption, key: store?.encryptionKey }).toEqual({
        type,
        encryption: 'kms',
        key: expect.stringMatching(/^Hipaa-reference-DataProtection\/RecordsKey/),
      });
      expect(store?.backupPlans.length).toBeGreaterThan(0);
      expect(store?.citations).toContain('164.312(a)(2)(iv)');
    }
    expect(phiStore('AWS::RDS::DBCluster', '/PatientRecords/')?.subnetTiers).toEqual(['isolated']);
    expect(report.assets).toEqual({ assets: inventory.assets, network: inventory.network });
  });

  test('report.html embeds the network map SVG with the VPC and its isolated subnets', () => {
    expect(html).toMatch(/<svg data-testid="network-map-svg"/);
    expect(html).toMatch(/<g class="map-vpc">/);
    expect(html).toMatch(/class="map-node" data-kind="subnet" data-tier="isolated"/);
    expect(fs.readFileSync(path.join(dir, 'network-map.mmd'), 'utf8')).toMatch(/isolated subnets/);
  });

  test('the proposed-rule readiness section scores every requirement, and data stores are segmented', () => {
    const segmentation = report.proposedRule?.requirements.find((r) => r.id === 'network-segmentation');
    expect(segmentation?.status).toBe('ready');
    expect(html).toContain('Proposed-rule readiness (proposed rule — not in force)');
  });
});
