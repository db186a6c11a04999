// `npm run bench` (part 1): times synthesis of the reference app with every check (rule packs, PHI data
// guard, compliance report, CloudFormation validator) against the same app with all of them off, in one
// run, interleaved, several repetitions each.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lastJsonLine, machine, median, publish, REPETITIONS, ROOT, runOnce, TSX, tempDir } from './harness';

type Mode = 'gated' | 'gated-without-template-pack' | 'baseline';

interface Sample {
  wallMs: number;
  synthMs: number;
  templatePackMs: number;
  maxRssKb: number;
}

function synth(mode: Mode): Sample {
  const outdir = tempDir(`bench-${mode}-`);
  const env = mode === 'baseline' ? { CDK_VALIDATION: 'false' } : {};
  const { wallMs, stdout } = runOnce([TSX, 'bench/synth-once.ts', mode, outdir], env);
  fs.rmSync(outdir, { recursive: true, force: true });
  return { wallMs, ...lastJsonLine<Omit<Sample, 'wallMs'>>(stdout) };
}

const samples: Record<Mode, Sample[]> = { gated: [], 'gated-without-template-pack': [], baseline: [] };
synth('baseline'); // warm the file-system cache; not recorded
for (let i = 0; i < REPETITIONS; i++) {
  samples.baseline.push(synth('baseline'));
  samples.gated.push(synth('gated'));
  samples['gated-without-template-pack'].push(synth('gated-without-template-pack'));
  process.stderr.write(`synth: repetition ${i + 1}/${REPETITIONS} done\n`);
}

// App start-up: tsx transpiles without type-checking; a type-checking runner would add a full tsc pass.
const startup = [0, 1, 2].map(() => runOnce([TSX, '-e', 'require("./lib/reference-app")']).wallMs);
const typecheck = [0, 1].map(
  () => runOnce([path.join(ROOT, 'node_modules', '.bin', 'tsc'), '--noEmit', '-p', '.']).wallMs,
);

const summarize = (list: Sample[]) => ({
  medianWallMs: Math.round(median(list.map((s) => s.wallMs))),
  medianSynthMs: Math.round(median(list.map((s) => s.synthMs))),
  medianTemplatePackMs: Math.round(median(list.map((s) => s.templatePackMs))),
  peakRssMb: Math.round(Math.max(...list.map((s) => s.maxRssKb)) / 1024),
});
const gated = summarize(samples.gated);
const withoutPack = summarize(samples['gated-without-template-pack']);
const baseline = summarize(samples.baseline);
const result = {
  date: new Date().toISOString(),
  machine: machine(),
  repetitions: REPETITIONS,
  gated,
  withoutPack,
  baseline,
  templatePack: {
    wall: +(gated.medianWallMs / withoutPack.medianWallMs).toFixed(2),
    synth: +(gated.medianSynthMs / withoutPack.medianSynthMs).toFixed(2),
    target: 1.15,
  },
  ratios: {
    wall: +(gated.medianWallMs / baseline.medianWallMs).toFixed(2),
    synth: +(gated.medianSynthMs / baseline.medianSynthMs).toFixed(2),
    peakRss: +(gated.peakRssMb / baseline.peakRssMb).toFixed(2),
  },
  startup: {
    tsxImportMedianMs: Math.round(median(startup)),
    tscNoEmitMedianMs: Math.round(median(typecheck)),
  },
};

publish(
  'synth',
  result,
  [
    `Measured ${result.date.slice(0, 10)} on ${result.machine}; median of ${REPETITIONS} interleaved runs per row.`,
    '',
    '| reference app synth | wall time (process) | synth time (in process) | peak memory |',
    '|---|---|---|---|',
    `| baseline: packs, guard, report and CloudFormation validator off | ${baseline.medianWallMs} ms | ${baseline.medianSynthMs} ms | ${baseline.peakRssMb} MiB |`,
    `| gated: everything \`cdk synth\` runs | ${gated.medianWallMs} ms | ${gated.medianSynthMs} ms | ${gated.peakRssMb} MiB |`,
    `| **ratio gated / baseline** | **${result.ratios.wall}×** | **${result.ratios.synth}×** | **${result.ratios.peakRss}×** |`,
    `| gated without the template evidence pack (this process only) | ${withoutPack.medianWallMs} ms | ${withoutPack.medianSynthMs} ms | ${withoutPack.peakRssMb} MiB |`,
    `| **ratio gated / gated without the pack** (target ≤ ${result.templatePack.target}×) | **${result.templatePack.wall}×** | **${result.templatePack.synth}×** | |`,
    '',
    `The template evidence pack itself takes ${gated.medianTemplatePackMs} ms of the gated synth (median, measured in process).`,
    '',
    `App start-up: loading the app through tsx (transpile only) takes ${result.startup.tsxImportMedianMs} ms; a type-checking runner would add a full \`tsc --noEmit\` pass (${result.startup.tscNoEmitMedianMs} ms) to every synth.`,
  ].join('\n'),
);
