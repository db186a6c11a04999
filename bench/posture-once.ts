// One measured posture collection against the loopback AWS, in its own process, run by posture.bench.ts.
// Usage: tsx bench/posture-once.ts <endpoint-url> <outdir>; prints one JSON line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runPosture } from '../lib/posture/run-posture';

const [url, outdir] = process.argv.slice(2);
const rssAtStartKb = Math.round(process.memoryUsage().rss / 1024);
let stdout = '';
const started = performance.now();
runPosture(
  {
    regions: ['us-east-1'],
    roleArns: [],
    out: outdir,
    formats: ['html', 'md', 'json', 'csv', 'sarif', 'oscal'],
    json: true,
    endpointUrl: url,
    timeoutMs: 30_000,
    concurrency: 4,
  },
  { stdout: (t) => (stdout += t), stderr: () => undefined },
  { credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' }, progress: false },
).then((exitCode) => {
  const wallMs = performance.now() - started;
  const summary = JSON.parse(stdout);
  process.stdout.write(
    `${JSON.stringify({
      exitCode,
      wallMs,
      requests: summary.requests,
      observed: summary.observed,
      partial: summary.partial,
      reportBytes: fs.statSync(path.join(outdir, 'report.json')).size,
      rssAtStartKb,
      maxRssKb: process.resourceUsage().maxRSS,
    })}\n`,
  );
});
