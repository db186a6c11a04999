// `tsx bench/posture.bench.ts`: live-posture collection of 10,000 Security Hub findings and 130 AWS Config
// rules from a loopback AWS, against a 1,000-finding baseline in the same run. Each collection runs in its
// own process (peak memory from process.resourceUsage().maxRSS); the server runs in another.
// BENCH_NO_PUBLISH=1 prints the table without writing bench/results or README.md.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { lastJsonLine, machine, median, publish, REPETITIONS, ROOT, runOnce, TSX, tempDir } from './harness';

interface Sample {
  exitCode: number;
  wallMs: number;
  requests: number;
  observed: number;
  partial: boolean;
  reportBytes: number;
  rssAtStartKb: number;
  maxRssKb: number;
  bytesServed: number;
}

const CONFIG_RULES = 130;
const RESULTS_PER_RULE = 10;
const SIZES = [1_000, 10_000] as const;

/** Starts the loopback AWS in its own process and resolves with its URL. */
function startServer(findings: number): Promise<{ url: string; child: ChildProcess }> {
  const scenario = {
    configRules: CONFIG_RULES,
    resultsPerRule: RESULTS_PER_RULE,
    nonCompliantEvery: 9,
    findings,
    pageSize: 100,
  };
  const child = spawn(TSX, ['bench/posture-server.ts', JSON.stringify(scenario)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n')) resolve({ url: line.trim(), child });
    });
    child.on('exit', (code) => reject(new Error(`posture server exited (${code})`)));
  });
}

async function sample(findings: number): Promise<Sample> {
  const { url, child } = await startServer(findings);
  const outdir = tempDir(`bench-posture-${findings}-`);
  try {
    const { stdout } = runOnce([TSX, 'bench/posture-once.ts', url, outdir]);
    const stats = (await (await fetch(`${url}/__stats`)).json()) as { bytesServed: number };
    const result = { ...lastJsonLine<Omit<Sample, 'bytesServed'>>(stdout), bytesServed: stats.bytesServed };
    if (result.partial) throw new Error(`collection of ${findings} findings was partial`);
    return result;
  } finally {
    child.kill('SIGTERM');
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const samples: Record<number, Sample[]> = { 1000: [], 10000: [] };
  for (let i = 0; i < REPETITIONS; i++) {
    for (const size of SIZES) samples[size].push(await sample(size));
    process.stderr.write(`posture: repetition ${i + 1}/${REPETITIONS} done\n`);
  }
  const mib = (kb: number) => Math.round(kb / 1024);
  const summarize = (list: Sample[]) => ({
    observed: list[0].observed,
    requests: list[0].requests,
    medianWallMs: Math.round(median(list.map((s) => s.wallMs))),
    peakRssMb: mib(Math.max(...list.map((s) => s.maxRssKb))),
    startRssMb: mib(median(list.map((s) => s.rssAtStartKb))),
    reportMb: +(list[0].reportBytes / 2 ** 20).toFixed(1),
    receivedMb: +(list[0].bytesServed / 2 ** 20).toFixed(1),
  });
  const small = summarize(samples[1000]);
  const large = summarize(samples[10000]);
  const growth = (s: typeof small) => s.peakRssMb - s.startRssMb;
  const result = {
    date: new Date().toISOString(),
    machine: machine(),
    repetitions: REPETITIONS,
    configRules: CONFIG_RULES,
    small,
    large,
  };
  const row = (label: string, s: typeof small) =>
    `| ${label} | ${s.observed} | ${s.requests} | ${s.medianWallMs} ms | ${s.peakRssMb} MiB | ${growth(s)} MiB | ${s.reportMb} MiB | ${s.receivedMb} MiB |`;
  const table = [
    `Measured ${result.date.slice(0, 10)} on ${result.machine}; median of ${REPETITIONS} runs, each in its own process, against a loopback AWS with ${CONFIG_RULES} Config rules × ${RESULTS_PER_RULE} resources and 100 results per page; all six report formats written.`,
    '',
    '| Security Hub findings | observations | requests | wall time | peak memory | growth over startup | report.json | received from AWS |',
    '|---|---|---|---|---|---|---|---|',
    row('baseline: 1,000', small),
    row('10,000', large),
    `| **ratio 10,000 / 1,000** | ${(large.observed / small.observed).toFixed(1)}× | ${(large.requests / small.requests).toFixed(1)}× | **${(large.medianWallMs / small.medianWallMs).toFixed(1)}×** | **${(large.peakRssMb / small.peakRssMb).toFixed(1)}×** | **${(growth(large) / Math.max(1, growth(small))).toFixed(1)}×** | ${(large.reportMb / small.reportMb).toFixed(1)}× | ${(large.receivedMb / small.receivedMb).toFixed(1)}× |`,
    '',
    'Pages are reduced to observations as they arrive and dropped, so memory grows with the report (one row per control × resource), not with the bytes received.',
  ].join('\n');
  if (process.env.BENCH_NO_PUBLISH === '1') {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n${table}\n`);
    return;
  }
  publish('posture', result, table);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
