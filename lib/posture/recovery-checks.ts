/**
 * The measured-recovery and patch-deadline checks of `hipaa-baseline posture`: pure functions over what
 * AWS Backup (restore jobs) and Systems Manager Patch Manager (instance patch states) report, so that each
 * verdict and its reason can be tested without a client.
 *
 * @see https://www.federalregister.gov/documents/2025/01/06/2024-30983 (HHS NPRM, 90 FR 898: restore
 *   within 72 hours; critical patches within 15 days, high within 30)
 */
import type { RestoreJobsListMember } from '@aws-sdk/client-backup';
import type { InstancePatchState } from '@aws-sdk/client-ssm';
import { Citation } from '../../constructs/core/citations';
import {
  CRITICAL_PATCH_DEADLINE_DAYS,
  type DeadlineFacts,
  HIGH_PATCH_DEADLINE_DAYS,
  type InstancePatchList,
  judgeDeadlines,
  needsPatchList,
  type PatchListNotRead,
} from './patch-deadlines';

export {
  CRITICAL_PATCH_DEADLINE_DAYS,
  HIGH_PATCH_DEADLINE_DAYS,
  PATCH_DEADLINE_DAYS,
} from './patch-deadlines';

/** Hours a restore may take: the proposed rule's 72-hour restoration of critical systems. */
export const DEFAULT_RECOVERY_OBJECTIVE_HOURS = 72;
/** Highest objective accepted: the proposed rule's 72 hours (lower is allowed). */
export const MAX_RECOVERY_OBJECTIVE_HOURS = 72;
/** Days of restore jobs read: a monthly restore test plus a few days of slack. */
export const DEFAULT_RESTORE_WINDOW_DAYS = 35;

/** The check of restore results: one observation per account, Region and Backup resource type. */
export const RESTORE_CHECK = {
  id: 'backup-restore-within-objective',
  // Disaster recovery plan (restore) and testing and revision of the contingency plan.
  citations: [Citation.DISASTER_RECOVERY, '164.308(a)(7)(ii)(D)'],
  info: 'AWS Backup restore jobs: the latest restore of each protected resource type completed (and, with restore testing, validated) within the recovery objective',
} as const;

/** The check of patch states: one observation per managed instance. */
export const PATCH_CHECK = {
  id: 'patch-critical-security-within-deadline',
  // Risk management: security measures that reduce risk to a reasonable level.
  citations: [Citation.RISK_MANAGEMENT],
  info: `Systems Manager Patch Manager: no missing critical patch released more than ${CRITICAL_PATCH_DEADLINE_DAYS} days ago and no missing high or security patch released more than ${HIGH_PATCH_DEADLINE_DAYS} days ago (release dates from the patch catalog; unknown ones are not proven), no failed install, and a patch scan within ${CRITICAL_PATCH_DEADLINE_DAYS} days`,
} as const;

/** The latest restore of one resource type, as reported. */
export interface RestoreVerdict {
  readonly account: string;
  readonly region: string;
  /** The AWS Backup resource type (`S3`, `DynamoDB`, `Aurora`, …). */
  readonly resourceType: string;
  readonly status: 'compliant' | 'non-compliant';
  /** Why it is non-compliant, or what made it compliant. */
  readonly reason: string;
  readonly restoreJobId?: string;
  readonly restoreStatus?: string;
  readonly resourceArn?: string;
  readonly createdAt?: string;
  readonly completedAt?: string;
  readonly durationHours?: number;
  /** Failed or aborted restores of this type in the window. */
  readonly failedInWindow: number;
}

/**
 * One managed instance's patch verdict. The deadline facts ({@link DeadlineFacts}: deadline-bound
 * patches listed, overdue, release date unknown, the oldest overdue) are present when its patches were
 * listed.
 */
