// End to end: the real `posture` command against a loopback server speaking the AWS Config (JSON 1.1),
// Security Hub (REST-JSON) and STS (query) protocols. No request leaves 127.0.0.1.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PostureSection } from '../../../lib/posture/model';
import { POSTURE_EXIT } from '../../../lib/posture/write-posture';
import { compliantApp, type ReportFixture, synthFixture } from '../../helpers/report-fixtures';
import { type FakeAws, type FakeAwsScenario, startFakeAws } from './support/fake-aws-server';
import { runPostureCommand } from './support/run-command';

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function run(scenario: FakeAwsScenario, extra: string[] = [], maxAttempts = 5) {
  fake = await startFakeAws(scenario);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-e2e-'));
  const result = await runPostureCommand(
    ['--region', 'us-east-1', '--endpoint-url', fake.url, '--out', out, '--json', ...extra],
    { maxAttempts },
  );
  const summary = result.stdout ? JSON.parse(result.stdout) : undefined;
  const posture = fs.existsSync(path.join(out, 'posture.json'))
    ? (JSON.parse(fs.readFileSync(path.join(out, 'posture.json'), 'utf8')) as PostureSection)
    : undefined;
  return { ...result, summary, posture, out, fake };
}

describe('posture against a loopback AWS', () => {
  test('exits 0 when everything observed is compliant and the collection is complete', async () => {
    const { code, summary, stderr } = await run({ configRules: 4, resultsPerRule: 2 });
    expect(code).toBe(POSTURE_EXIT.COMPLIANT);
    expect(summary).toMatchObject({ exitCode: 0, partial: false, observed: 9, nonCompliant: 0, gaps: [] });
    expect(stderr).toMatch(
      /posture: 1 account\(s\) × 1 region\(s\) · 9 observed \(9 compliant, 0 non-compliant\) · 0 drift · complete/,
    );
  });

  test('pages through every NextToken while 20 % of requests are throttled, and exits 1 on failed findings', async () => {
    const {
      code,
      summary,
      posture,
      fake: server,
    } = await run({
      configRules: 20,
      resultsPerRule: 5,
      nonCompliantEvery: 25,
      findings: 60,
      pageSize: 10,
      rulePageSize: 5,
      throttleEvery: 5,
    });
    expect(code).toBe(POSTURE_EXIT.NON_COMPLIANT);
    expect(server.requests).toMatchObject({
      DescribeConformancePackCompliance: expect.any(Number),
      GetConformancePackComplianceDetails: expect.any(Number),
      GetFindings: expect.any(Number),
    });
    // 100 results in pages of 10, 60 findings in pages of 10, plus one retry per throttled request.
    expect(server.throttled).toBeGreaterThan(0);
    const served = Object.values(server.requests).reduce((a, b) => a + b, 0);
    expect(summary.requests).toBe(served);
    expect(summary).toMatchObject({
      partial: false,
      observed: 161,
      compliant: 97,
      nonCompliant: 64,
      gaps: [],
    });
    expect(posture?.targets).toEqual([
      {
        account: '111122223333',
        region: 'us-east-1',
        conformancePacks: ['hipaa-security'],
        configRules: 20,
        configResults: 100,
        securityHubStandards: ['arn:aws:securityhub:us-east-1::standards/nist-800-53/v/5.0.0'],
        securityHubFindings: 60,
      },
    ]);
  }, 90_000);

  test.each([
    [
      'a persistent 5xx',
      { findings: 30, pageSize: 10, failures: { GetFindings: { mode: 'server-error' } } },
      'service-error',
      /GetFindings in 111122223333\/us-east-1 failed with a service error after retries/,
    ],
    [
      'AccessDenied',
      { findings: 5, failures: { GetConformancePackComplianceDetails: { mode: 'access-denied' } } },
      'access-denied',
      /GetConformancePackComplianceDetails needs config:GetConformancePackComplianceDetails/,
    ],
    [
      'a malformed body after the first page',
      { findings: 30, pageSize: 10, failures: { GetFindings: { mode: 'malformed', afterPages: 1 } } },
      'malformed-response',
      /GetFindings in 111122223333\/us-east-1 returned a response that could not be read/,
    ],
    [
      'a server that never answers',
      { failures: { GetEnabledStandards: { mode: 'hang' } } },
      'timeout',
      /GetEnabledStandards in 111122223333\/us-east-1 timed out after retries/,
    ],
    [
      'Security Hub not enabled',
      { failures: { GetEnabledStandards: { mode: 'not-subscribed' } } },
      'securityhub-not-enabled',
      /Security Hub is not enabled in 111122223333\/us-east-1/,
    ],
  ] as [string, FakeAwsScenario, string, RegExp][])(
    'reports %s as partial with exit 3 and keeps what was collected',
    async (_label, scenario, gapCode, message) => {
      const { code, summary, posture, stderr } = await run(
        { configRules: 3, resultsPerRule: 2, ...scenario },
        ['--timeout-ms', '200'],
        2,
      );
      expect(code).toBe(POSTURE_EXIT.INCOMPLETE);
      expect(summary.partial).toBe(true);
      expect(posture?.partial).toBe(true);
      expect(posture?.gaps.map((g) => g.code)).toEqual([gapCode]);
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/INCOMPLETE \(1 not observed; not a compliance verdict\)/);
      expect(posture?.complete).toBe(false);
      // Whatever answered is still in the report.
      expect(summary.observed).toBeGreaterThan(0);
    },
    30_000,
  );

  test('patch deadlines: an overdue instance exits 1, and the summary, posture.json, posture.md and report.html show it', async () => {
    const { code, summary, posture, stderr, out } = await run({
      configRules: 2,
      resultsPerRule: 1,
      instances: [
        {
          id: 'i-0000000000000001a',
          patches: [
            { kb: 'KB5000001', severity: 'Critical', releasedDaysAgo: 21 },
            { kb: 'KB5000002', severity: 'Important', releasedDaysAgo: 31 },
          ],
        },
        {
          id: 'i-0000000000000002b',
          patches: [{ kb: 'KB5000003', severity: 'Critical', releasedDaysAgo: 2 }],
        },
      ],
    });
    expect(code).toBe(POSTURE_EXIT.NON_COMPLIANT);
    expect(summary).toMatchObject({ complete: true, instancesPastPatchDeadline: 1, gaps: [] });
    expect(stderr).toMatch(/· 1 instance\(s\) past the patch deadline · complete/);
    expect(posture?.recovery.patches).toEqual([
      expect.objectContaining({
        instanceId: 'i-0000000000000001a',
        status: 'non-compliant',
        overduePatches: 2,
        oldestOverdue: expect.objectContaining({ kbId: 'KB5000002', ageDays: 31, deadlineDays: 30 }),
      }),
      expect.objectContaining({ instanceId: 'i-0000000000000002b', status: 'compliant', overduePatches: 0 }),
    ]);
    const md = fs.readFileSync(path.join(out, 'posture.md'), 'utf8');
    expect(md).toMatch(/## Patches \(critical 15 days, high 30 days from release\)/);
    expect(md).toMatch(
      /\| non-compliant \| 111122223333\/us-east-1 \| i-0000000000000001a \| 1 \| 1 \| 2 \| KB5000002, 31 days \(30-day high\) \|/,
    );
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toMatch(
      /<section data-testid="patch-deadlines"><h2>Patch deadlines \(critical 15 days, high 30 days from release\): 1 instance\(s\) not met<\/h2>/,
    );
    expect(html).toMatch(
      /<td><code>i-0000000000000001a<\/code><\/td><td>111122223333\/us-east-1<\/td><td>2<\/td><td><code>KB5000002<\/code> \(Important\), released \d{4}-\d\d-\d\d: 31 days, over 30<\/td>/,
    );
    // Only instances that miss the deadlines are listed in the section.
    const section = /<section data-testid="patch-deadlines">.*?<\/section>/s.exec(html)?.[0] ?? '';
    expect(section).toContain('i-0000000000000001a');
    expect(section).not.toContain('i-0000000000000002b');
  });

  test('patch deadlines: the new calls page through throttling and the run stays complete', async () => {
    const instances = Array.from({ length: 2 }, (_, i) => ({
      id: `i-00000000000000${String(i).padStart(3, '0')}`,
      patches: Array.from({ length: 25 }, (_, k) => ({ kb: `KB${5_000_000 + k}`, releasedDaysAgo: 3 })),
    }));
    const {
      code,
      summary,
      fake: server,
    } = await run({ configRules: 1, resultsPerRule: 1, instances, pageSize: 10, throttleEvery: 4 });
    expect(code).toBe(POSTURE_EXIT.COMPLIANT);
    expect(summary).toMatchObject({ complete: true, gaps: [], instancesPastPatchDeadline: 0 });
    expect(server.throttled).toBeGreaterThan(0);
    // 25 patches in pages of 10 per instance; 25 distinct KB ids in 2 catalog batches (20 + 5).
    expect(server.requests.DescribeInstancePatches).toBeGreaterThanOrEqual(6);
    expect(server.requests.DescribeAvailablePatches).toBeGreaterThanOrEqual(2);
  }, 60_000);

  test('recovers from a transient 5xx by retrying', async () => {
    const { code, summary } = await run({
      findings: 20,
      pageSize: 10,
      failures: { GetFindings: { mode: 'server-error', times: 1 } },
    });
    expect(code).toBe(POSTURE_EXIT.NON_COMPLIANT);
    expect(summary).toMatchObject({ partial: false, observed: 51 });
  });

  test('keeps at most --concurrency requests in flight across accounts and regions', async () => {
    const { code, fake: server } = await run(
      { configRules: 10, resultsPerRule: 4, findings: 40, pageSize: 5, latencyMs: 20 },
      ['--region', 'eu-west-1', '--region', 'ap-southeast-2', '--concurrency', '2'],
    );
    expect(code).toBe(POSTURE_EXIT.NON_COMPLIANT);
    expect(server.maxInFlight).toBe(2);
  });

  test('assumes a role per account and collects every account × region', async () => {
    const {
      code,
      summary,
      fake: server,
    } = await run({ configRules: 2, resultsPerRule: 1 }, [
      '--region',
      'eu-west-1',
      '--role-arn',
      'arn:aws:iam::222233334444:role/Auditor',
      '--role-arn',
      'arn:aws:iam::555566667777:role/Auditor',
    ]);
    expect(code).toBe(POSTURE_EXIT.COMPLIANT);
    expect(server.requests.AssumeRole).toBe(2);
    expect(server.requests.GetCallerIdentity).toBeUndefined();
    expect(summary.accounts).toEqual(['222233334444', '555566667777']);
    expect(summary.regions).toEqual(['us-east-1', 'eu-west-1']);
    // 2 accounts × 2 regions: 2 Config results and 1 restore (within the objective) each.
    expect(summary.observed).toBe(12);
  });
});

