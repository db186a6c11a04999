import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeFindings, type FindingAcknowledgment } from '../../../constructs/core/acknowledge';
import { acknowledgeBuiltIn } from '../../../constructs/core/private/acknowledge-built-in';
import {
  EXCEPTION_POLICY_RULE_IDS,
  ExceptionPolicyPlugin,
  treeAcknowledgments,
} from '../../../lib/compliance/exception-policy';
import { applyComplianceGate } from '../../../lib/compliance/gate';
import { readTreeFacts } from '../../../lib/compliance/report/tree-facts';
import { newTestApp } from '../../helpers/app';
import { newGatedApp, synthAndReadValidation } from '../../helpers/gated-app';

const NOW = new Date('2026-06-15T12:00:00Z');
const REASON = 'Scratch bucket for de-identified fixtures; holds no PHI.';
const THIS_FILE = path.relative(process.cwd(), __filename);

function fixture() {
  const app = newTestApp();
  const stack = new Stack(app, 'Fixture', { env: { account: '111122223333', region: 'us-east-1' } });
  const bucket = new s3.Bucket(stack, 'Scratch');
  return { app, stack, bucket };
}

const policy = (root: Parameters<ExceptionPolicyPlugin['validateScope']>[0]) =>
  new ExceptionPolicyPlugin({ now: () => NOW }).validateScope(root);

