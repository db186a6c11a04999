import { S3Client } from '@aws-sdk/client-s3';
import { type AuditRecord, type AuditSink, createAuditSink } from './audit-record';

/** Environment variable names the construct sets on every containment function. */
export const ENV = {
  /** `true` or `false`: whether the function only reports what it would do. */
  DRY_RUN: 'CONTAINMENT_DRY_RUN',
  /** Evidence bucket name; unset when there is none. */
  EVIDENCE_BUCKET: 'EVIDENCE_BUCKET',
  /** Key prefix for audit records in the evidence bucket. */
  EVIDENCE_PREFIX: 'EVIDENCE_PREFIX',
  /** KMS key for evidence objects; unset to use the bucket's default key. */
  EVIDENCE_KEY_ID: 'EVIDENCE_KEY_ID',
  /** Isolation only: the quarantine security group id. */
  QUARANTINE_GROUP_ID: 'QUARANTINE_SECURITY_GROUP_ID',
  /** Isolation only: the VPC of the quarantine security group. */
  QUARANTINE_VPC_ID: 'QUARANTINE_VPC_ID',
} as const;

/** Settings every containment handler reads from its environment. */
export interface ContainmentSettings {
  readonly dryRun: boolean;
  readonly evidenceBucket?: string;
  readonly evidencePrefix: string;
  readonly evidenceKeyId?: string;
}

/**
 * Reads the shared settings. The dry-run flag must be exactly `true` or `false`: a function whose
 * configuration was tampered with or lost refuses to act rather than guess.
 *
 * @throws Error when the dry-run flag is missing or not a boolean string
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env): ContainmentSettings {
  const flag = env[ENV.DRY_RUN];
  if (flag !== 'true' && flag !== 'false') {
    throw new Error(`${ENV.DRY_RUN} must be 'true' or 'false', got ${JSON.stringify(flag)}`);
  }
  return {
    dryRun: flag === 'true',
    evidenceBucket: env[ENV.EVIDENCE_BUCKET] || undefined,
    evidencePrefix: env[ENV.EVIDENCE_PREFIX] ?? 'containment/',
    evidenceKeyId: env[ENV.EVIDENCE_KEY_ID] || undefined,
  };
}

/** Writes one line to stdout, which Lambda sends to the function's (audit) log group. */
export function logLine(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The audit sink for the settings: log line always, evidence object when a bucket is configured. */
export function auditSinkFor(settings: ContainmentSettings, s3: S3Client = new S3Client({})): AuditSink {
  return createAuditSink({
    log: logLine,
    s3,
    bucket: settings.evidenceBucket,
    prefix: settings.evidencePrefix,
    kmsKeyId: settings.evidenceKeyId,
  });
}

/**
 * Fails the invocation when any record failed, so Lambda retries the event and, after the retries, sends
 * it to the dead-letter queue where it stays visible.
 */
export function failOnError(records: readonly AuditRecord[]): readonly AuditRecord[] {
  const failed = records.filter((r) => r.result === 'failed');
  if (failed.length > 0) {
    throw new Error(
      `containment failed for ${failed.map((r) => `${r.target} (${r.reason ?? 'unknown error'})`).join(', ')}`,
    );
  }
  return records;
}
