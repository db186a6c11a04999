import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Aws, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { recordManualAttestation } from '../../../../constructs/core/report-metadata';
import { SecurityAlarms } from '../../../../constructs/detection/security-alarms';
import { EvaluationLog } from '../../../../lib/compliance/evaluation-log';
import { buildReport } from '../../../../lib/compliance/report/build-report';
import type { ComplianceReport } from '../../../../lib/compliance/report/model';
import { writeReport } from '../../../../lib/compliance/report/write-report';
import { newTestApp } from '../../../helpers/app';

/**
 * Builds `build` in a stack, synthesizes it and writes the report from its construct tree (no packs:
 * these tests are about text the report reads from construct metadata).
 */
function synthFixture(build: (stack: Stack) => void): { report: ComplianceReport; complianceDir: string } {
  const complianceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-text-'));
  const app = newTestApp({ outdir: complianceDir });
  build(new Stack(app, 'Fixture', { env: { account: '111122223333', region: 'us-east-1' } }));
  app.synth();
  const report = buildReport({ root: app, log: new EvaluationLog(), packs: [], now: new Date('2026-06-15') });
  writeReport(report, complianceDir);
  return { report, complianceDir };
}

/** A construct whose attestation reason is built from tokens, as RiskAssessment's Macie note is. */
const tokenReasonApp = (stack: Stack) => {
  const bucket = new s3.Bucket(stack, 'Imported', { enforceSSL: true });
  recordManualAttestation(bucket, {
    citation: '164.312(a)(2)(iv)',
    setting: 'Key policy of an imported bucket',
    reason: `The key policy must allow arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/macie kms:Decrypt on ${bucket.bucketArn} in ${Stack.of(stack).stackName}.`,
  });
};

const reasons = (complianceDir: string) =>
  (
    JSON.parse(fs.readFileSync(path.join(complianceDir, 'report.json'), 'utf8')).citations as {
      manualAttestations: { reason: string }[];
    }[]
  ).flatMap((c) => c.manualAttestations.map((m) => m.reason));

describe('report text with tokens', () => {
  test('renders stable, readable placeholders: two synths give identical reasons', () => {
    const first = synthFixture(tokenReasonApp);
    const second = synthFixture(tokenReasonApp);
    expect(reasons(first.complianceDir)).toEqual(reasons(second.complianceDir));
    expect(reasons(first.complianceDir)).toContainEqual(
      'The key policy must allow arn:<AWS::Partition>:iam::<AWS::AccountId>:role/macie kms:Decrypt on <Imported4F5B38B1.Arn> in Fixture.',
    );
  });

  test('no report file contains an unresolved token', () => {
    const { complianceDir } = synthFixture(tokenReasonApp);
    const files = [
      'report.html',
      'report.md',
      'report.json',
      'findings.csv',
      'findings.sarif',
      'assessment-results.json',
    ];
    for (const file of files) {
      const text = fs.readFileSync(path.join(complianceDir, file), 'utf8');
      expect({ file, tokens: text.match(/[$#]\{Token\[[^\]]*\]\}/g) ?? [] }).toEqual({ file, tokens: [] });
    }
  });
});

describe('the paging table', () => {
  const alarmsApp =
    (subscribers: ConstructorParameters<typeof SecurityAlarms>[2]['subscribers']) => (stack: Stack) => {
      new SecurityAlarms(stack, 'Alarms', {
        logGroup: logs.LogGroup.fromLogGroupName(stack, 'TrailLogs', 'trail-logs'),
        subscribers,
      });
    };

  test('lists who each alert topic pages, endpoints by origin only', () => {
    const { report, complianceDir } = synthFixture(
      alarmsApp([{ email: 'oncall@example.org' }, { https: 'https://pager.example.com/hook/s3cr3t' }]),
    );
    expect(report.paging).toEqual([
      expect.objectContaining({
        topic: 'Fixture/Alarms/Topic',
        citation: '164.308(a)(6)(ii)',
        subscribers: ['email oncall@example.org', 'https https://pager.example.com/…'],
        alerts: expect.stringMatching(/^CIS monitoring alarms \(UnauthorizedApiCalls, .*RootAccountUsage/),
      }),
    ]);
    const markdown = fs.readFileSync(path.join(complianceDir, 'report.md'), 'utf8');
    expect(markdown).toMatch(
      /## Who is paged[\s\S]*\| Fixture\/Alarms\/Topic \| email oncall@example\.org, https https:\/\/pager\.example\.com\/… \|/,
    );
    expect(markdown).not.toMatch(/s3cr3t/);
    const html = fs.readFileSync(path.join(complianceDir, 'report.html'), 'utf8');
    expect(html).toMatch(/<h2>Who is paged<\/h2>\n<table data-testid="paging">/);
  });

  test('shows a topic that pages nobody as such', () => {
    const { report, complianceDir } = synthFixture(alarmsApp(undefined));
    expect(report.paging).toEqual([
      expect.objectContaining({ topic: 'Fixture/Alarms/Topic', subscribers: [] }),
    ]);
    expect(fs.readFileSync(path.join(complianceDir, 'report.md'), 'utf8')).toMatch(
      /\| Fixture\/Alarms\/Topic \| \*\*nobody\*\* \|/,
    );
  });
});
