// `npm run bench` (the gate at scale): synth of an app of N copies of an ~83-resource workload stack
// (bench/scale-app.ts), N = 1, 10, 50 and 300, in three variants measured side by side in one run:
//   gated           the compliance gate applied as the reference app does, CloudFormation validator on
//   validator-only  no gate; aws-cdk-lib's built-in CloudFormation validator on (the baseline of the ratios)
//   bare            no gate, no validator (CDK_VALIDATION=false)
// Each synth runs in its own process; the variants are interleaved per repetition; medians of
// SCALE_REPETITIONS (default 3) runs; peak memory is the child's maxRSS.
//
// Limit the stack counts for a quick check: SCALE_STACKS=1,10 (or `--stacks=1,10`). A limited or
// single-repetition run prints its table and writes JSON and chart to a temporary directory, leaving
// bench/results and the README alone (SCALE_PUBLISH=1 publishes anyway; BENCH_NO_PUBLISH=1 never does).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lastJsonLine, machine, median, publish, ROOT, runOnce, TSX, tempDir } from './harness';
import { SCALE_VARIANTS, type ScaleVariant } from './scale-app';
import { type ChartSeries, renderLineChart } from './svg-chart';

interface Sample {
  wallMs: number;
  synthMs: number;
  resources: number;
  maxRssKb: number;
}

const DEFAULT_STACKS = [1, 10, 50, 300];
const stacksArg =
  process.argv.find((a) => a.startsWith('--stacks='))?.slice('--stacks='.length) ?? process.env.SCALE_STACKS;
const STACKS = stacksArg ? stacksArg.split(',').map((s) => Number(s.trim())) : DEFAULT_STACKS;
if (STACKS.some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error(`SCALE_STACKS must be positive integers separated by commas, got ${stacksArg}`);
  process.exit(2);
}
const REPETITIONS = Number(process.env.SCALE_REPETITIONS ?? 3);
if (!Number.isInteger(REPETITIONS) || REPETITIONS <= 0) {
  console.error(`SCALE_REPETITIONS must be a positive integer, got ${process.env.SCALE_REPETITIONS}`);
  process.exit(2);
}
const complete = STACKS.join(',') === DEFAULT_STACKS.join(',') && REPETITIONS >= 3;
const PUBLISH = process.env.BENCH_NO_PUBLISH !== '1' && (complete || process.env.SCALE_PUBLISH === '1');

/** Targets of issue 20, measured side by side in one run. */
const TARGETS = {
  ratioAt50: 1.3,
  ratioAt300: 1.5,
  extraPerStackMs: 150,
  wallAt300Ms: 5 * 60_000,
  peakRssAt300Mb: 2048,
};

