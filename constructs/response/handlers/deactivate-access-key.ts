import { type AuditRecord, type AuditSink, auditHeader, describeError } from './audit-record';
import { auditSinkFor, failOnError, readSettings } from './environment';
import { type GuardDutyFindingEvent, isSampleFinding } from './finding';
import { type IamPort, sdkIamPort } from './iam-port';

/** The action name written in audit records. */
export const DEACTIVATE_ACCESS_KEY_ACTION = 'deactivate-access-key';

/** What {@link deactivateAccessKey} needs. */
export interface DeactivateAccessKeyDeps {
  readonly iam: IamPort;
  readonly audit: AuditSink;
  readonly dryRun: boolean;
  readonly now: () => Date;
}

/**
 * Deactivates the IAM user access key named by a GuardDuty IAM finding (UpdateAccessKey to `Inactive`,
 * which can be undone; the key is never deleted, so the investigation keeps it).
 *
 * A dry run only lists the user's keys (a read). Skipped: sample findings, findings without a key,
 * keys of anything but an IAM user (temporary credentials of an assumed role cannot be deactivated;
 * use the RevokeRoleSessions runbook; root keys need the root user), keys not found on the user, and
 * keys already inactive.
 *
 * @returns the audit record, already written to the sink
 */
export async function deactivateAccessKey(
  event: GuardDutyFindingEvent,
  deps: DeactivateAccessKeyDeps,
): Promise<AuditRecord> {
  const finding = event.detail;
  const key = finding?.resource?.accessKeyDetails;
  const base = auditHeader(event, {
    action: DEACTIVATE_ACCESS_KEY_ACTION,
    target: `user/${key?.userName ?? 'unknown'}/${key?.accessKeyId ?? 'unknown'}`,
    dryRun: deps.dryRun,
    now: deps.now,
  });
  const steps: string[] = [];
  const finish = async (record: AuditRecord) => {
    await deps.audit.write(record);
    return record;
  };
  if (isSampleFinding(finding)) {
    return finish({ ...base, result: 'skipped', steps, reason: 'sample finding (drill): no action taken' });
  }
  if (!key?.accessKeyId || !key.userName) {
    return finish({ ...base, result: 'skipped', steps, reason: 'the finding names no access key and user' });
  }
  if (key.userType !== 'IAMUser') {
    const reason = `the key belongs to a ${key.userType ?? 'unknown'} principal, not an IAM user; revoke its sessions with the RevokeRoleSessions runbook`;
    return finish({ ...base, result: 'skipped', steps, reason });
  }
  try {
    const keys = await deps.iam.listAccessKeys(key.userName);
    const current = keys.find((k) => k.accessKeyId === key.accessKeyId);
    if (!current) {
      return finish({ ...base, result: 'skipped', steps, reason: 'the user has no such access key' });
    }
    if (current.status === 'Inactive') {
      return finish({ ...base, result: 'skipped', steps, reason: 'the access key is already inactive' });
    }
    steps.push(`set access key ${key.accessKeyId} of user ${key.userName} to Inactive`);
    if (!deps.dryRun) await deps.iam.deactivateAccessKey(key.userName, key.accessKeyId);
    return finish({ ...base, result: deps.dryRun ? 'would-contain' : 'contained', steps });
  } catch (error) {
    return finish({ ...base, result: 'failed', steps, reason: describeError(error) });
  }
}

/** Lambda entry point, invoked by the EventBridge rule for IAM user credential findings. */
export async function handler(event: GuardDutyFindingEvent): Promise<readonly AuditRecord[]> {
  const settings = readSettings();
  const record = await deactivateAccessKey(event, {
    iam: sdkIamPort(),
    audit: auditSinkFor(settings),
    dryRun: settings.dryRun,
    now: () => new Date(),
  });
  return failOnError([record]);
}
