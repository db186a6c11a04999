import type { AuditRecord, AuditSink } from '../../../../constructs/response/handlers/audit-record';
import type { GuardDutyFindingEvent } from '../../../../constructs/response/handlers/finding';

/** A fixed clock for audit records. */
export const NOW = new Date('2026-11-28T10:00:00.000Z');

/** A GuardDuty finding event with `resource` and optional other detail fields. */
export function findingEvent(
  type: string,
  resource: NonNullable<GuardDutyFindingEvent['detail']>['resource'],
  extra: { sample?: boolean; severity?: number } = {},
): GuardDutyFindingEvent {
  return {
    account: '111122223333',
    region: 'us-east-1',
    source: 'aws.guardduty',
    'detail-type': 'GuardDuty Finding',
    detail: {
      id: 'f-123',
      type,
      severity: extra.severity ?? 8,
      resource,
      ...(extra.sample ? { service: { additionalInfo: { sample: true } } } : {}),
    },
  };
}

/** An audit sink that keeps the records it is given. */
export function recordingSink(): AuditSink & { records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  return {
    records,
    async write(record) {
      records.push(record);
    },
  };
}
