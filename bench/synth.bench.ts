// `npm run bench`: times synthesis of the reference app with every check (three rule packs, PHI data
// guard, CloudFormation validator) against the same app with packs and validator off, in one run,
// interleaved, several repetitions each. Writes bench/results/latest.{json,md} and the README table.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = path.join(__dirname, '..');
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 5);
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface Sample {
  wallMs: number;
  synthMs: number;
  maxRssKb: number;
}

function runOnce(args: string[], env: NodeJS.ProcessEnv = {}): { wallMs: number; stdout: string } {
  const started = performance.now();
  const child = spawnSync(args[0], args.slice(1), {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed (${child.status}):\n${child.stderr}`);
  return { wallMs, stdout: child.stdout };
}

function synth(mode: 'gated' | 'baseline'): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${mode}-`));
  const env = mode === 'baseline' ? { CDK_VALIDATION: 'false' } : {};
  const { wallMs, stdout } = runOnce([TSX, 'bench/synth-once.ts', mode, outdir], env);
  fs.rmSync(outdir, { recursive: true, force: true });
  const measured = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
    synthMs: number;
    maxRssKb: number;
  };
  return { wallMs, ...measured };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const samples: Record<'gated' | 'baseline', Sample[]> = { gated: [], baseline: [] };
synth('baseline'); // warm the file-system cache; not recorded
for (let i = 0; i < REPETITIONS; i++) {
  samples.baseline.push(synth('baseline'));
  samples.gated.push(synth('gated'));
  process.stderr.write(`repetition ${i + 1}/${REPETITIONS} done\n`);
}

// App start-up: tsx transpiles without type-checking; a type-checking runner would add a full tsc pass.
const startup = [0, 1, 2].map(() => runOnce([TSX, '-e', 'require("./lib/reference-app")']).wallMs);
const typecheck = [0, 1].map(
  () => runOnce([path.join(ROOT, 'node_modules', '.bin', 'tsc'), '--noEmit', '-p', '.']).wallMs,
);

const summarize = (list: Sample[]) => ({
  medianWallMs: Math.round(median(list.map((s) => s.wallMs))),
  medianSynthMs: Math.round(median(list.map((s) => s.synthMs))),
  peakRssMb: Math.round(Math.max(...list.map((s) => s.maxRssKb)) / 1024),
});
const gated = summarize(samples.gated);
const baseline = summarize(samples.baseline);
const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  repetitions: REPETITIONS,
  gated,
  baseline,
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

const table = [
  `Measured ${result.date.slice(0, 10)} on ${result.machine}; median of ${REPETITIONS} interleaved runs per row.`,
  '',
  '| reference app synth | wall time (process) | synth time (in process) | peak memory |',
  '|---|---|---|---|',
  `| baseline: packs off, CloudFormation validator off | ${baseline.medianWallMs} ms | ${baseline.medianSynthMs} ms | ${baseline.peakRssMb} MiB |`,
  `| gated: 3 packs + PHI guard + validator (what \`cdk synth\` runs) | ${gated.medianWallMs} ms | ${gated.medianSynthMs} ms | ${gated.peakRssMb} MiB |`,
  `| **ratio gated / baseline** | **${result.ratios.wall}×** | **${result.ratios.synth}×** | **${result.ratios.peakRss}×** |`,
  '',
  `App start-up: loading the app through tsx (transpile only) takes ${result.startup.tsxImportMedianMs} ms; a type-checking runner would add a full \`tsc --noEmit\` pass (${result.startup.tscNoEmitMedianMs} ms) to every synth.`,
].join('\n');

const resultsDir = path.join(ROOT, 'bench', 'results');
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
fs.writeFileSync(path.join(resultsDir, 'latest.md'), `${table}\n`);
const readmePath = path.join(ROOT, 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const updated = readme.replace(
  /<!-- bench:start -->[\s\S]*<!-- bench:end -->/,
  `<!-- bench:start -->\n${table}\n<!-- bench:end -->`,
);
fs.writeFileSync(readmePath, updated);
// Keep the generated Markdown in the project's one format (Biome formats Markdown tables too).
runOnce([
  path.join(ROOT, 'node_modules', '.bin', 'biome'),
  'format',
  '--write',
  readmePath,
  path.join(resultsDir, 'latest.md'),
]);
console.log(table);
