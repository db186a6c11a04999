// One measured synthesis of the reference app, run in its own process by synth.bench.ts.
// Usage: tsx bench/synth-once.ts <gated|baseline> <outdir>
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'aws-cdk-lib';
import { buildReferenceApp } from '../lib/reference-app';

const [mode, outdir] = process.argv.slice(2);
if ((mode !== 'gated' && mode !== 'baseline') || !outdir) {
  console.error('usage: synth-once.ts <gated|baseline> <outdir>');
  process.exit(2);
}
const started = performance.now();
const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};
const app = new App({ outdir, context: cdkJson.context, builtinCloudFormationValidation: mode === 'gated' });
buildReferenceApp(app, { complianceGate: mode === 'gated' });
app.synth();
const synthMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ synthMs, maxRssKb: process.resourceUsage().maxRSS })}\n`);
