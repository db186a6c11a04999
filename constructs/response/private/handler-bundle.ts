import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import writeFileAtomic from 'write-file-atomic';

/** Folder of the containment handler sources (`.ts` in the repository, `.js` once compiled). */
const HANDLER_DIR = path.join(__dirname, '..', 'handlers');
/** The repository root: esbuild paths in the bundle are relative to it, so the asset hash is stable. */
const PACKAGE_ROOT = path.join(__dirname, '..', '..', '..');
/** Where bundles are written before `Code.fromAsset` stages them into the cloud assembly. */
const BUNDLE_ROOT = path.join(os.tmpdir(), 'cdk-hipaa-baseline-handlers');

const bundles = new Map<string, string>();

interface Esbuild {
  buildSync(options: Record<string, unknown>): { outputFiles?: { text: string }[] };
}

/**
 * The Lambda code of one handler (`<handlerDir>/<name>.ts`, by default a containment handler under
 * `response/handlers/`), bundled at synth by esbuild in this
 * process: no Docker, no network, no `npx`. The AWS SDK v3 is left out of the bundle because the Node.js
 * 22 runtime provides it. Each handler is bundled once per process and written to a folder named by the
 * hash of its output, so repeated synths reuse it and the asset hash only changes with the code.
 *
 * Why not `NodejsFunction`: it spawns `npx esbuild` once per function per synth (about a second each
 * here) and silently falls back to Docker when esbuild cannot run; an in-process `buildSync` takes a
 * few milliseconds and fails loudly instead.
 *
 * @throws Error when esbuild is not installed or the handler does not compile
 */
export function handlerCode(name: string, handlerDir: string = HANDLER_DIR): lambda.Code {
  return lambda.Code.fromAsset(bundleHandler(name, handlerDir));
}

/**
 * Bundles `<handlerDir>/<name>` and returns the folder holding `index.js`.
 *
 * @param handlerDir absolute folder of the handler source (other constructs pass their own `handlers/`)
 */
export function bundleHandler(name: string, handlerDir: string = HANDLER_DIR): string {
  const entry = ['.ts', '.js'].map((ext) => path.join(handlerDir, `${name}${ext}`)).find(fs.existsSync);
  if (!entry) throw new Error(`No handler named ${name} in ${handlerDir}`);
  const cached = bundles.get(entry);
  if (cached) return cached;
  const result = loadEsbuild().buildSync({
    entryPoints: [entry],
    absWorkingDir: PACKAGE_ROOT,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: ['@aws-sdk/*'],
    write: false,
    outfile: 'index.js',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const text = result.outputFiles?.[0]?.text;
  if (text === undefined) throw new Error(`esbuild produced no output for handler ${name}`);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const dir = path.join(BUNDLE_ROOT, `${name}-${hash}`);
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    fs.mkdirSync(dir, { recursive: true });
    // Written atomically (temp file + rename), so a concurrent synth never stages a half-written file.
    writeFileAtomic.sync(path.join(dir, 'index.js'), text);
  }
  bundles.set(entry, dir);
  return dir;
}

function loadEsbuild(): Esbuild {
  try {
    return require('esbuild') as Esbuild;
  } catch {
    throw new Error(
      'cdk-hipaa-baseline bundles its Lambda handlers with esbuild at synth; install it (npm install --save-dev esbuild)',
    );
  }
}
