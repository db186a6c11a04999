import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { ComplianceReport, EvaluationRow } from '../../../../lib/compliance/report/model';
import { renderSarif } from '../../../../lib/compliance/report/render-sarif';

const SCHEMA = path.join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'lib',
  'compliance',
  'report',
  'schemas',
  'sarif-2.1.0-subset.schema.json',
);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  partialFingerprints: Record<string, string>;
  properties?: { findingId?: string };
  suppressions?: { kind: string; status: string; justification: string }[];
  locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
}
interface SarifLog {
  runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: SarifResult[] }[];
}

const row = (pack: string, ruleId: string, baseRuleId: string, extra: Partial<EvaluationRow> = {}) =>
  ({
    pack,
    ruleId,
    baseRuleId,
    level: 'error',
    status: 'non-compliant',
    resource: {
      stack: 'Hipaa-reference-Identity',
      logicalId: 'BoundaryPolicyC4AA4EBF',
      constructPath: 'Hipaa-reference-Identity/Boundary/Policy/Resource',
      type: 'AWS::IAM::ManagedPolicy',
    },
    ...extra,
  }) as EvaluationRow;

/** Two cdk-nag findings of one rule on one resource (suffixed ids), an acknowledged one, and a rule the list lacks. */
const report = {
  tool: { name: 'cdk-hipaa-baseline', version: '9.8.7' },
  packs: [
    { name: 'AwsSolutions', rules: 2 },
    { name: 'TemplateEvidence', rules: 1 },
  ],
  rules: [
    {
      id: 'AwsSolutions-S1',
      pack: 'AwsSolutions',
      info: 'Server access logs',
      level: 'error',
      citations: [],
    },
    {
      id: 'AwsSolutions-IAM5',
      pack: 'AwsSolutions',
      info: 'Wildcard permissions',
      level: 'error',
      citations: ['164.308(a)(4)(ii)(B)'],
    },
    {
      id: 'TemplateEvidence-LogGroupRetention',
      pack: 'TemplateEvidence',
      info: 'Six years',
      level: 'warning',
      citations: ['164.316(b)(2)(i)'],
    },
  ],
  evaluations: [
    row('AwsSolutions', 'AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-IAM5'),
    row('AwsSolutions', 'AwsSolutions-IAM5[Action::s3:*]', 'AwsSolutions-IAM5', {
      status: 'acknowledged',
      acknowledgment: { id: 'x', reason: 'The API takes no resource ARN.', acknowledgedAt: 'S' },
    } as Partial<EvaluationRow>),
    row('AwsSolutions', 'AwsSolutions-S1', 'AwsSolutions-S1', { status: 'compliant' }),
    row('AwsSolutions', 'AwsSolutions-L1', 'AwsSolutions-L1', { level: 'warning' }),
    row('TemplateEvidence', 'TemplateEvidence-LogGroupRetention', 'TemplateEvidence-LogGroupRetention', {
      level: 'warning',
    }),
  ],
} as unknown as ComplianceReport;

const sarif = renderSarif(report) as SarifLog;
const results = sarif.runs.flatMap((run) => run.results.map((result) => ({ run, result })));

describe('findings.sarif', () => {
  test('validates against the vendored SARIF 2.1.0 subset schema', () => {
    const ajv = addFormats(new Ajv({ allErrors: true, strict: true }));
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
  });

  test('every run names cdk-hipaa-baseline and its version as the converter (SARIF 3.22)', () => {
    const runs = (
      sarif as unknown as { runs: { conversion: { tool: { driver: { name: string; version: string } } } }[] }
    ).runs;
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) {
      expect(run.conversion.tool.driver).toEqual({ name: 'cdk-hipaa-baseline', version: '9.8.7' });
    }
  });

  test('the schema check can fail: a misspelled property and a bad level are rejected', () => {
    const ajv = addFormats(new Ajv({ allErrors: true, strict: true }));
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
    const broken = JSON.parse(JSON.stringify(sarif));
    broken.runs[0].results[0].level = 'fatal';
    broken.runs[0].results[0].ruleID = 'typo';
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.keyword).sort()).toEqual(['additionalProperties', 'enum']);
  });

  test('every result’s ruleId is the id of rules[ruleIndex] (SARIF 3.27.5), suffixed findings included', () => {
    expect(results).toHaveLength(4);
    for (const { run, result } of results) {
      expect(Number.isInteger(result.ruleIndex)).toBe(true);
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
    }
  });

  test('a rule the report’s rule list lacks gets a descriptor, so its results still point at a rule', () => {
    const run = sarif.runs.find((r) => r.tool.driver.name === 'AwsSolutions');
    const l1 = run?.results.find((r) => r.ruleId === 'AwsSolutions-L1');
    expect(l1 && run?.tool.driver.rules[l1.ruleIndex]?.id).toBe('AwsSolutions-L1');
    expect(new Set(run?.tool.driver.rules.map((r) => r.id)).size).toBe(run?.tool.driver.rules.length);
  });

  test('the finding id survives in properties and the message; two findings of a rule stay distinct', () => {
    const iam5 = results.filter(({ result }) => result.ruleId === 'AwsSolutions-IAM5').map((r) => r.result);
    expect(iam5.map((r) => r.properties?.findingId)).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Action::s3:*]',
    ]);
    expect(iam5[0]?.message.text).toContain('AwsSolutions-IAM5[Resource::*] on Hipaa-reference-Identity/');
    const prints = iam5.map((r) => r.partialFingerprints['cdkHipaaBaselineFinding/v1']);
    expect(new Set(prints).size).toBe(2);
    const plain = results.find(({ result }) => result.ruleId === 'TemplateEvidence-LogGroupRetention');
    expect(plain?.result.properties).toBeUndefined();
  });

  test('levels, suppressions and locations', () => {
    expect(results.map(({ result }) => result.level)).toEqual(['error', 'error', 'warning', 'warning']);
    const suppressed = results.filter(({ result }) => result.suppressions);
    expect(suppressed.map(({ result }) => result.suppressions)).toEqual([
      [{ kind: 'external', status: 'accepted', justification: 'The API takes no resource ARN.' }],
    ]);
    for (const { result } of results)
      expect(result.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
        'cdk.out/Hipaa-reference-Identity.template.json',
      );
  });
});
