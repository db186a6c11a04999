// Fault injection: the real `posture` command and the real SDK stack (adaptive retries, HTTP handler
// timeouts, abort signals) against a loopback server speaking AWS Config (JSON 1.1), Security Hub
// (REST-JSON) and STS (query), with fake static credentials. Each fault must end in exit 3 within a
// wall-time bound, with every output labelled incomplete. No request leaves 127.0.0.1.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { HIPAA_CONTROLS } from '../../../lib/compliance/catalog/controls';
import { citationBreakdowns } from '../../../lib/compliance/report/citation-summary';
import type { ComplianceReport } from '../../../lib/compliance/report/model';
import { buildPostureReport } from '../../../lib/posture/merge';
import type { PostureSection } from '../../../lib/posture/model';
import { ObservationStore } from '../../../lib/posture/observations';
import type { PostureDeps } from '../../../lib/posture/run-posture';
import { POSTURE_EXIT } from '../../../lib/posture/write-posture';
import {
  type FailureMode,
  type FakeAws,
  type FakeAwsScenario,
  type FakeOperation,
  startFakeAws,
} from './support/fake-aws-server';
import { runPostureCommand } from './support/run-command';

const OPERATIONS: readonly FakeOperation[] = [
  'DescribeConfigurationRecorderStatus',
  'DescribeConformancePacks',
  'DescribeConformancePackCompliance',
  'GetConformancePackComplianceDetails',
  'SelectResourceConfig',
  'GetEnabledStandards',
  'GetFindings',
  'GetCallerIdentity',
  'AssumeRole',
];
const everyOperation = (mode: FailureMode) =>
  Object.fromEntries(OPERATIONS.map((op) => [op, { mode }])) as FakeAwsScenario['failures'];

/** Attempts per call in these tests: small, so that retries are observed but stay quick. */
const ATTEMPTS = 3;
/** Wall time any fault may take with these settings: well under the 30 s a default timeout would take. */
const BOUND_MS = 8_000;

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Outputs {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
  readonly out: string;
  readonly posture: PostureSection;
  readonly read: (file: string) => string;
}

async function runAgainst(url: string, extra: string[] = [], deps: PostureDeps = {}): Promise<Outputs> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-fault-'));
  const started = Date.now();
  const result = await runPostureCommand(
    ['--region', 'us-east-1', '--endpoint-url', url, '--out', out, '--json', '--timeout-ms', '300', ...extra],
    { maxAttempts: ATTEMPTS, ...deps },
  );
  const elapsedMs = Date.now() - started;
  const read = (file: string) => fs.readFileSync(path.join(out, file), 'utf8');
  return { ...result, elapsedMs, out, posture: JSON.parse(read('posture.json')), read };
}

async function runFault(scenario: FakeAwsScenario, extra: string[] = [], deps: PostureDeps = {}) {
  fake = await startFakeAws({ configRules: 3, resultsPerRule: 2, ...scenario });
  return runAgainst(fake.url, extra, deps);
}

