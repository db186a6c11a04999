import { type IConstruct } from 'constructs';

/** Tag key that classifies data held by a resource. */
export const DATA_CLASSIFICATION_TAG = 'DataClassification';

/** Tag value for resources that store or process protected health information. */
export const PHI_CLASSIFICATION = 'PHI';

const PHI_MARKER = Symbol.for('cdk-hipaa-baseline.phi-scope');

/**
 * Marks construct scopes as holding PHI. Every taggable resource below a marked scope is tagged
 * `DataClassification=PHI` by the {@link PhiDataGuard} aspect, which backup selection, Macie jobs and
 * the compliance report rely on.
 *
 * The toolkit's PHI constructs mark themselves; mark your own constructs or whole stacks that hold PHI.
 */
export class PhiClassification {
  /** Marks `scope` and everything below it as holding PHI. */
  public static mark(scope: IConstruct): void {
    Object.defineProperty(scope, PHI_MARKER, { value: true, enumerable: false, configurable: false });
  }

  /** True when `construct` or one of its ancestors was marked with {@link PhiClassification.mark}. */
  public static isPhi(construct: IConstruct): boolean {
    return construct.node.scopes.some((s) => (s as unknown as Record<symbol, unknown>)[PHI_MARKER] === true);
  }
}
