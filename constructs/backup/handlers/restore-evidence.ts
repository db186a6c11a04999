import { BackupClient, DescribeRestoreJobCommand } from '@aws-sdk/client-backup';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { DEFAULT_PRODUCT_ARN, type FindingOutcome, publishRestoreFinding } from './restore-finding';

/** Environment variable names the RestoreEvidence construct sets on the function. */
export const RESTORE_EVIDENCE_ENV = {
  /** Whole hours, from 1 to 72: the recovery time objective a completed restore is measured against. */
  RTO_HOURS: 'RECOVERY_TIME_OBJECTIVE_HOURS',
  /** `https://…` URL of the AWS Backup interface endpoint the function calls (no private DNS needed). */
  BACKUP_ENDPOINT: 'BACKUP_ENDPOINT_URL',
  /** `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`: where findings go. */
  SECURITY_HUB_PRODUCT_ARN: 'SECURITY_HUB_PRODUCT_ARN',
  /** `https://…` URL of the Security Hub interface endpoint the function calls (no private DNS needed). */
  SECURITY_HUB_ENDPOINT: 'SECURITY_HUB_ENDPOINT_URL',
} as const;

/** CloudWatch namespace of the recovery metrics. */
export const RECOVERY_METRIC_NAMESPACE = 'HipaaBaseline/Recovery';
/** Metric names, published with Embedded Metric Format in the evidence line. */
export const RECOVERY_METRICS = {
  /** Hours from the restore job's creation to its completion; completed restores only. */
  DURATION_HOURS: 'RestoreDurationHours',
  /** 1 for a failed or aborted restore, 0 for a completed one. */
  FAILED: 'RestoreFailed',
  /** 1 when the restore's Security Hub finding could not be imported, 0 when it was. */
  FINDING_FAILED: 'RestoreFindingFailed',
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
  readonly recoveryPointArn?: string;
  readonly sourceResourceArn?: string;
}

/** Dependencies of {@link recordRestore}, injectable for tests. */
export interface RestoreEvidenceDeps {
  readonly backup: BackupClient;
  readonly log: (line: string) => void;
  readonly rtoHours: number;
  readonly now?: () => Date;
  /**
   * Where the restore's finding is imported, after the evidence line.
   *
   * @default - no finding is imported (the construct always sets it)
   */
  readonly securityHub?: { readonly client: SecurityHubClient; readonly productArn: string };
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
 * Reads the Security Hub product ARN from the environment.
 *
 * @throws Error when it is missing or not an account's own `default` product ARN (the only product an
 *   account may import its own findings to), so a misconfigured function fails loudly
 */
export function readProductArn(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env[RESTORE_EVIDENCE_ENV.SECURITY_HUB_PRODUCT_ARN] ?? '';
  const match = DEFAULT_PRODUCT_ARN.exec(raw);
  if (!match || match[1] !== match[2]) {
    throw new Error(
      `${RESTORE_EVIDENCE_ENV.SECURITY_HUB_PRODUCT_ARN} must be arn:<partition>:securityhub:<region>:<account>:product/<account>/default, got ${JSON.stringify(raw)}`,
    );
  }
  return raw;
}

/**
 * Describes the restore job of `event`, writes one JSON evidence line (which is also a CloudWatch
 * Embedded Metric Format document: `RestoreDurationHours` for completed restores, `RestoreFailed` for
 * all, by `ResourceType` and account-wide) and returns the record. Then, with `deps.securityHub`, imports
 * the restore's Security Hub finding (HIGH when it failed, MEDIUM over the objective, archived when
 * within it) and writes a second line saying how that went, with `RestoreFindingFailed`: a Security Hub
 * failure is an `ERROR` line, never an exception, so it cannot hide or duplicate the evidence.
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
    recoveryPointArn: job.RecoveryPointArn,
    sourceResourceArn: job.SourceResourceArn,
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
  if (deps.securityHub) {
    const finding = await publishRestoreFinding(record, {
      securityHub: deps.securityHub.client,
      productArn: deps.securityHub.productArn,
      now: deps.now,
    });
    deps.log(findingLine(finding, record, deps.now));
  }
  return record;
}

/** The line after the evidence: how the finding's import went, with `RestoreFindingFailed` (EMF). */
function findingLine(finding: FindingOutcome, record: RestoreEvidenceRecord, now?: () => Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: (now ?? (() => new Date()))().getTime(),
      CloudWatchMetrics: [
        {
          Namespace: RECOVERY_METRIC_NAMESPACE,
          Dimensions: [[]],
          Metrics: [{ Name: RECOVERY_METRICS.FINDING_FAILED, Unit: 'Count' }],
        },
      ],
    },
    [RECOVERY_METRICS.FINDING_FAILED]: finding.imported ? 0 : 1,
    level: finding.imported ? 'INFO' : 'ERROR',
    ...(finding.imported
      ? {}
      : {
          message: `The Security Hub finding of restore job ${record.restoreJobId} was not imported (${finding.error}); the restore evidence line above stands`,
        }),
    restoreFinding: finding,
  });
}

let client: BackupClient | undefined;
let hub: SecurityHubClient | undefined;

/** Lambda entry point: one `Restore Job State Change` event (COMPLETED, FAILED or ABORTED). */
export async function handler(event: RestoreJobEvent): Promise<RestoreEvidenceRecord> {
  const rtoHours = readRtoHours();
  const productArn = readProductArn();
  const endpoint = process.env[RESTORE_EVIDENCE_ENV.BACKUP_ENDPOINT];
  const hubEndpoint = process.env[RESTORE_EVIDENCE_ENV.SECURITY_HUB_ENDPOINT];
  client ??= new BackupClient(endpoint ? { endpoint } : {});
  hub ??= new SecurityHubClient(hubEndpoint ? { endpoint: hubEndpoint } : {});
  // process.stdout, not console.log: Lambda then writes the line verbatim, which EMF requires.
  return recordRestore(event, {
    backup: client,
    rtoHours,
    log: (l) => process.stdout.write(`${l}\n`),
    securityHub: { client: hub, productArn },
  });
}
