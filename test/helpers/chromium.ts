import * as fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Flags that keep a headless Chromium offline and quiet in a container. */
const OFFLINE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** System Chromium locations tried when the npm-shipped build cannot start. */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Where the browser tests' Chromium comes from, in order: `CHROMIUM_PATH` when set; the build shipped
 * inside the `@sparticuz/chromium` npm package (installed by `npm ci`, so a machine with only Node runs
 * the browser tests); a system Chromium when present.
 */
export async function chromiumExecutable(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!fs.existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return configured;
  }
  try {
    const shipped = (await import('@sparticuz/chromium')).default;
    return await shipped.executablePath();
  } catch (error) {
    const system = SYSTEM_CHROMIUM.find((file) => fs.existsSync(file));
    if (system) return system;
    throw new Error(
      `No Chromium for the browser tests: @sparticuz/chromium failed (${(error as Error).message}) and none of ${SYSTEM_CHROMIUM.join(', ')} exists; set CHROMIUM_PATH`,
    );
  }
}

/** Launches a headless, offline Chromium for a browser test. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumExecutable(), args: OFFLINE_FLAGS });
}