function synth(variant: ScaleVariant, stacks: number): Sample {
  const outdir = tempDir(`bench-scale-${variant}-${stacks}-`);
  try {
    const env = variant === 'bare' ? { CDK_VALIDATION: 'false' } : {};
    const { wallMs, stdout } = runOnce([TSX, 'bench/scale-once.ts', variant, String(stacks), outdir], env);
    return { wallMs, ...lastJsonLine<Omit<Sample, 'wallMs'>>(stdout) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const samples = new Map<string, Sample[]>();
const key = (variant: ScaleVariant, stacks: number) => `${variant}:${stacks}`;
synth('bare', 1); // warm the file-system cache; not recorded
for (let i = 0; i < REPETITIONS; i++) {
  for (const stacks of STACKS) {
    for (const variant of SCALE_VARIANTS) {
      const list = samples.get(key(variant, stacks)) ?? [];
      list.push(synth(variant, stacks));
      samples.set(key(variant, stacks), list);
      process.stderr.write(`scale: ${variant} × ${stacks} stacks, repetition ${i + 1}/${REPETITIONS}\n`);
    }
  }
}

const summarize = (list: Sample[]) => ({
  resources: list[0]?.resources ?? 0,
  medianWallMs: Math.round(median(list.map((s) => s.wallMs))),
  medianSynthMs: Math.round(median(list.map((s) => s.synthMs))),
  peakRssMb: Math.round(Math.max(...list.map((s) => s.maxRssKb)) / 1024),
});
const ratio = (a: number, b: number) => +(a / b).toFixed(2);
const rows = STACKS.map((stacks) => {
  const [bare, validatorOnly, gated] = (['bare', 'validator-only', 'gated'] as const).map((v) =>
    summarize(samples.get(key(v, stacks)) ?? []),
  );
  const gateExtraMs = gated.medianWallMs - validatorOnly.medianWallMs;
  return {
    stacks,
    resources: gated.resources,
    bare,
    validatorOnly,
    gated,
    ratios: {
      gatedOverValidatorOnly: ratio(gated.medianWallMs, validatorOnly.medianWallMs),
      bareOverValidatorOnly: ratio(bare.medianWallMs, validatorOnly.medianWallMs),
      gatedPeakRssOverValidatorOnly: ratio(gated.peakRssMb, validatorOnly.peakRssMb),
    },
    gateExtraMs,
    gateExtraPerStackMs: Math.round(gateExtraMs / stacks),
  };
});
const result = {
  date: new Date().toISOString(),
  machine: machine(),
  repetitions: REPETITIONS,
  stacks: STACKS,
  targets: TARGETS,
  rows,
};

const at = (stacks: number) => rows.find((r) => r.stacks === stacks);
const verdict = (met: boolean) => (met ? 'met' : '**not met**');
const targetLines = [
  ...[
    [50, TARGETS.ratioAt50],
    [300, TARGETS.ratioAt300],
  ].flatMap(([stacks, target]) => {
    const row = at(stacks);
    return row
      ? [
          `- gated ≤ ${target}× validator-only at ${stacks} stacks: ${row.ratios.gatedOverValidatorOnly}× — ${verdict(row.ratios.gatedOverValidatorOnly <= target)}`,
        ]
      : [];
  }),
  `- the gate's extra cost per stack ≤ ${TARGETS.extraPerStackMs} ms and flat from 10 stacks up: ${rows
    .filter((r) => r.stacks >= 10)
    .map((r) => `${r.gateExtraPerStackMs} ms at ${r.stacks}`)
    .join(
      ', ',
    )} — ${verdict(rows.filter((r) => r.stacks >= 10).every((r) => r.gateExtraPerStackMs <= TARGETS.extraPerStackMs))}`,
  ...(at(300)
    ? [
        `- 300 stacks gated in ≤ 5 minutes and ≤ 2 GiB: ${((at(300)?.gated.medianWallMs ?? 0) / 1000).toFixed(0)} s, ${at(300)?.gated.peakRssMb} MiB — ${verdict((at(300)?.gated.medianWallMs ?? 0) <= TARGETS.wallAt300Ms && (at(300)?.gated.peakRssMb ?? 0) <= TARGETS.peakRssAt300Mb)}`,
      ]
    : []),
];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const signed = (ms: number) => `${ms < 0 ? '−' : '+'}${seconds(Math.abs(ms))}`;
const times = (r: number) => `${r.toFixed(2)}×`;
const table = [
  `Measured ${result.date.slice(0, 10)} on ${result.machine}; median of ${REPETITIONS} interleaved runs per cell, each synth in its own process; ${rows[0]?.resources ?? 0} resources per stack.`,
  '',
  '| stacks | resources | bare (no validator) | CDK validator only | gated | gated / validator only | gate’s extra | extra per stack | peak memory: validator only → gated |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.stacks} | ${r.resources} | ${seconds(r.bare.medianWallMs)} | ${seconds(r.validatorOnly.medianWallMs)} | ${seconds(r.gated.medianWallMs)} | **${times(r.ratios.gatedOverValidatorOnly)}** | ${signed(r.gateExtraMs)} | ${r.gateExtraPerStackMs} ms | ${r.validatorOnly.peakRssMb} → ${r.gated.peakRssMb} MiB |`,
  ),
  '',
  'Targets (issue 20):',
  '',
  ...targetLines,
].join('\n');

const series: ChartSeries[] = [
  { name: 'gated', color: '#cf222e', points: rows.map((r) => [r.stacks, r.gated.medianWallMs / 1000]) },
  {
    name: 'CDK validator only',
    color: '#0969da',
    points: rows.map((r) => [r.stacks, r.validatorOnly.medianWallMs / 1000]),
  },
  { name: 'bare', color: '#6e7781', points: rows.map((r) => [r.stacks, r.bare.medianWallMs / 1000]) },
];
const svg = renderLineChart({
  title: `Synth time against stacks (${rows[0]?.resources ?? 0} resources each), median of ${REPETITIONS}`,
  xLabel: 'stacks',
  yLabel: 'seconds (wall, per process)',
  series,
});

if (PUBLISH) {
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'scale.svg'), svg);
  publish('scale', result, table);
} else {
  const dir = tempDir('bench-scale-results-');
  fs.writeFileSync(path.join(dir, 'scale.json'), `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'scale.md'), `${table}\n`);
  fs.writeFileSync(path.join(dir, 'scale.svg'), svg);
  console.log(table);
  console.log(`\nNot published (${complete ? 'BENCH_NO_PUBLISH=1' : 'limited run'}); results in ${dir}`);
}