/** Exit 3, and every format says incomplete in its own way. */
function expectLabelledIncomplete(r: Outputs) {
  expect(r.code).toBe(POSTURE_EXIT.INCOMPLETE);
  const summary = JSON.parse(r.stdout);
  expect(summary).toMatchObject({ exitCode: 3, complete: false, partial: true });
  expect(r.posture.complete).toBe(false);
  expect(r.posture.incompleteReasons.length).toBeGreaterThan(0);
  expect(r.read('report.html')).toMatch(/<title>INCOMPLETE: HIPAA live posture report<\/title>/);
  expect(r.read('report.html')).toMatch(
    /<h1>INCOMPLETE: HIPAA live posture report<\/h1>\n<section data-testid="incomplete"/,
  );
  expect(r.read('report.md')).toMatch(
    /^# INCOMPLETE: HIPAA live posture report\n\n> \*\*This posture is incomplete/,
  );
  expect(r.read('posture.md')).toMatch(/^# INCOMPLETE: HIPAA live posture report/);
  const oscal = JSON.parse(r.read('assessment-results.json'))['assessment-results'];
  expect(oscal.metadata.title).toMatch(/^INCOMPLETE: /);
  expect(oscal.results[0].props).toContainEqual(
    expect.objectContaining({ name: 'complete', value: 'false' }),
  );
  const sarif = JSON.parse(r.read('findings.sarif'));
  expect(sarif.runs.at(-1).invocations[0].executionSuccessful).toBe(false);
  expect(r.read('findings.csv')).toContain('"posture","posture-incomplete","not-observed"');
  // Nothing observed incompletely is shown as met on synthesized evidence alone.
  const report = JSON.parse(r.read('report.json')) as ComplianceReport;
  expect(report.summary.citations.met).toBe(0);
  expect(r.elapsedMs).toBeLessThan(BOUND_MS);
}

const codes = (r: Outputs) => [...new Set(r.posture.gaps.map((g) => g.code))].sort();

describe('posture under injected faults', () => {
  test('HTTP 500 on every call: retried, then exit 3 with service-error gaps', async () => {
    const r = await runFault({ failures: everyOperation('server-error') });
    expectLabelledIncomplete(r);
    expect(codes(r)).toContain('service-error');
    expect(fake?.requests.GetCallerIdentity).toBe(ATTEMPTS);
  });

  test('persistent throttling: adaptive retry slows down and retries, then exit 3 with a throttled gap', async () => {
    const r = await runFault({ findings: 5, failures: { GetFindings: { mode: 'throttling' } } });
    expectLabelledIncomplete(r);
    expect(codes(r)).toEqual(['throttled']);
    // Retry observed: every attempt arrived at the server, not just the first.
    expect(fake?.requests.GetFindings).toBe(ATTEMPTS);
    expect(r.posture.gaps[0].message).toMatch(/still throttled after retries/);
    // What answered is kept (6 Config results and the restore).
    expect(r.posture.summary.observed).toBe(7);
  });

  test('an endpoint that never answers: each attempt times out, exit 3 well within the bound', async () => {
    const r = await runFault({ failures: everyOperation('hang') });
    expectLabelledIncomplete(r);
    expect(codes(r)).toContain('timeout');
  });

  test('an endpoint that never answers, default per-call timeout: --deadline stops the run with what it has', async () => {
    const r = await runFault({ failures: { GetFindings: { mode: 'hang' } } }, [
      '--timeout-ms',
      '30000',
      '--deadline',
      '2',
    ]);
    expectLabelledIncomplete(r);
    expect(r.elapsedMs).toBeLessThan(2_000 + 2_500);
    expect(codes(r)).toEqual(['deadline-exceeded']);
    expect(r.posture.gaps[0].message).toMatch(
      /GetFindings in 111122223333\/us-east-1 was stopped unfinished: the overall deadline of 2 s was reached/,
    );
    // Config and Backup answered before the deadline: kept.
    expect(r.posture.summary.observed).toBe(7);
  });

  describe('on the patch-deadline calls', () => {
    const patched: FakeAwsScenario = {
      instances: [
        { id: 'i-0000000000000001a', patches: [{ kb: 'KB5000001', releasedDaysAgo: 40 }] },
        { id: 'i-0000000000000002b', platform: 'AmazonLinux2' },
      ],
    };

    test.each<[string, FakeOperation, FailureMode, string]>([
      ['throttling on DescribeInstancePatches', 'DescribeInstancePatches', 'throttling', 'throttled'],
      ['HTTP 500 on DescribeInstancePatches', 'DescribeInstancePatches', 'server-error', 'service-error'],
      ['throttling on DescribeAvailablePatches', 'DescribeAvailablePatches', 'throttling', 'throttled'],
      ['HTTP 500 on DescribeAvailablePatches', 'DescribeAvailablePatches', 'server-error', 'service-error'],
    ])(
      '%s: retried, then exit 3 with one gap and no verdict for the instance',
      async (_l, op, mode, code) => {
        const r = await runFault({ ...patched, failures: { [op]: { mode } } });
        expectLabelledIncomplete(r);
        expect(r.posture.gaps).toEqual([expect.objectContaining({ operation: op, code })]);
        expect(fake?.requests[op]).toBe(ATTEMPTS);
        // The overdue instance has no verdict from a partial read; the other one is kept.
        expect(r.posture.recovery.patches.map((p) => p.instanceId)).toEqual(['i-0000000000000002b']);
      },
    );

    test('a patch catalog that never answers: --deadline stops the run with what it has', async () => {
      const r = await runFault({ ...patched, failures: { DescribeAvailablePatches: { mode: 'hang' } } }, [
        '--timeout-ms',
        '30000',
        '--deadline',
        '2',
      ]);
      expectLabelledIncomplete(r);
      expect(codes(r)).toEqual(['deadline-exceeded']);
      expect(r.posture.gaps[0].message).toMatch(
        /DescribeAvailablePatches in 111122223333\/us-east-1 was stopped/,
      );
      expect(r.elapsedMs).toBeLessThan(2_000 + 2_500);
    });
  });

  test('connection refused: exit 3 with unreachable gaps', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await runAgainst(`http://127.0.0.1:${port}`);
    expectLabelledIncomplete(r);
    expect(codes(r)).toContain('unreachable');
    expect(r.posture.gaps[0].message).toMatch(/could not connect after retries \(ECONNREFUSED\)/);
  });

  test('a malformed body: exit 3 with malformed-response gaps', async () => {
    const r = await runFault({
      failures: {
        GetConformancePackComplianceDetails: { mode: 'malformed' },
        GetFindings: { mode: 'malformed' },
      },
    });
    expectLabelledIncomplete(r);
    expect(codes(r)).toEqual(['malformed-response']);
  });

  test('empty results (0 standards, 0 conformance-pack results): observed nothing is incomplete, not compliant', async () => {
    const r = await runFault({ configRules: 0, standards: 0 });
    expectLabelledIncomplete(r);
    expect(codes(r)).toEqual(['no-config-results', 'no-securityhub-standard']);
    // Only the restore was observed: the empty sources still leave the posture incomplete.
    expect(r.posture.summary.observed).toBe(1);
    expect(r.posture.complete).toBe(false);
  });

  test('no configuration recorder, or a stopped one: incomplete even with results', async () => {
    const none = await runFault({ recorder: 'none' });
    expectLabelledIncomplete(none);
    expect(codes(none)).toEqual(['no-config-recorder']);
    await fake?.close();
    const stopped = await runFault({ recorder: 'stopped' });
    expect(stopped.code).toBe(POSTURE_EXIT.INCOMPLETE);
    expect(codes(stopped)).toEqual(['config-recorder-stopped']);
  });

  test('access denied on every call: exit 3 naming the missing permissions, not retried', async () => {
    const r = await runFault({ failures: everyOperation('access-denied') });
    expectLabelledIncomplete(r);
    expect(codes(r)).toEqual(['access-denied']);
    expect(r.posture.gaps.map((g) => g.permission)).toEqual(
      expect.arrayContaining(['config:DescribeConfigurationRecorderStatus', 'securityhub:GetFindings']),
    );
    expect(fake?.requests.GetFindings).toBe(1);
  });
});

