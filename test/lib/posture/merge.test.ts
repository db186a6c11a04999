import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { ComplianceReport } from '../../../lib/compliance/report/model';
import { AttributionIndex } from '../../../lib/posture/attribution';
import type { Collection } from '../../../lib/posture/collector';
import { CONFIG_RULE_CITATIONS } from '../../../lib/posture/config-rule-citations';
import { buildPostureReport } from '../../../lib/posture/merge';
import { ObservationStore } from '../../../lib/posture/observations';
import { POSTURE_EXIT, postureExitCode, writePostureReport } from '../../../lib/posture/write-posture';
import { compliantApp, synthFixture } from '../../helpers/report-fixtures';

const SCHEMAS = path.join(__dirname, '..', '..', '..', 'lib', 'compliance', 'report', 'schemas');
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const LOGGING = 's3-bucket-logging-enabled';

let intended: ComplianceReport;
let bucket: { logicalId: string; constructPath: string };

beforeAll(() => {
  intended = synthFixture(compliantApp).report;
  const row = intended.evaluations.find(
    (e) => e.resource.type === 'AWS::S3::Bucket' && e.resource.constructPath.includes('/Records/Bucket/'),
  );
  if (!row) throw new Error('fixture has no Records bucket');
  bucket = row.resource;
});

const result = (rule: string, id: string, type: string, compliance: string) => ({
  ComplianceType: compliance as 'COMPLIANT',
  EvaluationResultIdentifier: {
    EvaluationResultQualifier: { ConfigRuleName: rule, ResourceType: type, ResourceId: id },
  },
  ConfigRuleInvokedTime: new Date(),
  ResultRecordedTime: new Date(),
});

/** A collection: the app's bucket failing logging, three buckets outside the app, an account-level rule. */
function collection(options: { attribute: boolean; gap?: boolean }): Collection {
  const store = new ObservationStore();
  store.target(ACCOUNT, REGION);
  store.addConfigRuleCompliance(ACCOUNT, REGION, `${LOGGING}-conformance-pack-x1`, 'NON_COMPLIANT');
  for (const [id, compliance] of [
    ['app-bucket-physical', 'NON_COMPLIANT'],
    ['click-ops-bucket', 'NON_COMPLIANT'],
    ['other-stack-bucket', 'COMPLIANT'],
    ['cdk-toolkit-bucket', 'NON_COMPLIANT'],
    ['never-recorded-bucket', 'COMPLIANT'],
  ]) {
    store.addConfigResult(
      ACCOUNT,
      REGION,
      result(`${LOGGING}-conformance-pack-x1`, id, 'AWS::S3::Bucket', compliance),
    );
  }
  store.addConfigResult(
    ACCOUNT,
    REGION,
    result('iam-password-policy-conformance-pack-x1', ACCOUNT, 'AWS::::Account', 'COMPLIANT'),
  );
  store.addFinding(
    {
      AwsAccountId: ACCOUNT,
      Region: REGION,
      Title: 'S3 general purpose buckets should use versioning',
      Severity: { Label: 'LOW' },
      Compliance: { Status: 'FAILED', SecurityControlId: 'S3.14' },
      Resources: [
        {
          Type: 'AwsS3Bucket',
          Id: 'arn:aws:s3:::app-bucket-physical',
          Tags: {
            'aws:cloudformation:stack-name': 'Fixture',
            'aws:cloudformation:logical-id': bucket.logicalId,
          },
        },
      ],
    } as unknown as AwsSecurityFinding,
    ACCOUNT,
    REGION,
  );
  if (options.gap) {
    store.addGap({
      source: 'securityhub',
      account: ACCOUNT,
      region: 'eu-west-1',
      operation: 'GetFindings',
      code: 'timeout',
      message: 'timed out',
    });
  }
  let attribution: AttributionIndex | undefined;
  if (options.attribute) {
    attribution = new AttributionIndex();
    const key = (id: string) => AttributionIndex.key(ACCOUNT, REGION, 'AWS::S3::Bucket', id);
    attribution.set(key('app-bucket-physical'), { stack: 'Fixture', logicalId: bucket.logicalId });
    attribution.set(key('click-ops-bucket'), {});
    attribution.set(key('other-stack-bucket'), { stack: 'BillingApp', logicalId: 'Invoices' });
    attribution.set(key('cdk-toolkit-bucket'), { stack: 'CDKToolkit', logicalId: 'StagingBucket' });
  }
  return {
    store,
    attribution,
    requests: 9,
    collectedAt: '2026-12-01T06:00:00.000Z',
    accounts: [ACCOUNT],
    regions: [REGION],
  };
}

