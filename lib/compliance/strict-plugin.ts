import type {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
} from 'aws-cdk-lib';

/**
 * Wraps a rule pack so that every finding it reports is an error: the gate fails on unacknowledged
 * warnings as well as errors. The original severity is kept in `ruleMetadata.originalSeverity`.
 *
 * Why: aws-cdk-lib recomputes a report's success after applying acknowledgments and, at that point,
 * counts only errors, so a pack with one acknowledged finding and one unacknowledged warning would pass.
 * The plugin keeps the pack's name, so acknowledgments namespaced by pack (`Pack::Rule`) still apply.
 */
export class StrictPlugin implements IPolicyValidationPlugin {
  /** The wrapped pack's name, e.g. `HIPAA.Security`. */
  public readonly name: string;
  /** The wrapped pack's version. */
  public readonly version?: string;
  /** The wrapped pack's rule ids. */
  public readonly ruleIds?: string[];

  constructor(private readonly inner: IPolicyValidationPlugin) {
    this.name = inner.name;
    this.version = inner.version;
    this.ruleIds = inner.ruleIds;
  }

  /** Runs the wrapped pack and raises every finding to error severity. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.inner.validate(context);
    const violations = report.violations.map((violation) => ({
      ...violation,
      severity: 'error',
      ruleMetadata: { ...violation.ruleMetadata, originalSeverity: violation.severity ?? 'error' },
    }));
    return { ...report, violations, success: violations.length === 0 };
  }
}
