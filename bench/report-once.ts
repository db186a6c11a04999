// One measured report generation from a synthetic cloud assembly, run in its own process by
// report.bench.ts. Usage: tsx bench/report-once.ts <resources> <outdir>
import { performance } from 'node:perf_hooks';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeFindings } from '../constructs/core/acknowledge';
import { EvaluationLog } from '../lib/compliance/evaluation-log';
import { buildReport } from '../lib/compliance/report/build-report';
import { writeReport } from '../lib/compliance/report/write-report';

const RULES = [
  ['HIPAA.Security', 'S3DefaultEncryptionKMS', '164.312(a)(2)(iv), 164.312(e)(2)(ii)'],
  ['HIPAA.Security', 'S3BucketLoggingEnabled', '164.308(a)(3)(ii)(A), 164.312(b)'],
  ['HIPAA.Security', 'S3BucketVersioningEnabled', '164.308(a)(7)(i), 164.312(c)(1)'],
  ['HIPAA.Security', 'S3BucketPublicReadProhibited', '164.308(a)(3)(i), 164.312(a)(1), 164.312(e)(1)'],
  ['NIST.800.53.R5', 'S3DefaultEncryptionKMS', 'SC-28(1)'],
  ['NIST.800.53.R5', 'S3BucketLoggingEnabled', 'AU-2b'],
  ['AwsSolutions', 'S1', ''],
  ['AwsSolutions', 'S10', ''],
] as const;

const [countArg, outdir] = process.argv.slice(2);
const resources = Number(countArg);
const app = new App({ outdir });
const stacks = Array.from({ length: Math.ceil(resources / 500) }, (_, i) => new Stack(app, `Stack${i}`));
const log = new EvaluationLog();
for (let i = 0; i < resources; i++) {
  const stack = stacks[Math.floor(i / 500)];
  const bucket = new s3.CfnBucket(stack, `Bucket${i}`, {
    bucketEncryption: {
      serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }],
    },
  });
  if (i % 50 === 0) {
    acknowledgeFindings(bucket, [
      {
        ruleId: 'AwsSolutions-S1',
        reason: 'Synthetic benchmark acknowledgment with a reason.',
        owner: 'benchmarks',
        ticket: 'BENCH-1',
        expires: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
      },
    ]);
  }
  for (const [pack, rule, controls] of RULES) {
    const failing = rule === 'S1' && i % 10 === 0;
    log.record({
      pack,
      ruleId: `${pack}-${rule}`,
      baseRuleId: `${pack}-${rule}`,
      info: `Synthetic rule ${rule} - (Control IDs: ${controls}).`,
      level: 'error',
      outcome: failing ? 'non-compliant' : 'compliant',
      constructPath: bucket.node.path,
      logicalId: stack.resolve(bucket.logicalId),
      resourceType: 'AWS::S3::Bucket',
      stackName: stack.stackName,
    });
  }
}
const started = performance.now();
const report = buildReport({
  root: app,
  log,
  packs: [{ name: 'HIPAA.Security' }, { name: 'NIST.800.53.R5' }, { name: 'AwsSolutions' }],
});
const built = performance.now();
writeReport(report, outdir);
const written = performance.now();
process.stdout.write(
  `${JSON.stringify({ buildMs: built - started, writeMs: written - built, evaluations: report.evaluations.length, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
