/**
 * Patch deadlines from release dates. The HHS proposed Security Rule (90 FR 898, January 2025) wants a
 * critical patch installed within 15 days of its release and a high one within 30. Patch Manager's
 * compliance data (DescribeInstancePatches) names each missing patch and its severity but carries no
 * release date; the collector looks that up in the patch catalog (DescribeAvailablePatches). The pure
 * functions here classify and judge what it found, so each verdict can be tested without a client.
 *
 * @see https://www.federalregister.gov/documents/2025/01/06/2024-30983 (HHS NPRM, 90 FR 898)
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeInstancePatches.html
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeAvailablePatches.html
 */
import type { InstancePatchState, PatchComplianceData } from '@aws-sdk/client-ssm';

/**
 * Days from release within which a missing patch must be installed, by severity: the proposed rule's
 * 15 days for critical and 30 for high. The one place these numbers live in the posture.
 */
export const PATCH_DEADLINE_DAYS = { critical: 15, high: 30 } as const;
/** Days within which a missing critical patch must be installed (proposed rule). */
export const CRITICAL_PATCH_DEADLINE_DAYS = PATCH_DEADLINE_DAYS.critical;
/** Days within which a missing high (security) patch must be installed (proposed rule). */
export const HIGH_PATCH_DEADLINE_DAYS = PATCH_DEADLINE_DAYS.high;

/** The deadline a patch is held to. */
export type PatchSeverityClass = keyof typeof PATCH_DEADLINE_DAYS;

/** A missing or failed patch bound by a deadline, with its release date once it was looked up. */
export interface DeadlinePatch {
  /** The operating system's patch id: `KB5034441`, or `openssl.x86_64` on Linux. */
  readonly kbId: string;
  /** The title; on Linux `<name>.<arch>:<epoch>:<version>-<release>`. */
  readonly title?: string;
  readonly severity: PatchSeverityClass;
  /** The severity as Patch Manager reports it (`Critical`, `Important`, `Medium`, …). */
  readonly reportedSeverity?: string;
  readonly classification?: string;
  readonly state: 'MISSING' | 'FAILED';
  /** The release date from the patch catalog; absent when {@link releaseUnknown} says why. */
  releasedAt?: Date;
  /** Why the release date is unknown: the deadline is then not proven. */
  releaseUnknown?: string;
}

/** What DescribeInstancePatches showed for one instance (State Missing or Failed). */
export interface InstancePatchList {
  /** The deadline-bound patches: critical, high (important) or security. */
  readonly patches: readonly DeadlinePatch[];
  /** Missing patches of no proposed deadline (not security, severity below high). */
  readonly otherMissing: number;
  /** True when more patches existed than the collector reads per instance. */
  readonly truncated: boolean;
}

/** Release dates were not read for an instance, and why (e.g. the per-run instance bound). */
export interface PatchListNotRead {
  readonly notRead: string;
}

/** The oldest patch past its deadline on one instance. */
export interface OverduePatch {
  readonly kbId: string;
  readonly title?: string;
  readonly severity: PatchSeverityClass;
  readonly reportedSeverity?: string;
  readonly releasedAt: string;
  /** Whole days since release. */
  readonly ageDays: number;
  readonly deadlineDays: number;
}

/** The deadline facts of one instance, as recorded in its verdict. */
export interface DeadlineFacts {
  /** Missing or failed deadline-bound patches listed. */
  readonly deadlinePatches: number;
  /** Of those, released longer ago than their deadline. */
  readonly overduePatches: number;
  /** Of those, whose release date is unknown (not proven). */
  readonly releaseDateUnknown: number;
  readonly oldestOverdue?: OverduePatch;
}

/** Problems (non-compliant when any) and, when none, why the deadlines are met. */
export interface DeadlineJudgement {
  readonly problems: readonly string[];
  readonly met?: string;
  readonly facts: DeadlineFacts;
}

const DAY_MS = 24 * 3_600_000;
const SECURITY_CLASSIFICATION = /security/i;

/**
 * The deadline a reported patch is held to: `critical` for severity Critical; `high` for Important or
 * High, and for a security patch of lower or unstated severity (the proposed rule sets no longer
 * deadline for it, so none is assumed); none for other patches (bug fixes, enhancements).
 */
