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
 * The plugin keeps the pack's name, so acknowledgments namespaced by pack (`Pack::Rule`) still apply —
 * unless it wraps one of the gate's own checks with `severity: 'fatal'`, which aws-cdk-lib never lets an
 * acknowledgment suppress (and whose error text then names the rule without offering to acknowledge it).
 */
export class StrictPlugin implements IPolicyValidationPlugin {
  /** The wrapped pack's name, e.g. `HIPAA.Security`. */
  public readonly name: string;
  /** The wrapped pack's version. */
  public readonly version?: string;
  /** The wrapped pack's rule ids. */
  public readonly ruleIds?: string[];

  /**
   * @param inner the pack or check to wrap
   * @param severity what every finding becomes: `error` (acknowledgeable) or `fatal` (never acknowledgeable)
   */
  constructor(
    private readonly inner: IPolicyValidationPlugin,
    private readonly severity: 'error' | 'fatal' = 'error',
  ) {
    this.name = inner.name;
    this.version = inner.version;
    this.ruleIds = inner.ruleIds;
  }

  /** Runs the wrapped pack and raises every finding to error (or fatal) severity. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.inner.validate(context);
    const violations = report.violations.map((violation) => ({
      ...violation,
      severity: this.severity,
      ruleMetadata: { ...violation.ruleMetadata, originalSeverity: violation.severity ?? 'error' },
    }));
    return { ...report, violations, success: violations.length === 0 };
  }
}
