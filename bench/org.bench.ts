// `npm run bench` (organization scale): synth time, peak memory and total template bytes of the
// member-account baseline for 1, 10 and 50 accounts × 3 Regions, deployed (a) through one service-managed
// StackSet targeting OUs and (b) naively as one stack per account × Region. The naive case is capped
// (BENCH_ORG_NAIVE_MAX, default 10 accounts) because its synth time grows linearly.
// BENCH_NO_PUBLISH=1 prints the table instead of writing bench/results and the README block.
import * as fs from 'node:fs';
import { lastJsonLine, machine, median, publish, REPETITIONS, runOnce, TSX, tempDir } from './harness';

interface Sample {
  wallMs: number;
  synthMs: number;
  maxRssKb: number;
  templateBytes: number;
  templates: number;
}
type Mode = 'stackset' | 'naive';

const ACCOUNTS = [1, 10, 50];
const REGIONS = 3;
const NAIVE_MAX = Number(process.env.BENCH_ORG_NAIVE_MAX ?? 10);

function synth(mode: Mode, accounts: number): Sample {
  const outdir = tempDir(`bench-org-${mode}-`);
  try {
    const { wallMs, stdout } = runOnce([
      TSX,
      'bench/org-once.ts',
      mode,
      String(accounts),
      String(REGIONS),
      outdir,
    ]);
    return { wallMs, ...lastJsonLine<Omit<Sample, 'wallMs'>>(stdout) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const cases = ACCOUNTS.flatMap((accounts) =>
  (['stackset', 'naive'] as Mode[])
    .filter((mode) => mode === 'stackset' || accounts <= NAIVE_MAX)
    .map((mode) => ({ mode, accounts, samples: [] as Sample[] })),
);
synth('stackset', 1); // warm the file-system cache; not recorded
for (let i = 0; i < REPETITIONS; i++) {
  for (const c of cases) c.samples.push(synth(c.mode, c.accounts));
  process.stderr.write(`org: repetition ${i + 1}/${REPETITIONS} done\n`);
}

const rows = cases.map(({ mode, accounts, samples }) => ({
  mode,
  accounts,
  regions: REGIONS,
  stackInstances: accounts * REGIONS,
  templates: samples[0].templates,
  templateBytes: samples[0].templateBytes,
  medianWallMs: Math.round(median(samples.map((s) => s.wallMs))),
  medianSynthMs: Math.round(median(samples.map((s) => s.synthMs))),
  peakRssMb: Math.round(Math.max(...samples.map((s) => s.maxRssKb)) / 1024),
}));
const result = {
  date: new Date().toISOString(),
  machine: machine(),
  repetitions: REPETITIONS,
  naiveMax: NAIVE_MAX,
  rows,
};
const skipped = ACCOUNTS.filter((a) => a > NAIVE_MAX);
// Baseline: the 1-account StackSet row of this run.
const baseline = rows.find((r) => r.mode === 'stackset' && r.accounts === 1) ?? rows[0];
const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;
const table = [
  `Measured ${result.date.slice(0, 10)} on ${result.machine}; median of ${REPETITIONS} runs per row; ${REGIONS} Regions per account; compliance gate on.`,
  '',
  '| member accounts | deployment | templates in cdk.out | total template size | wall time (process) | synth time (in process) | peak memory | wall time vs baseline | peak memory vs baseline |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.accounts} | ${r.mode === 'stackset' ? 'service-managed StackSet (targets OUs)' : 'naive: one stack per account × Region'} | ${r.templates} | ${(r.templateBytes / 1024).toFixed(1)} KiB | ${r.medianWallMs} ms | ${r.medianSynthMs} ms | ${r.peakRssMb} MiB | ${ratio(r.medianWallMs, baseline.medianWallMs)} | ${ratio(r.peakRssMb, baseline.peakRssMb)} |`,
  ),
  '',
  'Baseline: the 1-account StackSet row of the same run.',
  '',
  `The StackSet's templates (host and one member template, published once per Region) do not grow with the number of accounts: accounts join through their OU and get the baseline by auto-deployment.${skipped.length ? ` The naive loop was not run for ${skipped.join(', ')} accounts (capped at ${NAIVE_MAX}; set BENCH_ORG_NAIVE_MAX to raise it); it grows linearly.` : ''}`,
].join('\n');

if (process.env.BENCH_NO_PUBLISH === '1') {
  console.log(JSON.stringify(result, null, 2));
  console.log(table);
} else {
  publish('org', result, table);
}
