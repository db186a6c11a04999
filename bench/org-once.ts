// One measured synthesis of an organization app, run in its own process by org.bench.ts.
// Usage: tsx bench/org-once.ts <stackset|naive> <accounts> <regions> <outdir>
//   stackset: one management stack with the service-managed MemberBaselineStackSet targeting OUs
//   naive:    one gated MemberBaselineStack per account × region in one app
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, Stack } from 'aws-cdk-lib';
import { applyComplianceGate } from '../lib/compliance/gate';
import { MemberBaselineStack } from '../lib/organization/member-baseline-stack';
import { MemberBaselineStackSet } from '../lib/organization/member-baseline-stackset';

const [mode, accountsArg, regionsArg, outdir] = process.argv.slice(2);
const accounts = Number(accountsArg);
const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'].slice(
  0,
  Number(regionsArg),
);
if ((mode !== 'stackset' && mode !== 'naive') || !(accounts > 0) || regions.length === 0 || !outdir) {
  console.error('usage: org-once.ts <stackset|naive> <accounts> <regions> <outdir>');
  process.exit(2);
}
const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};
const flags = Object.fromEntries(
  Object.entries(cdkJson.context).filter(([key]) => key.startsWith('@aws-cdk')),
);
const accountIds = Array.from({ length: accounts }, (_, i) => String(100000000000 + i));

const started = performance.now();
const app = new App({ outdir, context: flags });
applyComplianceGate(app, { report: false });
if (mode === 'stackset') {
  // The accounts live in OUs; the StackSet targets the OUs, so the account count never reaches the template.
  const management = new Stack(app, 'OrgManagement', {
    env: { account: '999999999999', region: regions[0] },
  });
  new MemberBaselineStackSet(management, 'MemberBaseline', {
    organizationalUnitIds: ['ou-abcd-members1'],
    regions,
    memberContext: flags,
  });
} else {
  for (const account of accountIds) {
    for (const region of regions) {
      new MemberBaselineStack(app, `Member-${account}-${region}`, { env: { account, region } });
    }
  }
}
app.synth();
const synthMs = performance.now() - started;
let templateBytes = 0;
let templates = 0;
// Recursive: the StackSet's member template is synthesized into its own directory of cdk.out.
for (const file of fs.readdirSync(outdir, { recursive: true }) as string[]) {
  if (!file.endsWith('.template.json')) continue;
  templates++;
  templateBytes += fs.statSync(path.join(outdir, file)).size;
}
process.stdout.write(
  `${JSON.stringify({ synthMs, maxRssKb: process.resourceUsage().maxRSS, templateBytes, templates })}\n`,
);
