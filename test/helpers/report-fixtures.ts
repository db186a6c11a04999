import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeFindings } from '../../constructs/core/acknowledge';
import { PhiBucket } from '../../constructs/storage/phi-bucket';
import { applyComplianceGate } from '../../lib/compliance/gate';
import type { ComplianceReport } from '../../lib/compliance/report/model';
import { newTestApp } from './app';
import { addAccountTrail } from './gated-app';
import { unreplicated } from './phi-bucket-props';

/** The fixed report date of fixtures, so expiry states are deterministic. */
export const FIXTURE_NOW = new Date('2026-06-15T12:00:00Z');

/** A synthesized fixture app and the compliance report it wrote. */
export interface ReportFixture {
  readonly outdir: string;
  readonly complianceDir: string;
  readonly report: ComplianceReport;
  /** The error synth threw, when the gate failed. */
  readonly error?: Error;
}

/** Options of {@link synthFixture}. */
export interface FixtureOptions {
  readonly attestationsFile?: string;
  readonly now?: Date;
}

/**
 * Synthesizes a gated app with one stack built by `build` (and, as in the reference app, the account's
 * audit trail in a stack of its own, logging the data events of the fixture's PHI buckets and tables),
 * and reads the compliance report it wrote.
 */
export function synthFixture(build: (stack: Stack) => void, options: FixtureOptions = {}): ReportFixture {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-fixture-'));
  const app = newTestApp({ outdir });
  applyComplianceGate(app, {
    reportOptions: {
      now: () => options.now ?? FIXTURE_NOW,
      attestationsFile: options.attestationsFile ?? path.join(outdir, 'no-attestations.yaml'),
    },
  });
  build(new Stack(app, 'Fixture', { env: { account: '111122223333', region: 'us-east-1' } }));
  addAccountTrail(app);
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const complianceDir = path.join(outdir, 'compliance');
  const reportFile = path.join(complianceDir, 'report.json');
  if (!fs.existsSync(reportFile)) throw new Error(`fixture wrote no report (synth error: ${error?.message})`);
  return { outdir, complianceDir, report: JSON.parse(fs.readFileSync(reportFile, 'utf8')), error };
}

/** A compliant app: one PHI bucket at its defaults. */
export const compliantApp = (stack: Stack) => {
  new PhiBucket(stack, 'Records', unreplicated());
};

/** A broken app: the same, plus a bucket with S3-managed keys, no access logging and no versioning. */
export const brokenApp = (stack: Stack) => {
  compliantApp(stack);
  new s3.Bucket(stack, 'Weak', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  });
};

/** Every finding the weak bucket of {@link brokenApp} raises, across the cdk-nag packs and template evidence. */
export const WEAK_BUCKET_FINDINGS: readonly string[] = [
  'HIPAA.Security-S3DefaultEncryptionKMS',
  'NIST.800.53.R5-S3DefaultEncryptionKMS',
  'HIPAA.Security-S3BucketLoggingEnabled',
  'NIST.800.53.R5-S3BucketLoggingEnabled',
  'AwsSolutions-S1',
  'HIPAA.Security-S3BucketReplicationEnabled',
  'NIST.800.53.R5-S3BucketReplicationEnabled',
  'HIPAA.Security-S3BucketVersioningEnabled',
  'NIST.800.53.R5-S3BucketVersioningEnabled',
  'TemplateEvidence-S3BucketVersioning',
];

/** The broken app with every finding on the weak bucket acknowledged, with an owner, ticket and expiry. */
export function acknowledgedApp(expires: string) {
  return (stack: Stack) => {
    brokenApp(stack);
    const weak = stack.node.findChild('Weak');
    const reason = 'Scratch bucket for de-identified test data only; replaced by a PhiBucket in SEC-42.';
    acknowledgeFindings(
      weak,
      WEAK_BUCKET_FINDINGS.map((ruleId) => ({
        ruleId,
        reason,
        owner: 'platform-team',
        ticket: 'SEC-42',
        expires,
      })),
    );
  };
}
