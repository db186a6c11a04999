import { BackupClient, DescribeRestoreJobCommand } from '@aws-sdk/client-backup';

/** Environment variable names the RestoreEvidence construct sets on the function. */
export const RESTORE_EVIDENCE_ENV = {
  /** Whole hours, from 1 to 72: the recovery time objective a completed restore is measured against. */
  RTO_HOURS: 'RECOVERY_TIME_OBJECTIVE_HOURS',
  /** `https://…` URL of the AWS Backup interface endpoint the function calls (no private DNS needed). */
  BACKUP_ENDPOINT: 'BACKUP_ENDPOINT_URL',
} as const;

/** CloudWatch namespace of the recovery metrics. */
export const RECOVERY_METRIC_NAMESPACE = 'HipaaBaseline/Recovery';
/** Metric names, published with Embedded Metric Format in the evidence line. */
export const RECOVERY_METRICS = {
  /** Hours from the restore job's creation to its completion; completed restores only. */
  DURATION_HOURS: 'RestoreDurationHours',
  /** 1 for a failed or aborted restore, 0 for a completed one. */
  FAILED: 'RestoreFailed',
} as const;

/** The part of an AWS Backup `Restore Job State Change` event the handler reads. */
export interface RestoreJobEvent {
  readonly account?: string;
  readonly region?: string;
  readonly detail?: { readonly restoreJobId?: string; readonly status?: string };
}

/** One restore's evidence, as recorded in the log line (`restoreEvidence`). */
export interface RestoreEvidenceRecord {
  readonly restoreJobId: string;
  readonly account?: string;
  readonly region?: string;
  readonly status: string;
  readonly resourceType: string;
  readonly creationDate?: string;
  readonly completionDate?: string;
  /** Hours from creation to completion, rounded to 3 decimals; absent when either date is missing. */
  readonly durationHours?: number;
  readonly expectedCompletionTimeMinutes?: number;
  readonly recoveryTimeObjectiveHours: number;
  /** True only for a completed restore whose duration is known and at most the objective. */
  readonly withinObjective: boolean;
  readonly statusMessage?: string;
  readonly createdResourceArn?: string;
  readonly restoreTestingPlanArn?: string;
}

/** Dependencies of {@link recordRestore}, injectable for tests. */
export interface RestoreEvidenceDeps {
  readonly backup: BackupClient;
  readonly log: (line: string) => void;
  readonly rtoHours: number;
  readonly now?: () => Date;
}

/**
 * Reads the RTO from the environment.
 *
 * @throws Error when it is missing or not a whole number of hours from 1 to 72, so a misconfigured
 *   function fails (and its event lands in the dead-letter queue) instead of measuring against nothing
 */
export function readRtoHours(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[RESTORE_EVIDENCE_ENV.RTO_HOURS];
  const hours = Number(raw);
  if (raw === undefined || !Number.isInteger(hours) || hours < 1 || hours > 72) {
    throw new Error(
      `${RESTORE_EVIDENCE_ENV.RTO_HOURS} must be a whole number from 1 to 72, got ${JSON.stringify(raw)}`,
    );
  }
  return hours;
}

/**
 * Describes the restore job of `event`, writes one JSON evidence line (which is also a CloudWatch
 * Embedded Metric Format document: `RestoreDurationHours` for completed restores, `RestoreFailed` for
 * all, by `ResourceType` and account-wide) and returns the record.
 *
 * @throws Error when the event has no restore job id or DescribeRestoreJob fails (Lambda retries, then
 *   the dead-letter queue keeps the event)
 */
export async function recordRestore(
  event: RestoreJobEvent,
  deps: RestoreEvidenceDeps,
): Promise<RestoreEvidenceRecord> {
  const restoreJobId = event.detail?.restoreJobId;
  if (!restoreJobId) throw new Error('Restore Job State Change event without detail.restoreJobId');
  const job = await deps.backup.send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }));
  const status = job.Status ?? event.detail?.status ?? 'UNKNOWN';
  const completed = status === 'COMPLETED';
  const created = job.CreationDate;
  const finished = job.CompletionDate;
  const durationHours =
    created && finished
      ? Math.round(((finished.getTime() - created.getTime()) / 3_600_000) * 1000) / 1000
      : undefined;
  const record: RestoreEvidenceRecord = {
    restoreJobId,
    account: event.account ?? job.AccountId,
    region: event.region,
    status,
    resourceType: job.ResourceType ?? 'Unknown',
    creationDate: created?.toISOString(),
    completionDate: finished?.toISOString(),
    durationHours,
    expectedCompletionTimeMinutes: job.ExpectedCompletionTimeMinutes,
    recoveryTimeObjectiveHours: deps.rtoHours,
    withinObjective: completed && durationHours !== undefined && durationHours <= deps.rtoHours,
    statusMessage: job.StatusMessage,
    createdResourceArn: job.CreatedResourceArn,
    restoreTestingPlanArn: job.CreatedBy?.RestoreTestingPlanArn,
  };
  const metrics: { Name: string; Unit: string }[] = [{ Name: RECOVERY_METRICS.FAILED, Unit: 'Count' }];
  // A failed restore's elapsed time is not a recovery time: only completed restores report a duration.
  const reportDuration = completed && durationHours !== undefined;
  if (reportDuration) metrics.push({ Name: RECOVERY_METRICS.DURATION_HOURS, Unit: 'None' });
  const line = {
    _aws: {
      Timestamp: (deps.now ?? (() => new Date()))().getTime(),
      CloudWatchMetrics: [
        { Namespace: RECOVERY_METRIC_NAMESPACE, Dimensions: [['ResourceType'], []], Metrics: metrics },
      ],
    },
    ResourceType: record.resourceType,
    [RECOVERY_METRICS.FAILED]: completed ? 0 : 1,
    ...(reportDuration ? { [RECOVERY_METRICS.DURATION_HOURS]: durationHours } : {}),
    restoreEvidence: record,
  };
  deps.log(JSON.stringify(line));
  return record;
}

let client: BackupClient | undefined;

/** Lambda entry point: one `Restore Job State Change` event (COMPLETED, FAILED or ABORTED). */
export async function handler(event: RestoreJobEvent): Promise<RestoreEvidenceRecord> {
  const rtoHours = readRtoHours();
  const endpoint = process.env[RESTORE_EVIDENCE_ENV.BACKUP_ENDPOINT];
  client ??= new BackupClient(endpoint ? { endpoint } : {});
  // process.stdout, not console.log: Lambda then writes the line verbatim, which EMF requires.
  return recordRestore(event, { backup: client, rtoHours, log: (l) => process.stdout.write(`${l}\n`) });
}
