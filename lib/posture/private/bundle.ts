import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';

/** The entry point of the scheduled collector's Lambda function (TypeScript source, or compiled). */
export const HANDLER_ENTRY = ['.ts', '.js']
  .map((ext) => path.join(__dirname, '..', `lambda-handler${ext}`))
  .find((file) => fs.existsSync(file)) as string;
/** The bundle's file name; the function's handler is `index.handler`. */
export const BUNDLE_FILE = 'index.js';

/** A bundle on disk and what it cost. */
export interface Bundle {
  /** The directory holding only {@link BUNDLE_FILE}. */
  readonly dir: string;
  /** Milliseconds esbuild took (0 when served from the per-process cache). */
  readonly ms: number;
  readonly cached: boolean;
  readonly bytes: number;
}

const cache = new Map<string, Omit<Bundle, 'cached'>>();

/**
 * Bundles `entry` with esbuild, locally and offline (no Docker, no network): the AWS SDK clients it uses
 * are bundled in, minified, for Node.js 22. Built once per process per entry: synthesizing many stacks
 * costs one bundle.
 */
export function bundleHandler(entry: string = HANDLER_ENTRY): Bundle {
  const hit = cache.get(entry);
  if (hit && fs.existsSync(path.join(hit.dir, BUNDLE_FILE))) return { ...hit, cached: true };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hipaa-posture-lambda-'));
  const started = performance.now();
  buildSync({
    entryPoints: [entry],
    outfile: path.join(dir, BUNDLE_FILE),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
    // Optional peers of the SDK that Lambda never loads.
    external: ['@aws-sdk/signature-v4-crt', 'aws-crt'],
  });
  const built = {
    dir,
    ms: performance.now() - started,
    bytes: fs.statSync(path.join(dir, BUNDLE_FILE)).size,
  };
  cache.set(entry, built);
  return { ...built, cached: false };
}