describe('ExceptionPolicyPlugin', () => {
  test('passes an acknowledgment with owner, ticket and an expiry within 365 days', () => {
    const { app, bucket } = fixture();
    acknowledgeFindings(bucket, [
      {
        ruleId: 'AwsSolutions-S1',
        reason: REASON,
        owner: 'platform-team',
        ticket: 'SEC-42',
        expires: '2027-06-15',
      },
    ]);
    expect(policy(app)).toEqual({ success: true, violations: [] });
  });

  test('fails listing construct path, rule id and each missing field of every unaccountable acknowledgment', () => {
    const { app, stack, bucket } = fixture();
    acknowledgeFindings(bucket, [
      { ruleId: 'AwsSolutions-S1', reason: REASON },
      { ruleId: 'HIPAA.Security-S3BucketReplicationEnabled', reason: REASON, owner: 'platform-team' },
    ] as unknown as FindingAcknowledgment[]); // as a JavaScript caller could
    const other = new s3.Bucket(stack, 'Other');
    acknowledgeFindings(other, [
      { ruleId: 'AwsSolutions-S1', reason: REASON, owner: 'a', ticket: 'T-1', expires: '2027-06-16' },
    ]);
    const report = policy(app);
    expect(report.success).toBe(false);
    expect(report.violations).toHaveLength(1);
    const [v] = report.violations;
    expect(v.ruleName).toBe(EXCEPTION_POLICY_RULE_IDS.UNACCOUNTABLE);
    expect(v.severity).toBe('fatal');
    expect(v.description).toMatch(/^3 acknowledgment\(s\) without a complete owner, ticket and expiry/);
    expect(v.description).toMatch(
      /AwsSolutions::AwsSolutions-S1 acknowledged at Fixture\/Scratch \(.*exception-policy\.test\.ts:\d+\): owner is missing.*; ticket is missing.*; expires is missing/,
    );
    expect(v.description).toMatch(
      /HIPAA\.Security::HIPAA\.Security-S3BucketReplicationEnabled acknowledged at Fixture\/Scratch .*: ticket is missing[^\n]*; expires is missing/,
    );
    expect(v.description).not.toMatch(/S3BucketReplicationEnabled[^\n]*owner is missing/);
    expect(v.description).toMatch(
      /Fixture\/Other .*: expires 2027-06-16 is more than 365 days after the synth date 2026-06-15/,
    );
    expect(v.violatingResources.map((r) => r.constructPath).sort()).toEqual([
      'Fixture/Other',
      'Fixture/Scratch',
    ]);
  });

  test('fails on a past expiry unless the report plugin reports it', () => {
    const { app, bucket } = fixture();
    acknowledgeFindings(bucket, [
      { ruleId: 'AwsSolutions-S1', reason: REASON, owner: 'a', ticket: 'T-1', expires: '2026-06-01' },
    ]);
    expect(policy(app).violations[0]?.description).toMatch(/expires 2026-06-01 is past/);
    const elsewhere = new ExceptionPolicyPlugin({ now: () => NOW, lapsedReportedElsewhere: true });
    expect(elsewhere.validateScope(app).success).toBe(true);
  });

  test('counts a raw Validations.acknowledge call as an unaccountable user acknowledgment, naming where it was made', () => {
    const { app, bucket } = fixture();
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions::AwsSolutions-S1', reason: REASON });
    const line = new Error().stack?.match(/exception-policy\.test\.ts:(\d+)/)?.[1];
    const [v] = policy(app).violations;
    expect(v.ruleName).toBe(EXCEPTION_POLICY_RULE_IDS.UNACCOUNTABLE);
    expect(v.description).toContain(
      `AwsSolutions::AwsSolutions-S1 acknowledged at Fixture/Scratch (${THIS_FILE}:${Number(line) - 1}) (a raw Validations.acknowledge call; use acknowledgeFindings): owner is missing`,
    );
  });

  test.each([
    ['ComplianceReport::ComplianceReport-ExceptionExpired', /finding of the compliance gate itself/],
    ['HipaaEligible::HipaaEligible-ServiceNotEligible', /finding of the compliance gate itself/],
    ['ComplianceGate::ComplianceGate-PackDidNotRun', /finding of the compliance gate itself/],
    ['TemplateEvidence::TemplateEvidence-S3TlsOnlyPolicy', /TLS-only access .* non-waivable/],
    ['AwsSolutions::AwsSolutions-S10', /TLS-only access .* non-waivable/],
    ['NIST.800.53.R5::NIST.800.53.R5-CloudTrailLogFileValidationEnabled', /CloudTrail on .* non-waivable/],
  ])('fails when %s is acknowledged, naming the acknowledgment and where', (id, message) => {
    const { app, bucket } = fixture();
    Validations.of(bucket).acknowledge({ id, reason: REASON });
    const violation = policy(app).violations.find(
      (v) => v.ruleName === EXCEPTION_POLICY_RULE_IDS.NON_WAIVABLE,
    );
    expect(violation?.severity).toBe('fatal');
    expect(violation?.description).toMatch(
      new RegExp(
        `${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} acknowledged at Fixture/Scratch \\(${THIS_FILE}:\\d+\\)`,
      ),
    );
    expect(violation?.description).toMatch(message);
  });

  test("exempts the toolkit's and aws-cdk-lib's built-in acknowledgments, labelled built-in", () => {
    const { app, stack, bucket } = fixture();
    acknowledgeBuiltIn(bucket, [{ ruleId: 'AwsSolutions-S1', reason: REASON }]);
    new ec2.Vpc(stack, 'Vpc', { flowLogs: { all: {} } }); // aws-cdk-lib acknowledges its own cfn-lint findings
    expect(policy(app)).toEqual({ success: true, violations: [] });
    const origins = treeAcknowledgments(app).map((a) => [a.id, a.source]);
    expect(origins).toEqual(
      expect.arrayContaining([
        ['AwsSolutions::AwsSolutions-S1', 'built-in'],
        ['CloudFormation-Validate::W3010', 'built-in'],
        ['CloudFormation-Validate::F3002', 'built-in'],
      ]),
    );
    expect(origins.every(([, source]) => source === 'built-in')).toBe(true);
  });

  test('the report reads built-in and user acknowledgments apart', () => {
    const { app, stack, bucket } = fixture();
    acknowledgeBuiltIn(bucket, [{ ruleId: 'AwsSolutions-S1', reason: REASON }]);
    const other = new s3.Bucket(stack, 'Other');
    acknowledgeFindings(other, [
      { ruleId: 'AwsSolutions-S1', reason: REASON, owner: 'a', ticket: 'T-1', expires: '2026-09-01' },
    ]);
    Validations.of(other).acknowledge({ id: 'AwsSolutions::AwsSolutions-S10', reason: REASON });
    const facts = readTreeFacts(app);
    expect(facts.acknowledgments.map((a) => [a.acknowledgedAt, a.id, a.source])).toEqual([
      ['Fixture/Scratch', 'AwsSolutions::AwsSolutions-S1', 'built-in'],
      ['Fixture/Other', 'AwsSolutions::AwsSolutions-S1', 'user'],
      ['Fixture/Other', 'AwsSolutions::AwsSolutions-S10', 'user'],
    ]);
    expect(facts.acknowledgments[1]).toMatchObject({ owner: 'a', ticket: 'T-1', expires: '2026-09-01' });
    expect(facts.acknowledgments[2].location).toMatch(new RegExp(`^${THIS_FILE}:\\d+$`));
  });
});

