import * as fs from 'node:fs';
import * as path from 'node:path';

/** The package name the report, SARIF and OSCAL outputs name as their generator. */
export const TOOL_NAME = 'cdk-hipaa-baseline';

/**
 * The version of cdk-hipaa-baseline that is running, read from its own package.json (found by walking up
 * from this file, so it is right both from the sources and from the compiled `dist/`).
 *
 * @throws Error when the package's package.json cannot be found: a report must never carry a made-up version
 */
export function toolVersion(): string {
  cachedVersion ??= readVersion();
  return cachedVersion;
}

let cachedVersion: string | undefined;

function readVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === TOOL_NAME && typeof manifest.version === 'string') return manifest.version;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`Cannot find the package.json of ${TOOL_NAME} above ${__dirname}`);
    }
  }
}
