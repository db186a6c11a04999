// The CommonJS module object itself (not an ES namespace copy), so its functions can be replaced.
import fs = require('node:fs');

import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { buildPostureReport } from '../../../lib/posture/merge';
import type { PostureReport } from '../../../lib/posture/model';
import { ObservationStore } from '../../../lib/posture/observations';
import { progressReporter } from '../../../lib/posture/progress';
import { POSTURE_EXIT, postureExitCode, writePostureReport } from '../../../lib/posture/write-posture';

const SCHEMAS = path.join(__dirname, '..', '..', '..', 'lib', 'compliance', 'report', 'schemas');
const ACCOUNT = '111122223333';

/** A posture: one compliant Config result, plus a gap when `gap`. */
function posture(gap: boolean): PostureReport {
  const store = new ObservationStore();
  store.target(ACCOUNT, 'us-east-1');
  store.addConfigResult(ACCOUNT, 'us-east-1', {
    ComplianceType: 'COMPLIANT',
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: {
        ConfigRuleName: 's3-bucket-logging-enabled-conformance-pack-x1',
        ResourceType: 'AWS::S3::Bucket',
        ResourceId: 'b',
      },
    },
    ConfigRuleInvokedTime: new Date(0),
    ResultRecordedTime: new Date(0),
  });
  if (gap) {
    store.addGap({
      source: 'securityhub',
      account: ACCOUNT,
      region: 'us-east-1',
      operation: 'GetFindings',
      code: 'deadline-exceeded',
      message: '=HYPERLINK("x") GetFindings was stopped unfinished',
    });
  }
  return buildPostureReport({
    collection: {
      store,
      attribution: undefined,
      requests: 3,
      collectedAt: '2026-12-01T06:00:00.000Z',
      accounts: [ACCOUNT],
      regions: ['us-east-1'],
    },
  });
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'posture-write-'));
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

