import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { addDays, isoDay } from '../../../constructs/core/calendar-date';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import { acknowledgeFindings, applyComplianceGate } from '../../../lib/compliance';
import { newTestApp } from '../../helpers/app';
import { addAccountTrail } from '../../helpers/gated-app';
import { unreplicated } from '../../helpers/phi-bucket-props';

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: { ruleName: string; severity?: string; ruleMetadata?: Record<string, string> }[];
    suppressedViolations?: { ruleName: string; reason: string; acknowledgedId: string }[];
  }[];
}

function synthGated(build: (stack: Stack) => void): { error?: Error; report: ValidationReport } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-'));
  const app = newTestApp({ outdir, cloudFormationValidation: true });
  applyComplianceGate(app);
  applyComplianceGate(app); // idempotent: the packs run once
  build(new Stack(app, 'Fixture', { env: { account: '111122223333', region: 'us-east-1' } }));
  addAccountTrail(app); // logs the PHI buckets' data events, as the reference app's trail does
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const report = JSON.parse(
    fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
  return { error, report };
}

describe('applyComplianceGate', () => {
  test('a deliberately non-compliant fixture fails synth in all three packs', () => {
    const { error, report } = synthGated((stack) => {
      new s3.Bucket(stack, 'Unhardened', { encryption: s3.BucketEncryption.S3_MANAGED });
    });
    expect(error).toBeDefined();
    const failed = report.pluginReports.filter((r) => r.conclusion === 'failure').map((r) => r.pluginName);
    expect(failed).toEqual(expect.arrayContaining(['HIPAA.Security', 'NIST.800.53.R5', 'AwsSolutions']));
    const hipaa = report.pluginReports.find((r) => r.pluginName === 'HIPAA.Security');
    expect(hipaa?.violations.map((v) => v.ruleName)).toContain('HIPAA.Security-S3DefaultEncryptionKMS');
    expect(hipaa?.violations).toHaveLength(new Set(hipaa?.violations.map((v) => v.ruleName)).size);
  });

  test('the same gate passes a compliant stack and keeps acknowledged findings with their reasons', () => {
    const { error, report } = synthGated((stack) => {
      new PhiBucket(stack, 'Docs', unreplicated());
    });
    expect(error).toBeUndefined();
    const suppressed = report.pluginReports.flatMap((r) => r.suppressedViolations ?? []);
    expect(suppressed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleName: 'HIPAA.Security-S3DefaultEncryptionKMS',
          acknowledgedId: 'HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS',
          reason: expect.stringMatching(/S3 server access log delivery only writes to buckets with SSE-S3/),
        }),
      ]),
    );
  });

  test('an acknowledgment made through the helper turns a failure into a recorded exception', () => {
    const { error, report } = synthGated((stack) => {
      const bucket = new PhiBucket(stack, 'Docs', unreplicated());
      const raw = new s3.Bucket(stack, 'Scratch', {
        encryption: s3.BucketEncryption.KMS_MANAGED,
        enforceSSL: true,
        versioned: true,
        serverAccessLogsBucket: bucket.accessLogsBucket,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      });
      const reason =
        'Fixture bucket encrypted with the AWS managed key to prove acknowledgments are recorded.';
      // An accountable exception: owner, ticket and an expiry within 365 days of the synth date.
      const accountable = {
        reason,
        owner: 'platform-team',
        ticket: 'SEC-7',
        expires: addDays(isoDay(new Date()), 90),
      };
      acknowledgeFindings(raw, [
        { ruleId: 'HIPAA.Security-S3DefaultEncryptionKMS', ...accountable },
        { ruleId: 'NIST.800.53.R5-S3DefaultEncryptionKMS', ...accountable },
        { ruleId: 'HIPAA.Security-S3BucketReplicationEnabled', ...accountable },
        { ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled', ...accountable },
      ]);
    });
    expect(error).toBeUndefined();
    const suppressed = report.pluginReports.flatMap((r) => r.suppressedViolations ?? []);
    expect(suppressed.filter((s) => s.reason.startsWith('Fixture bucket')).length).toBeGreaterThanOrEqual(2);
  });

  test('an unacknowledged warning fails synth even when the same pack has acknowledged findings', () => {
    const { error, report } = synthGated((stack) => {
      new PhiBucket(stack, 'Docs', unreplicated()); // AwsSolutions-S1 is acknowledged on its access-log bucket
      new ec2.CfnNetworkAcl(stack, 'Nacl', { vpcId: 'vpc-0123456789abcdef0' }); // AwsSolutions-VPC3 is a warning
    });
    expect(error).toBeDefined();
    const aws = report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(aws?.conclusion).toBe('failure');
    expect(aws?.violations).toEqual([
      expect.objectContaining({
        ruleName: 'AwsSolutions-VPC3',
        severity: 'error',
        ruleMetadata: expect.objectContaining({ originalSeverity: 'warning' }),
      }),
    ]);
  });

  test('an unencrypted data store fails synth through the PHI data guard', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-'));
    const app = newTestApp({ outdir });
    applyComplianceGate(app);
    new s3.CfnBucket(new Stack(app, 'Raw'), 'NoEncryption');
    expect(() => app.synth()).toThrow(/Raw\/NoEncryption: AWS::S3::Bucket is not encrypted at rest/);
  });
});
