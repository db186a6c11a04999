// Measured recovery (AWS Backup restore jobs) and patch deadlines (Patch Manager) in the live posture,
// with the real SDK clients against the loopback AWS.
import { collectPosture } from '../../../lib/posture/collector';
import { buildPostureReport } from '../../../lib/posture/merge';
import type { PostureReport } from '../../../lib/posture/model';
import { PATCH_CHECK, RESTORE_CHECK } from '../../../lib/posture/recovery-checks';
import { POSTURE_EXIT, postureExitCode } from '../../../lib/posture/write-posture';
import { type FakeAwsScenario, startFakeAws } from './support/fake-aws-server';
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

describe('posture: patch deadlines', () => {
  test('an instance missing a critical patch is non-compliant under 164.308(a)(1)(ii)(B); a patched one is compliant', async () => {
    const r = await postureOf({
      instances: [
        { id: 'i-0000000000000001a', criticalMissing: 2 },
        { id: 'i-0000000000000002b' },
        { id: 'i-0000000000000003c', scannedDaysAgo: 20 },
        { id: 'i-0000000000000004d', scannedDaysAgo: null },
      ],
    });
    expect(r.posture.complete).toBe(true);
    const byId = new Map(r.posture.recovery.patches.map((p) => [p.instanceId, p]));
    expect(byId.get('i-0000000000000001a')).toMatchObject({
      status: 'non-compliant',
      criticalMissing: 2,
      reason: expect.stringMatching(/2 approved critical patch\(es\) missing \(deadline 15 days\)/),
    });
    expect(byId.get('i-0000000000000002b')).toMatchObject({ status: 'compliant' });
    expect(byId.get('i-0000000000000003c')?.reason).toMatch(
      /(19|20) days ago, older than the 15-day critical deadline/,
    );
    expect(byId.get('i-0000000000000004d')?.reason).toMatch(/has no patch state/);
    expect(patchRows(r).map((row) => row.status)).toEqual([
      'non-compliant',
      'compliant',
      'non-compliant',
      'non-compliant',
    ]);
    expect(r.posture.citations.find((c) => c.id === '164.308(a)(1)(ii)(B)')?.observed).toBe('non-compliant');
    expect(postureExitCode(r.posture)).toBe(POSTURE_EXIT.NON_COMPLIANT);
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
});
