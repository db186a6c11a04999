import * as fs from 'node:fs';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { applyComplianceGate } from '../../../lib/compliance/gate';
import { MemberBaselineStack } from '../../../lib/organization/member-baseline-stack';
import { newTestApp } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

describe('MemberBaselineStack at defaults', () => {
  const app = newTestApp();
  applyComplianceGate(app, { report: false });
  const stack = new MemberBaselineStack(app, 'Member');
  const template = Template.fromStack(stack);

  test('creates a rotating PHI key, a six-year audit log group and a locked backup vault', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 2192,
      KmsKeyId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: Match.objectLike({}) });
  });

  test('creates no Lambda function and no custom resource', () => {
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/Custom::/);
  });

  test('passes the compliance gate with no violations', () => {
    const outdir = app.synth().directory;
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: unknown[] }[];
    };
    expect(report.pluginReports.length).toBeGreaterThan(0);
    for (const plugin of report.pluginReports) expect(plugin.violations).toEqual([]);
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('MemberBaselineStack compliance fixture', () => {
  test('the findings helper fails for an unencrypted bucket added to the member stack', () => {
    const stack = new MemberBaselineStack(newTestApp(), 'Member', { backups: false });
    new s3.CfnBucket(stack, 'PlainBucket');
    expect(
      collectUnacknowledgedFindings(stack)
        .map((f) => f.constructPath)
        .join('\n'),
    ).toMatch(/PlainBucket/);
  });
});