export interface PatchVerdict extends Partial<DeadlineFacts> {
  readonly account: string;
  readonly region: string;
  readonly instanceId: string;
  readonly status: 'compliant' | 'non-compliant';
  readonly reason: string;
  readonly criticalMissing: number;
  readonly securityMissing: number;
  readonly lastOperationAt?: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const FAILED = new Set(['FAILED', 'ABORTED']);
const FINISHED = new Set(['COMPLETED', 'FAILED', 'ABORTED']);
const VALIDATION_FAILED = new Set(['FAILED', 'TIMED_OUT']);

const hours = (ms: number) => Math.round((ms / HOUR_MS) * 100) / 100;

/**
 * Judges the restores of one account and Region, per resource type: `protectedTypes` (from
 * ListProtectedResources) and every type that has a restore job in the window. The latest finished job
 * decides: completed within `objectiveHours` (and not failing restore-testing validation) is compliant;
 * failed, aborted, over the objective, failing validation, or none in the window is not. A job still
 * running past the objective is non-compliant whatever came before. With no protected type and no job,
 * one non-compliant verdict of type `none` says that recovery was never measured.
 */
export function judgeRestores(
  account: string,
  region: string,
  jobs: readonly RestoreJobsListMember[],
  protectedTypes: ReadonlySet<string>,
  objectiveHours: number,
  windowDays: number,
  now: Date,
): RestoreVerdict[] {
  const byType = new Map<string, RestoreJobsListMember[]>();
  for (const type of protectedTypes) byType.set(type, []);
  for (const job of jobs) {
    const type = job.ResourceType ?? 'unknown';
    byType.set(type, [...(byType.get(type) ?? []), job]);
  }
  if (byType.size === 0) {
    return [
      {
        account,
        region,
        resourceType: 'none',
        status: 'non-compliant',
        reason: `no restore job in the last ${windowDays} days and no resource protected by AWS Backup: recovery within ${objectiveHours} h was never measured`,
        failedInWindow: 0,
      },
    ];
  }
  const objectiveMs = objectiveHours * HOUR_MS;
  return [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([resourceType, list]) => {
      const base = { account, region, resourceType };
      const failedInWindow = list.filter((j) => FAILED.has(j.Status ?? '')).length;
      const sorted = [...list].sort((a, b) => time(b.CreationDate) - time(a.CreationDate));
      const overdue = sorted.find(
        (j) => !FINISHED.has(j.Status ?? '') && now.getTime() - time(j.CreationDate) > objectiveMs,
      );
      const latest = sorted.find((j) => FINISHED.has(j.Status ?? ''));
      if (!latest && !overdue) {
        return {
          ...base,
          status: 'non-compliant' as const,
          reason: `no finished restore of ${resourceType} in the last ${windowDays} days: recovery within ${objectiveHours} h is not measured`,
          failedInWindow,
        };
      }
      const job = overdue ?? (latest as RestoreJobsListMember);
      const end = overdue ? now.getTime() : time(job.CompletionDate);
      const durationMs = end - time(job.CreationDate);
      const facts = {
        ...base,
        restoreJobId: job.RestoreJobId,
        restoreStatus: job.Status,
        resourceArn: job.CreatedResourceArn ?? job.SourceResourceArn,
        createdAt: job.CreationDate?.toISOString(),
        completedAt: job.CompletionDate?.toISOString(),
        durationHours: Number.isFinite(durationMs) ? hours(durationMs) : undefined,
        failedInWindow,
      };
      const problem = overdue
        ? `restore job ${job.RestoreJobId} is still ${job.Status} after ${facts.durationHours} h, over the ${objectiveHours} h objective`
        : FAILED.has(job.Status ?? '')
          ? `the latest restore of ${resourceType} (${job.RestoreJobId}) ${job.Status}${job.StatusMessage ? `: ${job.StatusMessage}` : ''}`
          : !job.CompletionDate || !Number.isFinite(durationMs)
            ? `restore job ${job.RestoreJobId} reports no completion date: its duration cannot be compared with the ${objectiveHours} h objective`
            : durationMs > objectiveMs
              ? `the latest restore of ${resourceType} (${job.RestoreJobId}) took ${facts.durationHours} h, over the ${objectiveHours} h objective`
              : VALIDATION_FAILED.has(job.ValidationStatus ?? '')
                ? `restore job ${job.RestoreJobId} completed but its restore-testing validation ${job.ValidationStatus}${job.ValidationStatusMessage ? `: ${job.ValidationStatusMessage}` : ''}`
                : undefined;
      return problem
        ? { ...facts, status: 'non-compliant' as const, reason: problem }
        : {
            ...facts,
            status: 'compliant' as const,
            reason: `the latest restore of ${resourceType} (${job.RestoreJobId}) completed in ${facts.durationHours} h, within the ${objectiveHours} h objective`,
          };
    });
}

/**
 * Judges one managed instance's patch state. DescribeInstancePatchStates gives counts; when they show a
 * critical, security or failed patch, `list` holds the patches DescribeInstancePatches listed with their
 * release dates, and the deadlines decide ({@link judgeDeadlines}): a missing critical patch released more
 * than 15 days ago, or a high one more than 30, is non-compliant, and so is one whose release date is
 * unknown (not proven). Also non-compliant: a failed install, a last scan older than the 15-day critical
 * deadline (the counts are only as current as it), no patch state at all, counts the listing does not
 * bear out, and patches that were not listed (`list` absent or {@link PatchListNotRead}).
 */
export function judgePatchState(
  account: string,
  region: string,
  instanceId: string,
  state: InstancePatchState | undefined,
  now: Date,
  list?: InstancePatchList | PatchListNotRead,
): PatchVerdict {
  const base = { account, region, instanceId };
  if (!state) {
    return {
      ...base,
      status: 'non-compliant',
      reason: `${instanceId} has no patch state: Patch Manager never scanned it, so its ${CRITICAL_PATCH_DEADLINE_DAYS}-day critical deadline cannot be shown`,
      criticalMissing: 0,
      securityMissing: 0,
    };
  }
  const criticalMissing = state.CriticalNonCompliantCount ?? 0;
  const securityMissing = state.SecurityNonCompliantCount ?? 0;
  const failed = state.FailedCount ?? 0;
  const last = state.OperationEndTime;
  const ageDays = last ? (now.getTime() - last.getTime()) / DAY_MS : Number.POSITIVE_INFINITY;
  const listed = list && 'patches' in list ? list : undefined;
  const judged = listed && needsPatchList(state) ? judgeDeadlines(listed, now) : undefined;
  const facts = {
    ...base,
    criticalMissing,
    securityMissing,
    lastOperationAt: last?.toISOString(),
    ...(judged?.facts ?? {}),
  };
  const counted = `${criticalMissing} critical and ${securityMissing} security patch(es) counted missing`;
  const problems = [
    ...(needsPatchList(state) && !listed
      ? [
          `${counted}, but their release dates were not read (${list && 'notRead' in list ? list.notRead : 'patches not listed'}): the ${CRITICAL_PATCH_DEADLINE_DAYS}/${HIGH_PATCH_DEADLINE_DAYS}-day deadlines are not proven`,
        ]
      : []),
    ...(judged?.problems ?? []),
    ...(listed && criticalMissing + securityMissing > 0 && listed.patches.length === 0 && !listed.truncated
      ? [
          `${counted}, but DescribeInstancePatches listed none of critical, high or security severity: the deadlines are not proven`,
        ]
      : []),
    ...(failed > 0 ? [`${failed} patch(es) failed to install`] : []),
    ...(ageDays > CRITICAL_PATCH_DEADLINE_DAYS
      ? [
          `last patch ${state.Operation ?? 'operation'} ${last ? `${Math.floor(ageDays)} days ago` : 'never finished'}, older than the ${CRITICAL_PATCH_DEADLINE_DAYS}-day critical deadline`,
        ]
      : []),
  ];
  return problems.length > 0
    ? { ...facts, status: 'non-compliant', reason: `${instanceId}: ${problems.join('; ')}` }
    : {
        ...facts,
        status: 'compliant',
        reason: `${instanceId}: ${judged?.met ?? 'no critical or security patch missing'} as of ${last?.toISOString()}`,
      };
}

function time(date: Date | undefined): number {
  return date ? date.getTime() : Number.NaN;
}
