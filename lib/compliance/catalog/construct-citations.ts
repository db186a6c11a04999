import type { IConstruct } from 'constructs';
import { Citation } from '../../../constructs/core/citations';
import { PhiKey } from '../../../constructs/encryption/phi-key';
import { PhiVpc } from '../../../constructs/network/phi-vpc';
import { AccessLogsBucket } from '../../../constructs/storage/access-logs-bucket';
import { AuditLogGroup } from '../../../constructs/storage/audit-log-group';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import { PhiDatabase } from '../../../constructs/storage/phi-database';
import { PhiTable } from '../../../constructs/storage/phi-table';

type ConstructClass = abstract new (...args: never[]) => IConstruct;

/** Which HIPAA citations each toolkit construct implements in code (its fixed hardening). */
export const CONSTRUCT_CITATIONS: readonly (readonly [ConstructClass, readonly string[]])[] = [
  [PhiKey, [Citation.ENCRYPTION_AT_REST, Citation.ACCESS_CONTROL]],
  [
    PhiBucket,
    [
      Citation.ENCRYPTION_AT_REST,
      Citation.TRANSMISSION_SECURITY,
      Citation.ENCRYPTION_IN_TRANSIT,
      Citation.AUDIT_CONTROLS,
      Citation.INTEGRITY,
      Citation.ACCESS_CONTROL,
    ],
  ],
  [AccessLogsBucket, [Citation.AUDIT_CONTROLS, Citation.RETENTION_TIME_LIMIT]],
  [PhiTable, [Citation.ENCRYPTION_AT_REST, Citation.DATA_BACKUP, Citation.INTEGRITY]],
  [
    PhiDatabase,
    [
      Citation.ENCRYPTION_AT_REST,
      Citation.ENCRYPTION_IN_TRANSIT,
      Citation.AUTHENTICATION,
      Citation.DATA_BACKUP,
      Citation.AUDIT_CONTROLS,
      Citation.DISASTER_RECOVERY,
    ],
  ],
  [PhiVpc, [Citation.TRANSMISSION_SECURITY, Citation.AUDIT_CONTROLS, Citation.ACCESS_CONTROL]],
  [AuditLogGroup, [Citation.AUDIT_CONTROLS, Citation.RETENTION_TIME_LIMIT, Citation.ENCRYPTION_AT_REST]],
];

/** Construct paths of toolkit constructs in `root`, by the citation they implement. */
export function constructsImplementing(root: IConstruct): Map<string, string[]> {
  const byCitation = new Map<string, string[]>();
  for (const construct of root.node.findAll()) {
    for (const [type, citations] of CONSTRUCT_CITATIONS) {
      if (!(construct instanceof type)) continue;
      for (const citation of citations) {
        const list = byCitation.get(citation) ?? [];
        list.push(`${construct.node.path} (${construct.constructor.name})`);
        byCitation.set(citation, list);
      }
    }
  }
  return byCitation;
}