/** A synthesized report that meets every citation infrastructure can evidence: the worst case to leak. */
function intendedReportMeetingEverything(): string {
  const empty = buildPostureReport({
    collection: {
      store: new ObservationStore(),
      attribution: undefined,
      requests: 0,
      collectedAt: '2026-12-01T00:00:00.000Z',
      accounts: [],
      regions: [],
    },
  }).report;
  const technical = new Set(HIPAA_CONTROLS.filter((c) => c.automation !== 'organizational').map((c) => c.id));
  const citations = empty.citations.map((c) =>
    technical.has(c.id) ? { ...c, status: 'met' as const, statusReason: 'every sufficient rule passed' } : c,
  );
  const report: ComplianceReport = {
    ...empty,
    stacks: ['Fixture'],
    citations,
    summary: { ...empty.summary, ...citationBreakdowns(citations) },
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-from-'));
  fs.mkdirSync(path.join(dir, 'compliance'));
  fs.writeFileSync(path.join(dir, 'compliance', 'report.json'), JSON.stringify(report));
  return dir;
}

describe('posture --from never shows a citation met on synthesized evidence alone', () => {
  let from: string;
  beforeAll(() => {
    from = intendedReportMeetingEverything();
  });

  test('no credentials: exit 3, and the merged report shows 0 citations met in every format', async () => {
    fake = await startFakeAws();
    const noCredentials = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      });
    };
    const r = await runAgainst(fake.url, ['--from', from], { credentials: noCredentials });
    expectLabelledIncomplete(r);
    expect(codes(r)).toEqual(['missing-credentials']);
    const report = JSON.parse(r.read('report.json')) as ComplianceReport;
    const wasMet = report.citations.filter((c) => c.statusReason.includes('met at synth'));
    expect(wasMet.length).toBeGreaterThan(10);
    for (const c of wasMet) {
      expect(c.status).toBe('not-evidenced');
      expect(c.statusReason).toMatch(/collection was incomplete/);
    }
    // Markdown: the status count of Met is 0 and no citation row reads Met.
    expect(r.read('report.md')).toMatch(/^\| Met \| 0 \|$/m);
    expect(r.read('report.md')).not.toMatch(/^\| 164\.[^|]*\|[^|]*\| Met \|/m);
    expect(r.read('report.html')).not.toContain('class="s-met">Met<');
  });

  test('a complete run keeps met only the citations the accounts observed compliant', async () => {
    const r = await runFault({ configRules: 6, resultsPerRule: 1 }, ['--from', from]);
    expect(r.code).toBe(POSTURE_EXIT.COMPLIANT);
    expect(r.posture.complete).toBe(true);
    expect(r.read('report.html')).toMatch(/<title>HIPAA live posture report<\/title>/);
    const report = JSON.parse(r.read('report.json')) as ComplianceReport;
    const observed = new Map(r.posture.citations.map((c) => [c.id, c.observed]));
    const met = report.citations.filter((c) => c.status === 'met');
    expect(met.length).toBeGreaterThan(0);
    for (const c of met) expect(observed.get(c.id)).toBe('compliant');
    const unobserved = report.citations.filter((c) => c.statusReason.includes('met at synth'));
    expect(unobserved.length).toBeGreaterThan(0);
    for (const c of unobserved) {
      expect(c.status).toBe('not-evidenced');
      expect(observed.get(c.id)).toBe('not-observed');
    }
  });
});