export function severityClass(patch: PatchComplianceData): PatchSeverityClass | undefined {
  const severity = (patch.Severity ?? '').trim().toLowerCase();
  if (severity === 'critical') return 'critical';
  if (severity === 'important' || severity === 'high') return 'high';
  if (SECURITY_CLASSIFICATION.test(patch.Classification ?? '')) return 'high';
  return undefined;
}

/**
 * Whether an instance's patch state counts a critical, security or failed patch, so that its patches'
 * release dates must be read to judge the deadlines.
 */
export function needsPatchList(state: InstancePatchState): boolean {
  return (
    (state.CriticalNonCompliantCount ?? 0) +
      (state.SecurityNonCompliantCount ?? 0) +
      (state.FailedCount ?? 0) >
    0
  );
}

/** Whole days from `date` to `now`. */
export function ageInDays(date: Date, now: Date): number {
  return Math.floor((now.getTime() - date.getTime()) / DAY_MS);
}

/**
 * Judges the listed patches of one instance against {@link PATCH_DEADLINE_DAYS}: a patch released more
 * than its deadline ago is overdue (the oldest is reported with its age); a patch whose release date is
 * unknown is not proven, never compliant; a truncated list without an overdue patch is not proven either.
 */
export function judgeDeadlines(list: InstancePatchList, now: Date): DeadlineJudgement {
  const known = list.patches.filter((p) => p.releasedAt !== undefined);
  const unknown = list.patches.filter((p) => p.releasedAt === undefined);
  const overdue = known
    .filter((p) => ageInDays(p.releasedAt as Date, now) > PATCH_DEADLINE_DAYS[p.severity])
    .sort((a, b) => (a.releasedAt as Date).getTime() - (b.releasedAt as Date).getTime());
  const oldest = overdue[0];
  const oldestOverdue: OverduePatch | undefined = oldest && {
    kbId: oldest.kbId,
    ...(oldest.title ? { title: oldest.title } : {}),
    severity: oldest.severity,
    ...(oldest.reportedSeverity ? { reportedSeverity: oldest.reportedSeverity } : {}),
    releasedAt: (oldest.releasedAt as Date).toISOString(),
    ageDays: ageInDays(oldest.releasedAt as Date, now),
    deadlineDays: PATCH_DEADLINE_DAYS[oldest.severity],
  };
  const facts: DeadlineFacts = {
    deadlinePatches: list.patches.length,
    overduePatches: overdue.length,
    releaseDateUnknown: unknown.length,
    ...(oldestOverdue ? { oldestOverdue } : {}),
  };
  const problems: string[] = [];
  if (oldestOverdue) {
    problems.push(
      `${overdue.length} patch(es) past the deadline; oldest ${describe(oldest)} released ${oldestOverdue.releasedAt.slice(0, 10)}, ${oldestOverdue.ageDays} days ago, over the ${oldestOverdue.deadlineDays}-day ${oldest.severity} deadline`,
    );
  }
  if (unknown.length > 0) {
    const first = unknown[0];
    problems.push(
      `${unknown.length} ${unknown.length === 1 ? 'patch' : 'patches'} with release date unknown (e.g. ${describe(first)}: ${first.releaseUnknown ?? 'not in the patch catalog'}), so the ${PATCH_DEADLINE_DAYS[first.severity]}-day ${first.severity} deadline is not proven`,
    );
  }
  if (list.truncated && !oldestOverdue) {
    problems.push(
      `more missing or failed patches than the collector reads per instance: the first ${list.patches.length + list.otherMissing} were judged, so the deadlines are not proven`,
    );
  }
  if (problems.length > 0 || known.length === 0) return { problems, facts };
  const next = [...known].sort((a, b) => daysLeft(a, now) - daysLeft(b, now))[0];
  return {
    problems,
    met: `${known.length} critical/high patch(es) missing, all within the deadline (next due: ${describe(next)} in ${daysLeft(next, now)} days)`,
    facts,
  };
}

function daysLeft(patch: DeadlinePatch, now: Date): number {
  return PATCH_DEADLINE_DAYS[patch.severity] - ageInDays(patch.releasedAt as Date, now);
}

function describe(patch: DeadlinePatch): string {
  return `${patch.kbId} (${patch.reportedSeverity || patch.severity}${patch.state === 'FAILED' ? ', failed to install' : ''})`;
}