describe('buildPostureReport without a synthesized report', () => {
  test('adds observed rows as AWSConfig and SecurityHub evaluations with aws: paths and no intended status', () => {
    const { report, posture } = buildPostureReport({ collection: collection({ attribute: false }) });
    expect(report.packs).toEqual([
      { name: 'AWSConfig', rules: 2 },
      { name: 'SecurityHub', rules: 1 },
    ]);
    expect(report.stacks).toEqual([`${ACCOUNT}/${REGION}`]);
    expect(report.evaluations.find((e) => e.resource.logicalId === 'click-ops-bucket')).toEqual({
      pack: 'AWSConfig',
      ruleId: `${LOGGING}-conformance-pack-x1`,
      baseRuleId: LOGGING,
      level: 'error',
      status: 'non-compliant',
      resource: {
        stack: `${ACCOUNT}/${REGION}`,
        logicalId: 'click-ops-bucket',
        constructPath: 'aws:AWS::S3::Bucket/click-ops-bucket',
        type: 'AWS::S3::Bucket',
      },
    });
    expect(posture.citations.every((c) => c.intended === null && !c.drift)).toBe(true);
    expect(posture.drift).toEqual([]);
    expect(posture.intendedFrom).toBeNull();
    for (const citation of CONFIG_RULE_CITATIONS[LOGGING]) {
      expect(posture.citations.find((c) => c.id === citation)?.observed).toBe('non-compliant');
      expect(report.citations.find((c) => c.id === citation)?.status).toBe('not-met');
    }
    expect(posture.summary).toEqual({
      observed: 7,
      compliant: 3,
      nonCompliant: 4,
      skipped: 0,
      unattributed: 0,
      drift: 0,
      requests: 9,
    });
  });
});

