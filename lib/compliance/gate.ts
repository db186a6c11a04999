import { type Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, type NagPack, NIST80053R5Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { PhiDataGuard } from '../../constructs/core/phi-data-guard';
import { EvaluationLog } from './evaluation-log';
import { ExceptionPolicyPlugin } from './exception-policy';
import { assertSameCdkLibrary, GatePresencePlugin } from './gate-presence';
import { HipaaEligibleServicesCheck } from './hipaa-eligible-services';
import { LEAST_PRIVILEGE_RESOURCE_TYPES, LeastPrivilegeChecks } from './packs/least-privilege';
import { PagingCheck } from './paging-check';
import { type ComplianceReportOptions, ComplianceReportPlugin } from './report/report-plugin';
import { TEMPLATE_RULES } from './rules';
import { StrictPlugin } from './strict-plugin';
import { TEMPLATE_PACK } from './template/rule';
import { TemplateEvidencePlugin } from './template/template-evidence-plugin';

/** Options for {@link applyComplianceGate}. */
export interface ComplianceGateOptions {
  /**
   * Include each rule's full explanation in findings.
   *
   * @default false - one-line findings with the pack's HIPAA / NIST control ids
   */
  readonly verbose?: boolean;

  /**
   * Write the compliance report to `cdk.out/compliance/` at every synth.
   *
   * @default true
   */
  readonly report?: boolean;

  /**
   * Options of the compliance report (attestations file, report date).
   *
   * @default - attestations from `compliance/attestations.yaml` when present; dated now
   */
  readonly reportOptions?: Omit<ComplianceReportOptions, 'packs'>;
}

const GATED = Symbol.for('cdk-hipaa-baseline.compliance-gate');

/**
 * Creates the rule packs the gate runs: cdk-nag's HIPAA.Security, NIST.800.53.R5 and AwsSolutions, and the
 * toolkit's own LeastPrivilege pack.
 *
 * @param scope the app or stage the packs will inspect (used to register cdk-nag's own aspects)
 */
export function createRulePacks(scope?: IConstruct, options: ComplianceGateOptions = {}): NagPack[] {
  const props = { verbose: options.verbose ?? false };
  return [
    new HIPAASecurityChecks(scope, props),
    new NIST80053R5Checks(scope, props),
    new AwsSolutionsChecks(scope, props),
    new LeastPrivilegeChecks(scope, props),
  ];
}

/**
 * Turns an app (or stage) into a gated HIPAA baseline app: registers the HIPAA.Security,
 * NIST.800.53.R5 and AwsSolutions packs as synth-time validation plugins and adds the PHI tagging and
 * encryption-at-rest aspects. Synthesis then fails on any unacknowledged error or warning from any pack,
 * and `cdk.out/validation-report.json` records every finding, acknowledged ones included with their
 * reasons. The gate's own findings (lapsed exception, bad attestations file, non-eligible service in a
 * PHI stack, forbidden or unaccountable acknowledgment) cannot be acknowledged, and neither can the
 * non-waivable controls of `constructs/core/non-waivable-controls.ts`.
 *
 * Calling it twice on the same scope has no further effect.
 */
export function applyComplianceGate(app: Stage, options: ComplianceGateOptions = {}): void {
  assertSameCdkLibrary(app);
  const marked = app as unknown as Record<symbol, boolean>;
  if (marked[GATED]) return;
  marked[GATED] = true;
  const log = new EvaluationLog();
  const packs = createRulePacks(app, options).map((pack) => log.observe(pack));
  const reportedPacks = [...packs, { name: TEMPLATE_PACK }];
  Validations.of(app).addPlugins(
    ...packs.map((pack) => new StrictPlugin(pack)),
    // The gate's own check: fatal, so no acknowledgment can switch it off.
    new StrictPlugin(new HipaaEligibleServicesCheck(), 'fatal'),
    // Every alert topic of the toolkit must page someone; also the gate's own, fatal finding.
    new StrictPlugin(new PagingCheck(), 'fatal'),
    // Reads the templates written to the cloud assembly: what CloudFormation will receive.
    new TemplateEvidencePlugin(TEMPLATE_RULES, log),
    // Fails synth when a pack saw fewer resources than the templates hold (e.g. two aws-cdk-lib copies).
    // Wrapped as fatal: the gate's own finding, which no acknowledgment may switch off.
    new StrictPlugin(
      new GatePresencePlugin(
        log,
        packs.map((pack) =>
          pack instanceof LeastPrivilegeChecks
            ? { name: pack.name, resourceTypes: LEAST_PRIVILEGE_RESOURCE_TYPES }
            : { name: pack.name },
        ),
      ),
      'fatal',
    ),
    // Always on, report or not: no forbidden or unaccountable acknowledgment may pass.
    new ExceptionPolicyPlugin({
      now: options.reportOptions?.now,
      lapsedReportedElsewhere: options.report ?? true,
    }),
  );
  if (options.report ?? true) {
    // Registered last: it reads what the packs recorded.
    Validations.of(app).addPlugins(
      new ComplianceReportPlugin(log, { ...options.reportOptions, packs: reportedPacks }),
    );
  }
  PhiDataGuard.applyTo(app);
}