describe('the gate', () => {
  test('acknowledging the expiry gate is itself a synth error, and the error offers no acknowledgeable id', () => {
    const { app, outdir } = newGatedApp('exception-policy-');
    const stack = new Stack(app, 'Fixture', { env: { account: '111122223333', region: 'us-east-1' } });
    const bucket = new s3.Bucket(stack, 'Scratch', {
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
    });
    acknowledgeFindings(bucket, [
      { ruleId: 'AwsSolutions-S1', reason: REASON, owner: 'a', ticket: 'T-1', expires: '2020-01-01' },
    ]);
    Validations.of(app).acknowledge({
      id: 'ComplianceReport::ComplianceReport-ExceptionExpired',
      reason: 'Switch off the expiry gate for this release.',
    });
    const { error, report } = synthAndReadValidation(app, outdir);
    expect(error).toBeDefined();
    const byPlugin = (name: string) => report.pluginReports.find((r) => r.pluginName === name);
    const policyReport = byPlugin('ExceptionPolicy');
    expect(policyReport?.violations.map((v) => v.ruleName)).toContain(EXCEPTION_POLICY_RULE_IDS.NON_WAIVABLE);
    expect(
      policyReport?.violations.find((v) => v.ruleName === EXCEPTION_POLICY_RULE_IDS.NON_WAIVABLE)
        ?.description,
    ).toMatch(
      new RegExp(
        `ComplianceReport::ComplianceReport-ExceptionExpired acknowledged at <root> \\(${THIS_FILE}:\\d+\\)`,
      ),
    );
    // The expired exception is still reported: fatal, so the acknowledgment did not apply.
    const expired = byPlugin('ComplianceReport')?.violations.find(
      (v) => v.ruleName === 'ComplianceReport-ExceptionExpired',
    );
    expect(expired?.severity).toBe('fatal');
    expect(byPlugin('ComplianceReport')?.suppressedViolations ?? []).toEqual([]);
    expect(String((error as Error).message)).not.toMatch(/Acknowledge with 'ComplianceReport::/);
    expect(String((error as Error).message)).not.toMatch(/Acknowledge with 'ExceptionPolicy::/);
  });

  test('runs the exception policy with the report switched off', () => {
    const app = newTestApp();
    applyComplianceGate(app, { report: false });
    const bucket = new s3.Bucket(new Stack(app, 'Fixture'), 'Scratch', {
      encryption: s3.BucketEncryption.S3_MANAGED,
    });
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions::AwsSolutions-S1', reason: REASON });
    expect(() => app.synth()).toThrow(/ExceptionPolicy|without a complete owner, ticket and expiry/);
    expect(fs.existsSync(path.join(app.outdir, 'compliance'))).toBe(false);
  });
});
