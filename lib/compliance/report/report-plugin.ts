import * as path from 'node:path';
import {
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  type PolicyViolation,
  Stage,
} from 'aws-cdk-lib';
import { isPastDay } from '../catalog/sufficiency';
import type { EvaluationLog } from '../evaluation-log';
import { loadTemplateSet } from '../template/load-template-set';
import { AttestationsFileError, DEFAULT_ATTESTATIONS_FILE, loadAttestations } from './attestations';
import { buildReport, EXPIRY_WARNING_DAYS } from './build-report';
import type { CitationRow } from './model';
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

/**
 * The rule ids under which lapsed exceptions, expired attestations and a bad attestations file are
 * reported. They are the gate's own findings: errors are fatal (never acknowledgeable), and an
 * acknowledgment of any of them fails synth (ExceptionPolicy).
 */
export const REPORT_RULE_IDS = {
  EXPIRED_EXCEPTION: 'ComplianceReport-ExceptionExpired',
  EXPIRING_EXCEPTION: 'ComplianceReport-ExceptionExpiringSoon',
  ATTESTATIONS_FILE: 'ComplianceReport-AttestationsFileInvalid',
  EXPIRED_ATTESTATION: 'ComplianceReport-AttestationExpired',
} as const;

/**
 * Writes `cdk.out/compliance/` (report.html, report.md, report.json, findings.csv, findings.sarif,
 * assessment-results.json, assessment-plan.json, inventory.json, network-map.mmd) at every synth, from
 * the evaluations the rule packs recorded and the synthesized templates (asset inventory, network map,
 * proposed-rule readiness). Registered
 * after the packs, so their evaluations are complete when it runs. Fails synth on an expired exception
 * or a malformed attestations file (fatal: no acknowledgment applies); warns on an exception expiring
 * within 30 days and on an expired attestation (the citation's status shows it).
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
    const now = this.options.now?.();
    try {
      let attestations: ReturnType<typeof loadAttestations> = [];
      try {
        attestations = loadAttestations(file, { now });
      } catch (error) {
        if (!(error instanceof AttestationsFileError)) throw error;
        return {
          success: false,
          violations: [
            {
              ruleName: REPORT_RULE_IDS.ATTESTATIONS_FILE,
              description: error.message,
              severity: 'fatal',
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
        now,
        // The set the template evidence plugin loaded for this synth (parsed once).
        templates: loadTemplateSet(context.templatePaths, root),
      });
      writeReport(report, path.join(outdir, 'compliance'));
      const lapsed = report.exceptions.filter((x) => x.state === 'expired' || x.state === 'expiring-soon');
      const violations: PolicyViolation[] = lapsed.map((x) => ({
        ruleName:
          x.state === 'expired' ? REPORT_RULE_IDS.EXPIRED_EXCEPTION : REPORT_RULE_IDS.EXPIRING_EXCEPTION,
        description:
          x.state === 'expired'
            ? `The exception ${x.id} expired on ${x.expires}: fix the finding or renew the exception with a new expiry (owner: ${x.owner ?? 'none'}, ticket: ${x.ticket ?? 'none'}).`
            : `The exception ${x.id} expires on ${x.expires}, within ${EXPIRY_WARNING_DAYS} days (owner: ${x.owner ?? 'none'}, ticket: ${x.ticket ?? 'none'}).`,
        severity: x.state === 'expired' ? 'fatal' : 'warning',
        violatingResources: [
          {
            constructPath: x.acknowledgedAt,
            locations: ['Metadata'],
            resourceLogicalId: '',
            templatePath: '',
          },
        ],
      }));
      violations.push(...expiredAttestations(report.citations, now ?? new Date(), root.node.path));
      return { success: !violations.some((v) => v.severity !== 'warning'), violations };
    } finally {
      this.log.clear();
    }
  }
}

/** One warning per citation whose latest attestation has expired (the report's status says so too). */
function expiredAttestations(
  citations: readonly CitationRow[],
  now: Date,
  rootPath: string,
): PolicyViolation[] {
  return citations
    .filter((c) => c.attestation?.expires && isPastDay(c.attestation.expires, now))
    .map((c) => ({
      ruleName: REPORT_RULE_IDS.EXPIRED_ATTESTATION,
      description: `The attestation for ${c.id} (${c.title}) by ${c.attestation?.owner} expired on ${c.attestation?.expires} (${c.attestation?.source}); the citation reads ${c.status}. Review it and record a new attestation.`,
      severity: 'warning',
      violatingResources: [
        {
          constructPath: rootPath,
          locations: [c.attestation?.source ?? ''],
          resourceLogicalId: '',
          templatePath: '',
        },
      ],
    }));
}
