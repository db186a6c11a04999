// The CommonJS module object itself (not an ES namespace copy), so its functions can be replaced.
import fs = require('node:fs');

import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { EvaluationLog } from '../../../../lib/compliance/evaluation-log';
import { buildReport } from '../../../../lib/compliance/report/build-report';
import { writeReport } from '../../../../lib/compliance/report/write-report';

const report = () => {
  const app = new App();
  new Stack(app, 'Atomic');
  return buildReport({ root: app, log: new EvaluationLog(), packs: [], now: new Date('2026-06-15') });
};

afterEach(() => jest.restoreAllMocks());

describe('writeReport when a write fails (full disk)', () => {
  test('leaves every previous file intact and no truncated or temporary file behind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-report-'));
    const written = writeReport(report(), dir);
    const before = new Map(written.map((file) => [file, fs.readFileSync(file, 'utf8')]));
    // The disk fills up after the first 100 bytes of any file.
    const writeSync = fs.writeSync;
    jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: string | Uint8Array) => {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
      writeSync(fd, bytes.subarray(0, 100));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }) as typeof fs.writeSync);
    jest.spyOn(fs, 'writeFileSync').mockImplementation((file, data) => {
      writeSync(fs.openSync(file as string, 'w'), String(data).slice(0, 100));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });

    expect(() => writeReport(report(), dir)).toThrow(/ENOSPC/);
    jest.restoreAllMocks();
    for (const [file, text] of before) expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(fs.readdirSync(dir).sort()).toEqual(written.map((f) => path.basename(f)).sort());
  });

  test('a first write that fails leaves no file at all', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-report-'));
    jest.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    jest.spyOn(fs, 'writeFileSync').mockImplementation((file) => {
      fs.closeSync(fs.openSync(file as string, 'w'));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    expect(() => writeReport(report(), dir, ['html'])).toThrow(/ENOSPC/);
    jest.restoreAllMocks();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
