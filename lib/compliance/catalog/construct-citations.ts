import type { IConstruct } from 'constructs';
import { ResilientBackup } from '../../../constructs/backup/resilient-backup';
import { Citation } from '../../../constructs/core/citations';
import { AuditTrail } from '../../../constructs/detection/audit-trail';
import { ConfigCompliance } from '../../../constructs/detection/config-compliance';
import { RiskAssessment } from '../../../constructs/detection/risk-assessment';
import { SecurityAlarms } from '../../../constructs/detection/security-alarms';
import { SecurityHub } from '../../../constructs/detection/security-hub';
import { ThreatDetection } from '../../../constructs/detection/threat-detection';
import { PhiKey } from '../../../constructs/encryption/phi-key';
import { PhiVpc } from '../../../constructs/network/phi-vpc';
import { IncidentResponse } from '../../../constructs/response/incident-response';
import { IncidentRunbooks } from '../../../constructs/response/incident-runbooks';
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
  [
    ThreatDetection,
    [Citation.ACTIVITY_REVIEW, '164.308(a)(5)(ii)(B)', '164.308(a)(5)(ii)(C)', Citation.RETENTION_TIME_LIMIT],
  ],
  [SecurityHub, ['164.308(a)(8)', '164.308(a)(1)(ii)(A)']],
  [
    ConfigCompliance,
    ['164.308(a)(1)(ii)(A)', '164.308(a)(8)', Citation.AUDIT_CONTROLS, Citation.RETENTION_TIME_LIMIT],
  ],
  [
    AuditTrail,
    [Citation.AUDIT_CONTROLS, Citation.ACTIVITY_REVIEW, Citation.INTEGRITY, Citation.RETENTION_TIME_LIMIT],
  ],
  [SecurityAlarms, [Citation.ACTIVITY_REVIEW, '164.308(a)(5)(ii)(C)', '164.308(a)(6)(ii)']],
  [IncidentResponse, ['164.308(a)(6)(i)', '164.308(a)(6)(ii)']],
  [IncidentRunbooks, ['164.308(a)(6)(i)', '164.308(a)(6)(ii)']],
  [
    ResilientBackup,
    [
      '164.308(a)(7)(i)',
      Citation.DATA_BACKUP,
      Citation.DISASTER_RECOVERY,
      '164.308(a)(7)(ii)(D)',
      Citation.INTEGRITY,
    ],
  ],
  [RiskAssessment, ['164.308(a)(1)(ii)(A)', '164.308(a)(5)(ii)(B)', '164.308(a)(8)', '164.308(a)(6)(ii)']],
];

/**
 * The AWS Config rules that keep checking each citation after deploy: the rules of every
 * {@link ConfigCompliance} conformance pack in `root` (exclusions removed), by citation.
 */
export function configRulesByCitation(root: IConstruct): Map<string, string[]> {
  const byCitation = new Map<string, Set<string>>();
  for (const construct of root.node.findAll()) {
    if (!(construct instanceof ConfigCompliance)) continue;
    for (const rule of construct.rules) {
      for (const citation of rule.citations) {
        byCitation.set(citation, (byCitation.get(citation) ?? new Set()).add(rule.name));
      }
    }
  }
  return new Map([...byCitation].map(([citation, rules]) => [citation, [...rules].sort()]));
}

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
