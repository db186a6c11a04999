// One measured synthesis of the reference app, run in its own process by synth.bench.ts.
// Usage: tsx bench/synth-once.ts <gated|gated-without-template-pack|baseline> <outdir>
//
// `gated-without-template-pack` replaces the template evidence plugin's evaluation with a pass in this
// process only, so the pack's share of a gated synth is measured side by side; the library has no such
// switch.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'aws-cdk-lib';
import { TemplateEvidencePlugin } from '../lib/compliance/template/template-evidence-plugin';
import { buildReferenceApp } from '../lib/reference-app';

const MODES = ['gated', 'gated-without-template-pack', 'baseline'];
const [mode, outdir] = process.argv.slice(2);
if (!MODES.includes(mode ?? '') || !outdir) {
  console.error(`usage: synth-once.ts <${MODES.join('|')}> <outdir>`);
  process.exit(2);
}
let templatePackMs = 0;
const validate = TemplateEvidencePlugin.prototype.validate;
TemplateEvidencePlugin.prototype.validate = function (this: TemplateEvidencePlugin, context) {
  if (mode === 'gated-without-template-pack') return { success: true, violations: [] };
  const begun = performance.now();
  try {
    return validate.call(this, context);
  } finally {
    templatePackMs += performance.now() - begun;
  }
};
const started = performance.now();
const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};
const app = new App({
  outdir,
  context: cdkJson.context,
  builtinCloudFormationValidation: mode !== 'baseline',
});
buildReferenceApp(app, { complianceGate: mode !== 'baseline' });
app.synth();
const synthMs = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ synthMs, templatePackMs, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
