// `npm run bench` (part 3): the template evidence pack (every rule) over a synthetic cloud assembly of
// 5,000 resources, against a 500-resource baseline measured in the same run; target ≤ 0.5 s at 5,000.
import { lastJsonLine, machine, median, publish, REPETITIONS, runOnce, TSX } from './harness';

interface Sample {
  resources: number;
  templates: number;
  rules: number;
  evaluations: number;
  failing: number;
  evaluateMs: number;
  maxRssKb: number;
}

const SIZES = [500, 5000] as const;
const samples: Record<number, Sample[]> = { 500: [], 5000: [] };
for (let i = 0; i < REPETITIONS; i++) {
  for (const size of SIZES)
    samples[size].push(
      lastJsonLine<Sample>(runOnce([TSX, 'bench/template-pack-once.ts', String(size)]).stdout),
    );
  process.stderr.write(`template pack: repetition ${i + 1}/${REPETITIONS} done\n`);
}
const summarize = (list: Sample[]) => ({
  ...list[0],
  medianEvaluateMs: Math.round(median(list.map((s) => s.evaluateMs))),
  peakRssMb: Math.round(Math.max(...list.map((s) => s.maxRssKb)) / 1024),
});
const small = summarize(samples[500]);
const large = summarize(samples[5000]);
const result = {
  date: new Date().toISOString(),
  machine: machine(),
  repetitions: REPETITIONS,
  small,
  large,
  targetMs: 500,
};
const row = (label: string, s: typeof small) =>
  `| ${label} | ${s.templates} | ${s.evaluations} (${s.failing} failing) | ${s.medianEvaluateMs} ms | ${s.peakRssMb} MiB |`;
publish(
  'template-pack',
  result,
  [
    `Measured ${result.date.slice(0, 10)} on ${result.machine}; median of ${REPETITIONS} runs, each in its own process; ${large.rules} rules.`,
    '',
    '| synthetic cloud assembly | templates | evaluations | evaluate every rule | peak memory |',
    '|---|---|---|---|---|',
    row('baseline: 500 resources', small),
    row('5,000 resources', large),
    `| **ratio 5,000 / 500** | ${large.templates / small.templates}× | ${(large.evaluations / small.evaluations).toFixed(1)}× | **${(large.medianEvaluateMs / small.medianEvaluateMs).toFixed(1)}×** | **${(large.peakRssMb / small.peakRssMb).toFixed(1)}×** |`,
    '',
    `Target: ≤ ${result.targetMs} ms at 5,000 resources — ${large.medianEvaluateMs <= result.targetMs ? 'met' : '**not met**'}.`,
  ].join('\n'),
);
