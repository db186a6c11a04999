import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { findingLabel, type GuardDutyFindingEvent } from './finding';

/** What a containment action did with one target. */
export type ContainmentResult =
  /** The action changed the target. */
  | 'contained'
  /** Dry run: the action would have changed the target and changed nothing. */
  | 'would-contain'
  /** The action chose not to act (sample finding, unsupported target, already contained). */
  | 'skipped'
  /** The action tried and an AWS call failed; the error is in the record. */
  | 'failed';

/**
 * The audit record of one containment decision: written as one JSON line to the function's log group
 * (an encrypted AuditLogGroup kept six years) and, when configured, as one object in the evidence bucket.
 * It documents the incident response and its outcome (164.308(a)(6)(ii)).
 */
export interface AuditRecord {
  /** ISO 8601 time of the decision. */
  readonly time: string;
  /** The action, e.g. `isolate-instance`. */
  readonly action: string;
  /** What the action targets: an instance id, `user/<name>/<access key id>` or a bucket name. */
  readonly target: string;
  /** True when the function only reports what it would do. */
  readonly dryRun: boolean;
  /** The outcome. */
  readonly result: ContainmentResult;
  /** The GuardDuty finding that triggered the action. */
  readonly findingId: string;
  /** The GuardDuty finding type. */
  readonly findingType: string;
  /** The account and region of the finding. */
  readonly account?: string;
  readonly region?: string;
  /** Each step taken (or, in a dry run, that would be taken), in order. */
  readonly steps: readonly string[];
  /** Why the action was skipped or failed. */
  readonly reason?: string;
}

/** Where audit records go. */
export interface AuditSink {
  /** Writes one record; rejects when the evidence copy cannot be written. */
  write(record: AuditRecord): Promise<void>;
}

/** Options of {@link createAuditSink}. */
export interface AuditSinkOptions {
  /** Writes one line to the function's log (stdout, captured by Lambda into its log group). */
  readonly log: (line: string) => void;
  /** The S3 client for the evidence copy. */
  readonly s3?: S3Client;
  /** The evidence bucket; no evidence copy when absent. */
  readonly bucket?: string;
  /** Key prefix in the evidence bucket, e.g. `containment/`. */
  readonly prefix?: string;
  /** The KMS key for the evidence object; the bucket's default key when absent. */
  readonly kmsKeyId?: string;
}

/**
 * An audit sink that logs every record as one JSON line and, when a bucket is given, stores it as
 * `<prefix><action>/<yyyy-mm-dd>/<time>-<finding id>-<target>.json` with SSE-KMS.
 */
export function createAuditSink(options: AuditSinkOptions): AuditSink {
  return {
    async write(record: AuditRecord): Promise<void> {
      options.log(JSON.stringify({ auditRecord: record }));
      if (!options.bucket || !options.s3) return;
      await options.s3.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: evidenceKey(options.prefix ?? '', record),
          Body: JSON.stringify(record, undefined, 2),
          ContentType: 'application/json',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: options.kmsKeyId,
        }),
      );
    },
  };
}

/** The evidence-bucket key of a record. */
export function evidenceKey(prefix: string, record: AuditRecord): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
  const day = record.time.slice(0, 10);
  return `${prefix}${record.action}/${day}/${safe(record.time)}-${safe(record.findingId)}-${safe(record.target)}.json`;
}

/** The message of an error thrown by an AWS SDK call, with its error name. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The part of an audit record that identifies the decision: when, what, on which target, for which finding. */
export type AuditHeader = Omit<AuditRecord, 'result' | 'steps' | 'reason'>;

/** The header of an audit record for `action` on `target`, taken because of the finding in `event`. */
export function auditHeader(
  event: GuardDutyFindingEvent,
  options: {
    readonly action: string;
    readonly target: string;
    readonly dryRun: boolean;
    readonly now: () => Date;
  },
): AuditHeader {
  const { id, type } = findingLabel(event.detail);
  return {
    time: options.now().toISOString(),
    action: options.action,
    target: options.target,
    dryRun: options.dryRun,
    findingId: id,
    findingType: type,
    account: event.account,
    region: event.region,
  };
}
