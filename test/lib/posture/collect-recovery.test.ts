// Measured recovery (AWS Backup restore jobs) and patch deadlines (Patch Manager) in the live posture,
// with the real SDK clients against the loopback AWS.
import { collectPosture } from '../../../lib/posture/collector';
import { buildPostureReport } from '../../../lib/posture/merge';
import type { PostureReport } from '../../../lib/posture/model';
import { PATCH_CHECK, RESTORE_CHECK } from '../../../lib/posture/recovery-checks';
import { POSTURE_EXIT, postureExitCode } from '../../../lib/posture/write-posture';
import { type FakeAwsScenario, type FakeInstance, startFakeAws } from './support/fake-aws-server';
import { TEST_CREDENTIALS } from './support/run-command';

async function postureOf(scenario: FakeAwsScenario, objective?: number): Promise<PostureReport> {
  const fake = await startFakeAws({ configRules: 1, resultsPerRule: 1, ...scenario });
  try {
    const collection = await collectPosture({
      regions: ['us-east-1'],
      credentials: TEST_CREDENTIALS,
      endpoint: fake.url,
      maxAttempts: 2,
      timeoutMs: 2_000,
      recoveryObjectiveHours: objective,
    });
    return buildPostureReport({ collection });
  } finally {
    await fake.close();
  }
}

const restoreRows = (r: PostureReport) => r.report.evaluations.filter((e) => e.ruleId === RESTORE_CHECK.id);
const patchRows = (r: PostureReport) => r.report.evaluations.filter((e) => e.ruleId === PATCH_CHECK.id);
const citation = (r: PostureReport, id: string) => r.report.citations.find((c) => c.id === id);

describe('posture: restores against the recovery objective', () => {
  test('a restore within the 72 h objective is a compliant observation of 164.308(a)(7)(ii)(B) and (D)', async () => {
    const r = await postureOf({ restoreJobs: [{ resourceType: 'DynamoDB', hoursAgo: 30, tookHours: 3 }] });
    expect(r.posture.complete).toBe(true);
    expect(r.posture.recovery.restores).toEqual([
      expect.objectContaining({
        resourceType: 'DynamoDB',
        status: 'compliant',
        restoreStatus: 'COMPLETED',
        durationHours: 3,
        reason: expect.stringMatching(/completed in 3 h, within the 72 h objective/),
      }),
    ]);
    expect(restoreRows(r)).toEqual([expect.objectContaining({ status: 'compliant', pack: 'AWSBackup' })]);
    expect(r.posture.citations.find((c) => c.id === '164.308(a)(7)(ii)(B)')?.observed).toBe('compliant');
    expect(r.posture.citations.find((c) => c.id === '164.308(a)(7)(ii)(D)')?.observed).toBe('compliant');
    expect(postureExitCode(r.posture)).toBe(POSTURE_EXIT.COMPLIANT);
  });

  test.each<[string, FakeAwsScenario, number | undefined, RegExp]>([
    [
      'the latest restore failed',
      {
        restoreJobs: [
          { resourceType: 'S3', hoursAgo: 100, tookHours: 1 },
          { resourceType: 'S3', hoursAgo: 10, tookHours: 1, status: 'FAILED' },
        ],
      },
      undefined,
      /the latest restore of S3 \(restore-1\) FAILED/,
    ],
    [
      'the restore took longer than the objective',
      { restoreJobs: [{ resourceType: 'Aurora', hoursAgo: 200, tookHours: 80 }] },
      undefined,
      /took 80 h, over the 72 h objective/,
    ],
    [
      'the restore took longer than a lowered --recovery-objective-hours',
      { restoreJobs: [{ resourceType: 'Aurora', hoursAgo: 200, tookHours: 5 }] },
      4,
      /took 5 h, over the 4 h objective/,
    ],
    [
      'a restore is still running past the objective',
      { restoreJobs: [{ resourceType: 'S3', hoursAgo: 90 }] },
      undefined,
      /still RUNNING after 90 h, over the 72 h objective/,
    ],
    [
      'a protected resource type has no restore in the window',
      { restoreJobs: [], protectedTypes: ['DynamoDB'] },
      undefined,
      /no finished restore of DynamoDB in the last 35 days/,
    ],
    [
      'there is no restore job at all',
      { restoreJobs: [], protectedTypes: [] },
      undefined,
      /no restore job in the last 35 days and no resource protected by AWS Backup/,
    ],
  ])('non-compliant with the reason when %s', async (_label, scenario, objective, reason) => {
    const r = await postureOf(scenario, objective);
    expect(r.posture.complete).toBe(true);
    const rows = restoreRows(r);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'non-compliant' });
    expect(rows[0].problems?.[0].message).toMatch(reason);
    expect(r.posture.recovery.restores[0].reason).toMatch(reason);
    expect(citation(r, '164.308(a)(7)(ii)(B)')?.status).toBe('not-met');
    expect(postureExitCode(r.posture)).toBe(POSTURE_EXIT.NON_COMPLIANT);
  });
});

