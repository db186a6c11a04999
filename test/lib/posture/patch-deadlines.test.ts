import {
  type DeadlinePatch,
  judgeDeadlines,
  needsPatchList,
  PATCH_DEADLINE_DAYS,
  severityClass,
} from '../../../lib/posture/patch-deadlines';
import { judgePatchState } from '../../../lib/posture/recovery-checks';

const NOW = new Date('2026-12-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3_600_000);
const patch = (
  kbId: string,
  severity: 'critical' | 'high',
  released?: number,
  extra = {},
): DeadlinePatch => ({
  kbId,
  severity,
  reportedSeverity: severity === 'critical' ? 'Critical' : 'Important',
  state: 'MISSING',
  ...(released === undefined ? { releaseUnknown: 'not in the catalog' } : { releasedAt: daysAgo(released) }),
  ...extra,
});
const list = (patches: DeadlinePatch[], truncated = false) => ({ patches, otherMissing: 0, truncated });

describe('patch deadline thresholds', () => {
  test('are the proposed rule’s 15 days for critical and 30 for high', () => {
    expect(PATCH_DEADLINE_DAYS).toEqual({ critical: 15, high: 30 });
  });

  test.each([
    [{ Severity: 'Critical', Classification: 'SecurityUpdates' }, 'critical'],
    [{ Severity: 'CRITICAL', Classification: 'Bugfix' }, 'critical'],
    [{ Severity: 'Important', Classification: 'SecurityUpdates' }, 'high'],
    [{ Severity: 'High', Classification: 'Security' }, 'high'],
    [{ Severity: 'Medium', Classification: 'Security' }, 'high'],
    [{ Severity: 'Unspecified', Classification: 'SecurityUpdates' }, 'high'],
    [{ Severity: 'Medium', Classification: 'Bugfix' }, undefined],
    [{ Severity: '', Classification: 'CriticalUpdates' }, undefined],
  ])('severityClass(%j) is %p', (fields, expected) => {
    expect(severityClass({ Title: 't', KBId: 'k', State: 'MISSING', InstalledTime: NOW, ...fields })).toBe(
      expected,
    );
  });

  test('a patch list is needed only when a critical, security or failed patch is counted', () => {
    const state = { InstanceId: 'i', PatchGroup: 'g', BaselineId: 'b' } as const;
    expect(
      needsPatchList({ ...state, OperationStartTime: NOW, OperationEndTime: NOW, Operation: 'Scan' }),
    ).toBe(false);
    for (const count of ['CriticalNonCompliantCount', 'SecurityNonCompliantCount', 'FailedCount']) {
      expect(
        needsPatchList({
          ...state,
          OperationStartTime: NOW,
          OperationEndTime: NOW,
          Operation: 'Scan',
          [count]: 1,
        }),
      ).toBe(true);
    }
  });
});

describe('judgeDeadlines', () => {
  test('a critical patch is overdue after 15 days, a high one after 30; the oldest is reported', () => {
    const judged = judgeDeadlines(
      list([patch('KB1', 'critical', 15), patch('KB2', 'critical', 16), patch('KB3', 'high', 45)]),
      NOW,
    );
    expect(judged.facts).toEqual({
      deadlinePatches: 3,
      overduePatches: 2,
      releaseDateUnknown: 0,
      oldestOverdue: {
        kbId: 'KB3',
        severity: 'high',
        reportedSeverity: 'Important',
        releasedAt: daysAgo(45).toISOString(),
        ageDays: 45,
        deadlineDays: 30,
      },
    });
    expect(judged.problems).toEqual([
      expect.stringMatching(
        /^2 patch\(es\) past the deadline; oldest KB3 \(Important\) released 2026-10-17, 45 days ago, over the 30-day high deadline$/,
      ),
    ]);
  });

  test('within the deadlines: no problem, and the next patch due is named', () => {
    const judged = judgeDeadlines(list([patch('KB1', 'critical', 15), patch('KB2', 'high', 10)]), NOW);
    expect(judged.problems).toEqual([]);
    expect(judged.met).toBe(
      '2 critical/high patch(es) missing, all within the deadline (next due: KB1 (Critical) in 0 days)',
    );
  });

  test('an unknown release date is not proven, never compliant', () => {
    const judged = judgeDeadlines(list([patch('KB1', 'high', 1), patch('KB2', 'critical')]), NOW);
    expect(judged.met).toBeUndefined();
    expect(judged.facts.releaseDateUnknown).toBe(1);
    expect(judged.problems).toEqual([
      '1 patch with release date unknown (e.g. KB2 (Critical): not in the catalog), so the 15-day critical deadline is not proven',
    ]);
  });

  test('a truncated listing is not proven unless something is already overdue', () => {
    expect(judgeDeadlines(list([patch('KB1', 'high', 1)], true), NOW).problems).toEqual([
      expect.stringMatching(/more missing or failed patches than the collector reads per instance/),
    ]);
    expect(judgeDeadlines(list([patch('KB1', 'high', 31)], true), NOW).problems).toEqual([
      expect.stringMatching(/^1 patch\(es\) past the deadline/),
    ]);
  });

  test('a failed install is named in the overdue patch', () => {
    const judged = judgeDeadlines(list([patch('KB9', 'critical', 20, { state: 'FAILED' })]), NOW);
    expect(judged.problems[0]).toMatch(/oldest KB9 \(Critical, failed to install\)/);
  });
});

describe('judgePatchState with a patch list', () => {
  const state = {
    InstanceId: 'i-1',
    PatchGroup: 'g',
    BaselineId: 'b',
    Operation: 'Scan' as const,
    OperationStartTime: daysAgo(1),
    OperationEndTime: daysAgo(1),
    CriticalNonCompliantCount: 1,
  };

  test('overdue: non-compliant with the deadline facts', () => {
    const v = judgePatchState('1', 'r', 'i-1', state, NOW, list([patch('KB1', 'critical', 20)]));
    expect(v).toMatchObject({ status: 'non-compliant', overduePatches: 1, deadlinePatches: 1 });
    expect(v.reason).toMatch(/^i-1: 1 patch\(es\) past the deadline; oldest KB1/);
  });

  test('within the deadline: compliant, saying so', () => {
    const v = judgePatchState('1', 'r', 'i-1', state, NOW, list([patch('KB1', 'critical', 2)]));
    expect(v).toMatchObject({ status: 'compliant', overduePatches: 0 });
    expect(v.reason).toMatch(/all within the deadline \(next due: KB1 \(Critical\) in 13 days\)/);
  });

  test('counted but not listed, or not read: not proven', () => {
    expect(judgePatchState('1', 'r', 'i-1', state, NOW, list([])).reason).toMatch(
      /1 critical and 0 security patch\(es\) counted missing, but DescribeInstancePatches listed none/,
    );
    const notRead = judgePatchState('1', 'r', 'i-1', state, NOW, { notRead: 'too many instances' });
    expect(notRead.status).toBe('non-compliant');
    expect(notRead.reason).toMatch(
      /release dates were not read \(too many instances\): the 15\/30-day deadlines are not proven/,
    );
    expect(judgePatchState('1', 'r', 'i-1', state, NOW).status).toBe('non-compliant');
  });
});
