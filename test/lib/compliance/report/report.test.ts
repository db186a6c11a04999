import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS } from '../../../../lib/compliance/report/render-csv';
import {
  acknowledgedApp,
  brokenApp,
  compliantApp,
  type ReportFixture,
  synthFixture,
  WEAK_BUCKET_FINDINGS,
} from '../../../helpers/report-fixtures';

const SCHEMAS = path.join(__dirname, '..', '..', '..', '..', 'lib', 'compliance', 'report', 'schemas');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const ENCRYPTION = '164.312(a)(2)(iv)';

let compliant: ReportFixture;
let broken: ReportFixture;
let acknowledged: ReportFixture;
let expired: ReportFixture;
let expiringSoon: ReportFixture;

beforeAll(() => {
  compliant = synthFixture(compliantApp);
  broken = synthFixture(brokenApp);
  acknowledged = synthFixture(acknowledgedApp('2026-12-31'));
  expiringSoon = synthFixture(acknowledgedApp('2026-07-01'));
  expired = synthFixture(acknowledgedApp('2026-01-01'));
});

describe('what synth writes to cdk.out/compliance/', () => {
  test('every format, for passing and failing apps alike', () => {
    for (const fixture of [compliant, broken]) {
      expect(fs.readdirSync(fixture.complianceDir).sort()).toEqual(
        [
          'assessment-plan.json',
          'assessment-results.json',
          'findings.csv',
          'findings.sarif',
          'inventory.json',
          'network-map.mmd',
          'report.html',
          'report.json',
          'report.md',
        ].sort(),
      );
    }
  });

  test('report.json conforms to the published JSON Schema', () => {
    const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
    const validate = ajv.compile(readJson(path.join(SCHEMAS, 'report.schema.json')));
    for (const fixture of [compliant, broken, acknowledged, expired]) {
      expect(validate(fixture.report) ? [] : validate.errors).toEqual([]);
    }
  });

  test('assessment-results.json validates against NIST OSCAL 1.0.6 assessment-results', () => {
    const ajv = addFormats(new Ajv({ allErrors: true, strict: false, unicodeRegExp: true }));
    const validate = ajv.compile(readJson(path.join(SCHEMAS, 'v1.0.6_oscal_assessment-results_schema.json')));
    for (const fixture of [compliant, broken]) {
      const document = readJson(path.join(fixture.complianceDir, 'assessment-results.json'));
      expect(validate(document) ? [] : validate.errors?.slice(0, 5)).toEqual([]);
      const findings = document['assessment-results'].results[0].findings as {
        target: { 'target-id': string; status: { state: string } };
      }[];
      expect(findings).toHaveLength(59);
    }
  });

  test('findings.csv has one row per rule × resource, matching report.json', () => {
    const rows = parse(fs.readFileSync(path.join(broken.complianceDir, 'findings.csv'), 'utf8'), {
      columns: true,
    }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(broken.report.evaluations.length);
    expect(rows.filter((r) => r.status === 'non-compliant')).toHaveLength(broken.report.summary.nonCompliant);
    expect(
      rows.find(
        (r) =>
          r.rule === 'HIPAA.Security-S3DefaultEncryptionKMS' && r.construct_path === 'Fixture/Weak/Resource',
      )?.citations,
    ).toContain(ENCRYPTION);
  });

  test('findings.sarif is SARIF 2.1.0 with one result per finding and suppressions for acknowledgments', () => {
    const sarif = readJson(path.join(acknowledged.complianceDir, 'findings.sarif'));
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs.flatMap((r: { results: unknown[] }) => r.results) as {
      suppressions?: { justification: string }[];
    }[];
    const { nonCompliant, acknowledged: acked } = acknowledged.report.summary;
    expect(results).toHaveLength(nonCompliant + acked);
    expect(results.filter((r) => r.suppressions)).toHaveLength(acked);
    expect(sarif.runs.map((r: { tool: { driver: { name: string } } }) => r.tool.driver.name)).toEqual(
      acknowledged.report.packs.map((p) => p.name),
    );
  });

  test('report.md shows the summary numbers of report.json', () => {
    const md = fs.readFileSync(path.join(broken.complianceDir, 'report.md'), 'utf8');
    const s = broken.report.summary;
    expect(md).toContain(`| ${s.evaluations} | ${s.compliant} | ${s.nonCompliant} | ${s.acknowledged} |`);
    expect(md).toContain('| Fixture/Weak/Resource |');
  });
});

describe('what the report says', () => {
  test('records compliant evaluations, not only violations', () => {
    expect(compliant.report.summary.compliant).toBeGreaterThan(0);
    expect(compliant.report.summary.nonCompliant).toBe(0);
    expect(compliant.report.evaluations).toContainEqual(
      expect.objectContaining({
        ruleId: 'HIPAA.Security-S3DefaultEncryptionKMS',
        status: 'compliant',
        resource: expect.objectContaining({
          constructPath: 'Fixture/Records/Bucket/Resource',
          type: 'AWS::S3::Bucket',
          stack: 'Fixture',
        }),
      }),
    );
  });

  test('indexes all 59 citations; a broken fixture flips the citation it breaks', () => {
    expect(compliant.report.citations).toHaveLength(59);
    const before = compliant.report.citations.find((c) => c.id === ENCRYPTION);
    const after = broken.report.citations.find((c) => c.id === ENCRYPTION);
    expect(before?.status).toMatch(/^met/);
    expect(after?.status).toBe('not-met');
    expect(after?.resources).toContain('Fixture/Weak/Resource');
    expect(before?.constructs.some((c) => c.includes('(PhiBucket)'))).toBe(true);
  });

  test('never shows a citation as met without a check that ran; organizational items need attestation', () => {
    for (const c of compliant.report.citations) {
      if (c.status === 'met' || c.status === 'met-with-exceptions')
        expect(c.counts.compliant + c.counts.acknowledged).toBeGreaterThan(0);
    }
    expect(compliant.report.citations.find((c) => c.id === '164.308(a)(5)(i)')?.status).toBe(
      'attestation-required',
    );
    expect(compliant.report.citations.find((c) => c.id === '164.308(b)(1)')?.status).not.toMatch(/^met/);
  });

  test('acknowledged findings carry reason, owner, ticket and expiry into the exceptions register', () => {
    const row = acknowledged.report.evaluations.find(
      (e) =>
        e.ruleId === 'HIPAA.Security-S3DefaultEncryptionKMS' &&
        e.resource.constructPath === 'Fixture/Weak/Resource',
    );
    expect(row).toMatchObject({
      status: 'acknowledged',
      acknowledgment: {
        owner: 'platform-team',
        ticket: 'SEC-42',
        expires: '2026-12-31',
        acknowledgedAt: 'Fixture/Weak',
      },
    });
    expect(acknowledged.report.exceptions).toContainEqual(
      expect.objectContaining({
        id: 'HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS',
        state: 'active',
        findings: 1,
        owner: 'platform-team',
      }),
    );
    expect(acknowledged.error).toBeUndefined();
  });

  test('an expired exception fails synth; one expiring within 30 days only warns', () => {
    expect(expired.error).toBeDefined();
    expect(expired.report.summary.exceptions.expired).toBe(WEAK_BUCKET_FINDINGS.length);
    const validation = readJson(path.join(expired.outdir, 'validation-report.json'));
    const plugin = validation.pluginReports.find(
      (r: { pluginName: string }) => r.pluginName === 'ComplianceReport',
    );
    expect(plugin.violations[0].description).toMatch(/expired on 2026-01-01: fix the finding or renew/);
    expect(expiringSoon.error).toBeUndefined();
    expect(expiringSoon.report.summary.exceptions['expiring-soon']).toBe(WEAK_BUCKET_FINDINGS.length);
  });

  test('inventories encrypted data stores with their keys, log retention and PHI tags', () => {
    const { dataStores, logDestinations, phiTagged } = compliant.report.inventory;
    expect(dataStores).toContainEqual(
      expect.objectContaining({
        constructPath: 'Fixture/Records/Bucket/Resource',
        encrypted: true,
        phi: true,
        key: expect.stringMatching(/^RecordsKey/),
      }),
    );
    expect(logDestinations).toContainEqual(
      expect.objectContaining({
        constructPath: 'Fixture/Records/AccessLogs/Bucket/Resource',
        retentionDays: 2192,
      }),
    );
    expect(phiTagged.map((r) => r.constructPath)).toContain('Fixture/Records/Bucket/Resource');
  });
});