describe('posture: patch deadlines from release dates', () => {
  const patched = (id: string, extra: Partial<FakeInstance> = {}): FakeInstance => ({ id, ...extra });

  test('judges each instance by the release dates of its missing patches (15 days critical, 30 high)', async () => {
    const r = await postureOf({
      instances: [
        patched('i-0000000000000001a', {
          patches: [
            { kb: 'KB5000001', severity: 'Critical', releasedDaysAgo: 20 },
            { kb: 'KB5000002', severity: 'Important', releasedDaysAgo: 10 },
          ],
        }),
        patched('i-0000000000000002b'),
        patched('i-0000000000000003c', { scannedDaysAgo: 20 }),
        patched('i-0000000000000004d', { scannedDaysAgo: null }),
        patched('i-0000000000000005e', {
          patches: [
            { kb: 'KB5000003', severity: 'Critical', releasedDaysAgo: 3 },
            { kb: 'KB5000004', severity: 'Important', releasedDaysAgo: 29 },
          ],
        }),
        patched('i-0000000000000006f', {
          platform: 'AmazonLinux2',
          patches: [
            {
              kb: 'openssl.x86_64',
              title: 'openssl.x86_64:1:1.0.2k-24.amzn2.0.7',
              severity: 'Important',
              releasedDaysAgo: 45,
            },
          ],
        }),
        patched('i-0000000000000007a', {
          platform: 'Ubuntu',
          patches: [{ kb: 'libssl3', title: 'libssl3', severity: 'High', releasedDaysAgo: 2 }],
        }),
        patched('i-0000000000000008b', { patches: [{ kb: 'KB5000009', releasedDaysAgo: null }] }),
        patched('i-0000000000000009c', { criticalMissing: 2 }),
      ],
    });
    expect(r.posture.complete).toBe(true);
    const byId = new Map(r.posture.recovery.patches.map((p) => [p.instanceId, p]));
    expect(byId.get('i-0000000000000001a')).toMatchObject({
      status: 'non-compliant',
      criticalMissing: 1,
      securityMissing: 1,
      deadlinePatches: 2,
      overduePatches: 1,
      releaseDateUnknown: 0,
      oldestOverdue: { kbId: 'KB5000001', severity: 'critical', ageDays: 20, deadlineDays: 15 },
      reason: expect.stringMatching(
        /1 patch\(es\) past the deadline; oldest KB5000001 \(Critical\) released \d{4}-\d\d-\d\d, 20 days ago, over the 15-day critical deadline/,
      ),
    });
    expect(byId.get('i-0000000000000002b')).toMatchObject({ status: 'compliant' });
    expect(byId.get('i-0000000000000003c')?.reason).toMatch(
      /(19|20) days ago, older than the 15-day critical deadline/,
    );
    expect(byId.get('i-0000000000000004d')?.reason).toMatch(/has no patch state/);
    expect(byId.get('i-0000000000000005e')).toMatchObject({
      status: 'compliant',
      overduePatches: 0,
      reason: expect.stringMatching(
        /2 critical\/high patch\(es\) missing, all within the deadline \(next due: KB5000004 \(Important\) in 1 days\)/,
      ),
    });
    expect(byId.get('i-0000000000000006f')).toMatchObject({
      status: 'non-compliant',
      oldestOverdue: { kbId: 'openssl.x86_64', severity: 'high', ageDays: 45, deadlineDays: 30 },
    });
    expect(byId.get('i-0000000000000007a')).toMatchObject({
      status: 'non-compliant',
      releaseDateUnknown: 1,
      reason: expect.stringMatching(
        /release date unknown \(e\.g\. libssl3 \(High\): the patch catalog \(DescribeAvailablePatches\) covers Windows Server and Amazon Linux 1 and 2 only, not Ubuntu 22\.04\), so the 30-day high deadline is not proven/,
      ),
    });
    expect(byId.get('i-0000000000000008b')?.reason).toMatch(
      /release date unknown \(e\.g\. KB5000009 \(Critical\): the patch catalog \(DescribeAvailablePatches\) lists no release date for it\)/,
    );
    expect(byId.get('i-0000000000000009c')?.reason).toMatch(
      /2 critical and 0 security patch\(es\) counted missing, but DescribeInstancePatches listed none/,
    );
    expect(patchRows(r).map((row) => [row.resource.logicalId, row.status])).toEqual([
      ['i-0000000000000001a', 'non-compliant'],
      ['i-0000000000000002b', 'compliant'],
      ['i-0000000000000003c', 'non-compliant'],
      ['i-0000000000000004d', 'non-compliant'],
      ['i-0000000000000005e', 'compliant'],
      ['i-0000000000000006f', 'non-compliant'],
      ['i-0000000000000007a', 'non-compliant'],
      ['i-0000000000000008b', 'non-compliant'],
      ['i-0000000000000009c', 'non-compliant'],
    ]);
    expect(patchRows(r)[0].problems?.[0].message).toMatch(/past the deadline/);
    expect(r.posture.citations.find((c) => c.id === '164.308(a)(1)(ii)(B)')?.observed).toBe('non-compliant');
    expect(postureExitCode(r.posture)).toBe(POSTURE_EXIT.NON_COMPLIANT);
  });

  test('missing patches all within their deadlines: compliant, complete, exit 0', async () => {
    const r = await postureOf({
      instances: [
        patched('i-0000000000000001a', {
          patches: [{ kb: 'KB5000001', severity: 'Critical', releasedDaysAgo: 14 }],
        }),
      ],
    });
    expect(r.posture.recovery.patches).toEqual([expect.objectContaining({ status: 'compliant' })]);
    expect(r.posture.citations.find((c) => c.id === '164.308(a)(1)(ii)(B)')?.observed).toBe('compliant');
    expect(postureExitCode(r.posture)).toBe(POSTURE_EXIT.COMPLIANT);
  });
});