describe('writePostureReport', () => {
  test('a complete posture is titled as a live posture, exits by its observations, and carries no incomplete label', () => {
    const dir = tempDir();
    const complete = posture(false);
    writePostureReport(complete, dir);
    expect(complete.posture).toMatchObject({ complete: true, partial: false, incompleteReasons: [] });
    expect(postureExitCode(complete.posture)).toBe(POSTURE_EXIT.COMPLIANT);
    expect(read(dir, 'report.html')).toContain('<h1>HIPAA live posture report</h1>');
    expect(read(dir, 'report.html')).not.toContain('INCOMPLETE');
    expect(read(dir, 'report.md')).toMatch(/^# HIPAA live posture report\n/);
    expect(read(dir, 'findings.csv')).not.toContain('posture-incomplete');
    expect(
      JSON.parse(read(dir, 'findings.sarif')).runs.map(
        (r: { tool: { driver: { name: string } } }) => r.tool.driver.name,
      ),
    ).not.toContain('hipaa-baseline posture');
  });

  test('an incomplete posture is labelled in every format, and the OSCAL document stays schema-valid', () => {
    const dir = tempDir();
    const incomplete = posture(true);
    writePostureReport(incomplete, dir);
    expect(postureExitCode(incomplete.posture)).toBe(POSTURE_EXIT.INCOMPLETE);
    expect(JSON.parse(read(dir, 'posture.json'))).toMatchObject({
      complete: false,
      incompleteReasons: ['=HYPERLINK("x") GetFindings was stopped unfinished'],
    });
    expect(read(dir, 'report.html')).toContain(
      '<li>=HYPERLINK(&quot;x&quot;) GetFindings was stopped unfinished</li>',
    );
    expect(read(dir, 'report.md')).toMatch(/^# INCOMPLETE: HIPAA live posture report\n/);
    expect(read(dir, 'posture.md')).toMatch(/^# INCOMPLETE: HIPAA live posture report\n/);
    // The gap row's text is neutralized like every other cell.
    expect(read(dir, 'findings.csv')).toContain(
      `"posture","posture-incomplete","not-observed","error","${ACCOUNT}/us-east-1","GetFindings","'=HYPERLINK(""x"") GetFindings was stopped unfinished","securityhub"`,
    );
    const sarif = JSON.parse(read(dir, 'findings.sarif'));
    expect(sarif.runs.at(-1).invocations[0]).toMatchObject({
      executionSuccessful: false,
      toolExecutionNotifications: [{ level: 'error', descriptor: { id: 'deadline-exceeded' } }],
    });
    const oscal = JSON.parse(read(dir, 'assessment-results.json'));
    const result = oscal['assessment-results'].results[0];
    expect(result.title).toBe('Live posture collection (INCOMPLETE)');
    expect(result.props).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'complete', value: 'false' }),
        expect.objectContaining({ name: 'incomplete-reason' }),
      ]),
    );
    const ajv = addFormats(new Ajv({ allErrors: true, strict: false, unicodeRegExp: true }));
    const validate = ajv.compile(
      JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'v1.0.6_oscal_assessment-results_schema.json'), 'utf8')),
    );
    expect(validate(oscal) ? [] : validate.errors?.slice(0, 3)).toEqual([]);
  });

  test('writes atomically: a failed write leaves the previous file and no temporary file', () => {
    const dir = tempDir();
    writePostureReport(posture(false), dir, ['html', 'md']);
    const before = read(dir, 'report.html');
    // The disk fills up after the first 100 bytes of report.html.
    const writeSync = fs.writeSync;
    let failed = false;
    const spy = jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: string | Uint8Array) => {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
      if (failed) return writeSync(fd, bytes);
      failed = true;
      writeSync(fd, bytes.subarray(0, 100));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }) as typeof fs.writeSync);
    // A non-atomic fs.writeFileSync would truncate report.html in place.
    const spyDirect = jest.spyOn(fs, 'writeFileSync').mockImplementation((file, data) => {
      writeSync(fs.openSync(file as string, 'w'), String(data).slice(0, 100));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    try {
      expect(() => writePostureReport(posture(true), dir, ['html', 'md'])).toThrow(/ENOSPC/);
    } finally {
      spy.mockRestore();
      spyDirect.mockRestore();
    }
    expect(read(dir, 'report.html')).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(['posture.json', 'posture.md', 'report.html', 'report.md']);
  });
});

describe('progressReporter', () => {
  const p = { configResults: 4, findings: 2, pages: 3, requests: 5, targetsDone: 1, targetsTotal: 2 };
  const target = {
    account: ACCOUNT,
    region: 'us-east-1',
    conformancePacks: [],
    configRules: 2,
    configResults: 4,
    securityHubStandards: [],
    securityHubFindings: 2,
  };

  test('plain (CI): whole lines, one per finished account-region, heartbeats spaced out, no carriage returns', () => {
    let out = '';
    let clock = 0;
    const reporter = progressReporter(
      'plain',
      (t) => (out += t),
      () => clock,
    );
    reporter.start('collecting 1 region(s)');
    reporter.update?.(p);
    clock = 10_001;
    reporter.update?.(p);
    reporter.update?.(p);
    reporter.targetDone?.(target, p);
    reporter.end();
    expect(out.split('\n')).toEqual([
      'posture: collecting 1 region(s)',
      'posture: still collecting · 1/2 account-regions · 4 Config results · 2 findings · 5 requests',
      `posture: ${ACCOUNT}/us-east-1 done (4 Config results, 2 findings) · 1/2 account-regions · 4 Config results · 2 findings · 5 requests`,
      '',
    ]);
  });

  test('tty: one line redrawn in place, cleared at the end; off: nothing', () => {
    let out = '';
    const reporter = progressReporter(
      'tty',
      (t) => (out += t),
      () => 1_000,
    );
    reporter.update?.(p);
    reporter.update?.(p);
    reporter.end();
    expect(out).toBe(
      '\r\u001b[Kposture: 1/2 account-regions · 4 Config results · 2 findings · 5 requests\r\u001b[K',
    );
    const off = progressReporter('off', () => {
      throw new Error('must not write');
    });
    off.start('x');
    off.end();
    expect(off.update).toBeUndefined();
  });
});
