import * as path from 'node:path';
import {
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  Stage,
} from 'aws-cdk-lib';
import type { EvaluationLog } from '../evaluation-log';
import { AttestationsFileError, DEFAULT_ATTESTATIONS_FILE, loadAttestations } from './attestations';
import { buildReport, EXPIRY_WARNING_DAYS } from './build-report';
import { writeReport } from './write-report';

/** Options of the {@link ComplianceReportPlugin}. */
export interface ComplianceReportOptions {
  /**
   * The attestations file, relative to the working directory of `cdk synth`.
   *
   * @default 'compliance/attestations.yaml' - absent means no attestations
   */
  readonly attestationsFile?: string;
  /**
   * The report date.
   *
   * @default - now
   */
  readonly now?: () => Date;
  /** Packs whose evaluations are in the log. */
  readonly packs: readonly { readonly name: string }[];
}

/** The rule id under which lapsed exceptions and a bad attestations file are reported. */
export const REPORT_RULE_IDS = {
  EXPIRED_EXCEPTION: 'ComplianceReport-ExceptionExpired',
  EXPIRING_EXCEPTION: 'ComplianceReport-ExceptionExpiringSoon',
  ATTESTATIONS_FILE: 'ComplianceReport-AttestationsFileInvalid',
} as const;

/**
 * Writes `cdk.out/compliance/` (report.html, report.md, report.json, findings.csv, findings.sarif,
 * assessment-results.json) at every synth, from the evaluations the rule packs recorded. Registered
 * after the packs, so their evaluations are complete when it runs. Fails synth on an expired exception
 * or a malformed attestations file; warns on an exception expiring within 30 days.
 */
export class ComplianceReportPlugin implements IPolicyValidationPlugin {
  public readonly name = 'ComplianceReport';

  constructor(
    private readonly log: EvaluationLog,
    private readonly options: ComplianceReportOptions,
  ) {}

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const root = context.appConstruct;
    const outdir = Stage.isStage(root) ? root.outdir : path.dirname(context.templatePaths[0] ?? '.');
    const file = this.options.attestationsFile ?? DEFAULT_ATTESTATIONS_FILE;
    try {
      let attestations: ReturnType<typeof loadAttestations> = [];
      try {
        attestations = loadAttestations(file);
      } catch (error) {
        if (!(error instanceof AttestationsFileError)) throw error;
        return {
          success: false,
          violations: [
            {
              ruleName: REPORT_RULE_IDS.ATTESTATIONS_FILE,
              description: error.message,
              severity: 'error',
              violatingResources: [
                { constructPath: root.node.path, locations: [file], resourceLogicalId: '', templatePath: '' },
              ],
            },
          ],
        };
      }
      const report = buildReport({
        root,
        log: this.log,
        packs: this.options.packs,
        attestations,
        now: this.options.now?.(),
      });
      writeReport(report, path.join(outdir, 'compliance'));
      const lapsed = report.exceptions.filter((x) => x.state === 'expired' || x.state === 'expiring-soon');
      const violations = lapsed.map((x) => ({
        ruleName:
          x.state === 'expired' ? REPORT_RULE_IDS.EXPIRED_EXCEPTION : REPORT_RULE_IDS.EXPIRING_EXCEPTION,
        description:
          x.state === 'expired'
            ? `The exception ${x.id} expired on ${x.expires}: fix the finding or renew the exception with a new expiry (owner: ${x.owner ?? 'none'}, ticket: ${x.ticket ?? 'none'}).`
            : `The exception ${x.id} expires on ${x.expires}, within ${EXPIRY_WARNING_DAYS} days (owner: ${x.owner ?? 'none'}, ticket: ${x.ticket ?? 'none'}).`,
        severity: x.state === 'expired' ? 'error' : 'warning',
        violatingResources: [
          {
            constructPath: x.acknowledgedAt,
            locations: ['Metadata'],
            resourceLogicalId: '',
            templatePath: '',
          },
        ],
      }));
      return { success: !violations.some((v) => v.severity === 'error'), violations };
    } finally {
      this.log.clear();
    }
  }
}