describe('posture: Backup and SSM faults fail closed', () => {
  test.each<[string, FakeAwsScenario, string, string]>([
    [
      'ListRestoreJobs throttled',
      { failures: { ListRestoreJobs: { mode: 'throttling' } } },
      'ListRestoreJobs',
      'throttled',
    ],
    [
      'ListRestoreJobs 500',
      { failures: { ListRestoreJobs: { mode: 'server-error' } } },
      'ListRestoreJobs',
      'service-error',
    ],
    [
      'ListProtectedResources denied',
      { failures: { ListProtectedResources: { mode: 'access-denied' } } },
      'ListProtectedResources',
      'access-denied',
    ],
    [
      'DescribeInstanceInformation throttled',
      { instances: [{ id: 'i-1' }], failures: { DescribeInstanceInformation: { mode: 'throttling' } } },
      'DescribeInstanceInformation',
      'throttled',
    ],
    [
      'DescribeInstancePatchStates 500',
      { instances: [{ id: 'i-1' }], failures: { DescribeInstancePatchStates: { mode: 'server-error' } } },
      'DescribeInstancePatchStates',
      'service-error',
    ],
    [
      'DescribeInstancePatches throttled',
      {
        instances: [{ id: 'i-1', patches: [{ kb: 'KB1' }] }],
        failures: { DescribeInstancePatches: { mode: 'throttling' } },
      },
      'DescribeInstancePatches',
      'throttled',
    ],
    [
      'DescribeInstancePatches 500',
      {
        instances: [{ id: 'i-1', patches: [{ kb: 'KB1' }] }],
        failures: { DescribeInstancePatches: { mode: 'server-error' } },
      },
      'DescribeInstancePatches',
      'service-error',
    ],
    [
      'DescribeAvailablePatches throttled',
      {
        instances: [{ id: 'i-1', patches: [{ kb: 'KB1' }] }],
        failures: { DescribeAvailablePatches: { mode: 'throttling' } },
      },
      'DescribeAvailablePatches',
      'throttled',
    ],
    [
      'DescribeAvailablePatches 500',
      {
        instances: [{ id: 'i-1', patches: [{ kb: 'KB1' }] }],
        failures: { DescribeAvailablePatches: { mode: 'server-error' } },
      },
      'DescribeAvailablePatches',
      'service-error',
    ],
  ])(
    '%s: a gap, an incomplete run (exit 3) and no verdict from it',
    async (_label, scenario, operation, code) => {
      const r = await postureOf(scenario);
      expect(r.posture.gaps).toEqual([expect.objectContaining({ operation, code })]);
      expect(r.posture.complete).toBe(false);
      expect(postureExitCode(r.posture)).toBe(POSTURE_EXIT.INCOMPLETE);
      if (operation.startsWith('List')) expect(restoreRows(r)).toEqual([]);
      else expect(patchRows(r)).toEqual([]);
      if (code === 'access-denied')
        expect(r.posture.gaps[0].permission).toBe('backup:ListProtectedResources');
    },
  );

  test('a failed patch listing drops only the verdicts it concerns, and names the missing permission', async () => {
    const r = await postureOf({
      instances: [
        { id: 'i-0000000000000001a', patches: [{ kb: 'KB1', releasedDaysAgo: 40 }] },
        { id: 'i-0000000000000002b' },
      ],
      failures: { DescribeAvailablePatches: { mode: 'access-denied' } },
    });
    expect(r.posture.gaps).toEqual([
      expect.objectContaining({
        operation: 'DescribeAvailablePatches',
        code: 'access-denied',
        permission: 'ssm:DescribeAvailablePatches',
      }),
    ]);
    expect(patchRows(r).map((row) => [row.resource.logicalId, row.status])).toEqual([
      ['i-0000000000000002b', 'compliant'],
    ]);
    expect(postureExitCode(r.posture)).toBe(POSTURE_EXIT.INCOMPLETE);
  });
});
