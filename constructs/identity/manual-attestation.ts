import type { IConstruct } from 'constructs';
import {
  MANUAL_ATTESTATION_METADATA_KEY,
  type ManualAttestationRecord,
  recordManualAttestation as recordForReport,
} from '../core/report-metadata';

/** The construct-metadata key under which manual attestations are recorded for the compliance report. */
export { MANUAL_ATTESTATION_METADATA_KEY };

/**
 * A control that infrastructure as code cannot set or verify, so a person must attest to it:
 * `{ citation, setting, reason }`, e.g. `{ citation: '164.312(d)', setting: 'Identity Center MFA mode:
 * always-on', reason: 'CloudFormation cannot set Identity Center MFA mode' }`. The compliance report lists
 * each one with the construct that recorded it.
 */
export type ManualAttestation = ManualAttestationRecord;

/** A recorded {@link ManualAttestation} with the construct path that recorded it. */
export interface RecordedManualAttestation extends ManualAttestationRecord {
  /** Construct path of the construct that needs the attestation. */
  readonly constructPath: string;
}

/**
 * Records on `construct` that a setting needs manual attestation, as node metadata with key
 * {@link MANUAL_ATTESTATION_METADATA_KEY} (`cdk-hipaa-baseline:attestation`) and data
 * `{ citation, setting, reason }`.
 *
 * @throws Error naming the construct path when a field is empty
 */
export function recordManualAttestation(construct: IConstruct, attestation: ManualAttestation): void {
  const empty = (['citation', 'setting', 'reason'] as const).filter(
    (field) => (attestation[field] ?? '').trim().length === 0,
  );
  if (empty.length > 0) {
    throw new Error(
      `${construct.node.path || '<root>'}: a manual attestation needs a non-empty ${empty.join(', ')}`,
    );
  }
  recordForReport(construct, {
    citation: attestation.citation,
    setting: attestation.setting,
    reason: attestation.reason,
  });
}

/** Every manual attestation recorded on `scope` or below it, in construct-tree order. */
export function collectManualAttestations(scope: IConstruct): RecordedManualAttestation[] {
  return scope.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === MANUAL_ATTESTATION_METADATA_KEY)
        .map((entry) => ({ ...(entry.data as ManualAttestation), constructPath: construct.node.path })),
    );
}
