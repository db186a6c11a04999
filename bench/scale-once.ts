// One measured synthesis of the scale app, run in its own process by scale.bench.ts.
// Usage: tsx bench/scale-once.ts <gated|validator-only|bare> <stacks> <outdir>
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildScaleApp, SCALE_VARIANTS, type ScaleVariant } from './scale-app';

const [variant, stacksArg, outdir] = process.argv.slice(2);
const stacks = Number(stacksArg);
if (!SCALE_VARIANTS.includes(variant as ScaleVariant) || !(stacks > 0) || !outdir) {
  console.error(`usage: scale-once.ts <${SCALE_VARIANTS.join('|')}> <stacks> <outdir>`);
  process.exit(2);
}
const started = performance.now();
const app = buildScaleApp(variant as ScaleVariant, stacks, outdir);
const assembly = app.synth();
const synthMs = performance.now() - started;
let resources = 0;
for (const stack of assembly.stacks) resources += Object.keys(stack.template.Resources ?? {}).length;
const reportWritten = fs.existsSync(path.join(outdir, 'compliance', 'report.json'));
process.stdout.write(
  `${JSON.stringify({ synthMs, resources, reportWritten, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
