// Shared by the benchmarks: run a measured child process, take medians, publish a table.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

/** The repository root. */
export const ROOT = path.join(__dirname, '..');
/** The project's tsx, which runs TypeScript without type-checking. */
export const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
/** Repetitions per measured configuration (`BENCH_REPETITIONS` overrides). */
export const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 5);

/** Runs a command to completion and returns its wall time and standard output; throws on failure. */
export function runOnce(args: string[], env: NodeJS.ProcessEnv = {}): { wallMs: number; stdout: string } {
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

/** The last line of a measuring child's output, parsed as JSON. */
export function lastJsonLine<T>(stdout: string): T {
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as T;
}

/** The median of `values`. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A one-line description of this machine for result tables. */
export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** A fresh temporary directory. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Writes `bench/results/<name>.{json,md}` and replaces the README block between
 * `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->`, formatted by Biome.
 */
export function publish(name: string, result: object, table: string): void {
  const resultsDir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const mdFile = path.join(resultsDir, `${name}.md`);
  fs.writeFileSync(mdFile, `${table}\n`);
  const readmePath = path.join(ROOT, 'README.md');
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const readme = fs.readFileSync(readmePath, 'utf8');
  if (!readme.includes(start)) throw new Error(`README.md has no ${start} block`);
  fs.writeFileSync(
    readmePath,
    readme.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${table}\n${end}`),
  );
  runOnce([path.join(ROOT, 'node_modules', '.bin', 'biome'), 'format', '--write', readmePath, mdFile]);
  console.log(table);
}