describe('buildPostureReport merged with the synthesized report', () => {
  test('places app resources at their construct paths and keeps the synthesized rows', () => {
    const { report } = buildPostureReport({ collection: collection({ attribute: true }), intended });
    expect(report.evaluations.slice(0, intended.evaluations.length)).toEqual(intended.evaluations);
    const observed = report.evaluations.filter((e) => e.resource.logicalId.endsWith('app-bucket-physical'));
    expect(observed.map((e) => [e.pack, e.resource.constructPath])).toEqual([
      ['AWSConfig', bucket.constructPath],
      ['SecurityHub', bucket.constructPath],
    ]);
    expect(report.packs.map((p) => p.name)).toEqual([
      ...intended.packs.map((p) => p.name),
      'AWSConfig',
      'SecurityHub',
    ]);
    expect(report.exceptions).toEqual(intended.exceptions);
    expect(report.inventory).toEqual(intended.inventory);
  });

  test('flags citations met at synth and failing in AWS as drift, listed first', () => {
    // The Config rule and Security Hub S3.14 (through s3-bucket-versioning-enabled) both fail on the bucket.
    const failing = [
      ...CONFIG_RULE_CITATIONS[LOGGING],
      ...CONFIG_RULE_CITATIONS['s3-bucket-versioning-enabled'],
    ];
    // A bucket-only app meets few citations under the evidence model; mark two citations only the logging rule fails as met
    // at synth (one of them with exceptions) so drift is judged against a met design.
    const designedMet = new Map(
      CONFIG_RULE_CITATIONS[LOGGING]
        .filter((c) => !CONFIG_RULE_CITATIONS['s3-bucket-versioning-enabled'].includes(c))
        .sort()
        .slice(0, 2)
        .map((c, i) => [c, i === 0 ? 'met' : 'met-with-exceptions'] as const),
    );
    const metIntended: ComplianceReport = {
      ...intended,
      citations: intended.citations.map((c) => ({ ...c, status: designedMet.get(c.id) ?? c.status })),
    };
    const { posture } = buildPostureReport({
      collection: collection({ attribute: true }),
      intended: metIntended,
    });
    const met = new Set(
      metIntended.citations
        .filter((c) => c.status === 'met' || c.status === 'met-with-exceptions')
        .map((c) => c.id),
    );
    const expected = [...new Set(failing)].filter((c) => met.has(c)).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(posture.citations.filter((c) => c.drift).map((c) => c.id)).toEqual(expected);
    const citationDrift = posture.drift.filter((d) => d.kind === 'citation-failing');
    expect(citationDrift.map((d) => d.citation)).toEqual(expected);
    expect(citationDrift[0]).toMatchObject({ rules: [`${LOGGING}-conformance-pack-x1`], intended: 'met' });
    expect(posture.drift.map((d) => d.kind)).toEqual([
      ...expected.map(() => 'citation-failing'),
      'resource-failing',
      'not-in-app',
      'not-in-app',
    ]);
  });

  test('flags a resource compliant at synth and failing in AWS', () => {
    const { posture } = buildPostureReport({ collection: collection({ attribute: true }), intended });
    expect(posture.drift.find((d) => d.kind === 'resource-failing')).toEqual({
      kind: 'resource-failing',
      resource: bucket.constructPath,
      resourceType: 'AWS::S3::Bucket',
      account: ACCOUNT,
      region: REGION,
      rules: ['S3.14', `${LOGGING}-conformance-pack-x1`],
      detail: `compliant at synth; AWS observes it failing S3.14, ${LOGGING}-conformance-pack-x1`,
    });
  });

  test('flags resources in AWS that the app did not deploy, and ignores CDK bootstrap and account-level results', () => {
    const { posture } = buildPostureReport({ collection: collection({ attribute: true }), intended });
    expect(posture.drift.filter((d) => d.kind === 'not-in-app').map((d) => [d.resource, d.detail])).toEqual([
      [
        'aws:AWS::S3::Bucket/click-ops-bucket',
        `in AWS but not in the app (not deployed by CloudFormation); failing 1 rule(s)`,
      ],
      [
        'aws:AWS::S3::Bucket/other-stack-bucket',
        'in AWS but not in the app (deployed by stack BillingApp, which is not part of this app)',
      ],
    ]);
    expect(posture.summary.unattributed).toBe(1);
  });

  test('marks the posture partial when anything was not collected, and exits 3 before 1', () => {
    const complete = buildPostureReport({ collection: collection({ attribute: true }), intended });
    const partial = buildPostureReport({ collection: collection({ attribute: true, gap: true }), intended });
    expect(complete.posture.partial).toBe(false);
    expect(postureExitCode(complete.posture)).toBe(POSTURE_EXIT.NON_COMPLIANT);
    expect(partial.posture.partial).toBe(true);
    expect(partial.posture.gaps).toHaveLength(1);
    expect(postureExitCode(partial.posture)).toBe(POSTURE_EXIT.INCOMPLETE);
  });

  test('every renderer accepts the merged report, report.json keeps its schema, posture.json lists drift first', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-merge-'));
    const merged = buildPostureReport({
      collection: collection({ attribute: true }),
      intended,
      intendedFrom: 'cdk.out/compliance/report.json',
    });
    const written = writePostureReport(merged, out);
    expect(written.map((f) => path.basename(f)).sort()).toEqual(
      [
        'assessment-plan.json',
        'assessment-results.json',
        'findings.csv',
        'findings.sarif',
        'inventory.json',
        'network-map.mmd',
        'posture.json',
        'posture.md',
        'report.html',
        'report.json',
        'report.md',
      ].sort(),
    );
    const ajv = addFormats(new Ajv({ allErrors: true, strict: false, unicodeRegExp: true }));
    const read = (f: string) => JSON.parse(fs.readFileSync(path.resolve(out, f), 'utf8'));
    const validate = ajv.compile(read(path.join(SCHEMAS, 'report.schema.json')));
    expect(validate(read('report.json')) ? [] : validate.errors).toEqual([]);
    const oscal = ajv.compile(read(path.join(SCHEMAS, 'v1.0.6_oscal_assessment-results_schema.json')));
    expect(oscal(read('assessment-results.json')) ? [] : oscal.errors?.slice(0, 3)).toEqual([]);
    expect(Object.keys(read('posture.json'))[0]).toBe('drift');
    const md = fs.readFileSync(path.join(out, 'posture.md'), 'utf8');
    expect(md.indexOf('## Drift')).toBeLessThan(md.indexOf('## Summary'));
    expect(fs.readFileSync(path.join(out, 'findings.csv'), 'utf8')).toContain(
      '"AWSConfig","s3-bucket-logging-enabled-conformance-pack-x1","non-compliant"',
    );
  });
});