describe('posture rejects a --from report it cannot trust', () => {
  const withReport = (content: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-bad-from-'));
    fs.mkdirSync(path.join(dir, 'compliance'));
    fs.writeFileSync(path.join(dir, 'compliance', 'report.json'), content);
    return dir;
  };

  test.each([
    [
      'an unknown schemaVersion',
      (r: ComplianceReport) => ({ ...r, schemaVersion: '9.9' }),
      /\/schemaVersion: "9\.9" is not supported/,
    ],
    [
      'a citation with an unknown status',
      (r: ComplianceReport) => ({ ...r, citations: [{ ...r.citations[0], status: 'done' }] }),
      /\/citations\/0\/status: must be equal to one of the allowed values/,
    ],
  ])('%s: exit 2 naming file and field, no AWS call', async (_label, mutate, message) => {
    const good = JSON.parse(
      fs.readFileSync(path.join(intendedReportMeetingEverything(), 'compliance', 'report.json'), 'utf8'),
    );
    const dir = withReport(JSON.stringify(mutate(good)));
    fake = await startFakeAws();
    const r = await runPostureCommand(['--region', 'us-east-1', '--endpoint-url', fake.url, '--from', dir]);
    expect(r.code).toBe(POSTURE_EXIT.USAGE);
    expect(r.stderr).toContain(path.join(dir, 'compliance', 'report.json'));
    expect(r.stderr).toMatch(message);
    expect(fake.requests).toEqual({});
  });

  test('malformed JSON: exit 2 naming the file', async () => {
    const dir = withReport('{"schemaVersion": "1.0", "citations": [');
    const r = await runPostureCommand(['--region', 'us-east-1', '--from', dir]);
    expect(r.code).toBe(POSTURE_EXIT.USAGE);
    expect(r.stderr).toContain(path.join(dir, 'compliance', 'report.json'));
    expect(r.stderr).toMatch(/not valid JSON/);
  });
});
