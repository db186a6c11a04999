// `npm run bench` (part 2): compliance-report generation (model + all six formats) from a synthetic
// cloud assembly of 5,000 resources, against a 500-resource baseline measured in the same run.
import * as fs from 'node:fs';
import { lastJsonLine, machine, median, publish, REPETITIONS, runOnce, TSX, tempDir } from './harness';

interface Sample {
  buildMs: number;
  writeMs: number;
  evaluations: number;
  maxRssKb: number;
}

function generate(resources: number): Sample {
  const outdir = tempDir(`bench-report-${resources}-`);
  const { stdout } = runOnce([TSX, 'bench/report-once.ts', String(resources), outdir]);
  fs.rmSync(outdir, { recursive: true, force: true });
  return lastJsonLine<Sample>(stdout);
}

const SIZES = [500, 5000] as const;
const samples: Record<number, Sample[]> = { 500: [], 5000: [] };
for (let i = 0; i < REPETITIONS; i++) {
  for (const size of SIZES) samples[size].push(generate(size));
  process.stderr.write(`report: repetition ${i + 1}/${REPETITIONS} done\n`);
}
const summarize = (list: Sample[]) => ({
  evaluations: list[0].evaluations,
  medianBuildMs: Math.round(median(list.map((s) => s.buildMs))),
  medianWriteMs: Math.round(median(list.map((s) => s.writeMs))),
  peakRssMb: Math.round(Math.max(...list.map((s) => s.maxRssKb)) / 1024),
});
const small = summarize(samples[500]);
const large = summarize(samples[5000]);
const total = (s: typeof small) => s.medianBuildMs + s.medianWriteMs;
const result = { date: new Date().toISOString(), machine: machine(), repetitions: REPETITIONS, small, large };
publish(
  'report',
  result,
  [
    `Measured ${result.date.slice(0, 10)} on ${result.machine}; median of ${REPETITIONS} runs, each in its own process.`,
    '',
    '| synthetic cloud assembly | evaluations | build model | write 6 formats | total | peak memory |',
    '|---|---|---|---|---|---|',
    `| baseline: 500 resources | ${small.evaluations} | ${small.medianBuildMs} ms | ${small.medianWriteMs} ms | ${total(small)} ms | ${small.peakRssMb} MiB |`,
    `| 5,000 resources | ${large.evaluations} | ${large.medianBuildMs} ms | ${large.medianWriteMs} ms | ${total(large)} ms | ${large.peakRssMb} MiB |`,
    `| **ratio 5,000 / 500** | ${large.evaluations / small.evaluations}× | **${(large.medianBuildMs / small.medianBuildMs).toFixed(1)}×** | **${(large.medianWriteMs / small.medianWriteMs).toFixed(1)}×** | **${(total(large) / total(small)).toFixed(1)}×** | **${(large.peakRssMb / small.peakRssMb).toFixed(1)}×** |`,
  ].join('\n'),
);
