import type { IConstruct } from 'constructs';
import { RELAXATION_METADATA_KEY, type RelaxationRecord } from '../core/report-metadata';

export { RELAXATION_METADATA_KEY, type RelaxationRecord, recordRelaxation } from '../core/report-metadata';

/**
 * The relaxations recorded on `construct` itself with `recordRelaxation` (metadata key
 * `cdk-hipaa-baseline:relaxation`), in the order they were recorded. The compliance report reads the
 * same metadata from every construct of the app.
 */
export function relaxationsOf(construct: IConstruct): RelaxationRecord[] {
  return construct.node.metadata
    .filter((entry) => entry.type === RELAXATION_METADATA_KEY)
    .map((entry) => entry.data as RelaxationRecord);
}