describe('posture --from a synthesized app', () => {
  let fixture: ReportFixture;
  beforeAll(() => {
    fixture = synthFixture(compliantApp);
  });

  test('places observed app resources at their construct paths and lists drift first', async () => {
    const records = fixture.report.evaluations.find(
      (e) => e.resource.type === 'AWS::S3::Bucket' && e.resource.constructPath.includes('/Records/Bucket/'),
    )?.resource;
    const tags: Record<string, Record<string, string> | undefined> = {
      'bucket-0': {
        'aws:cloudformation:stack-name': 'Fixture',
        'aws:cloudformation:logical-id': records?.logicalId ?? '',
      },
      'bucket-1': {},
      'bucket-2': {
        'aws:cloudformation:stack-name': 'SomeoneElse',
        'aws:cloudformation:logical-id': 'Thing',
      },
    };
    const {
      code,
      posture,
      out,
      fake: server,
    } = await run(
      { configRules: 12, resultsPerRule: 3, nonCompliantEvery: 3, tagsOf: (_type, id) => tags[id] },
      ['--from', fixture.outdir, '--format', 'json,md'],
    );
    expect(code).toBe(POSTURE_EXIT.NON_COMPLIANT);
    expect(server.requests.SelectResourceConfig).toBe(1);
    expect(posture?.intendedFrom).toBe(path.join(fixture.outdir, 'compliance', 'report.json'));
    expect(posture?.drift.length).toBeGreaterThan(0);
    const kinds = posture?.drift.map((d) => d.kind) ?? [];
    expect(kinds).toEqual([...kinds].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)));
    expect(posture?.drift.filter((d) => d.kind === 'not-in-app').map((d) => d.resource)).toEqual([
      'aws:AWS::S3::Bucket/bucket-1',
      'aws:AWS::S3::Bucket/bucket-2',
    ]);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
    const app = report.evaluations.filter(
      (e: { resource: { logicalId: string } }) => e.resource.logicalId === 'bucket-0',
    );
    expect(
      new Set(app.map((e: { resource: { constructPath: string } }) => e.resource.constructPath)),
    ).toEqual(new Set([records?.constructPath]));
    expect(fs.readdirSync(out).sort()).toEqual(['posture.json', 'posture.md', 'report.json', 'report.md']);
  });
});

const ORDER = ['citation-failing', 'resource-failing', 'not-in-app'];
