import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type App, type Environment, Stack } from 'aws-cdk-lib';
import { AuditTrail } from '../../constructs/detection/audit-trail';
import { applyComplianceGate } from '../../lib/compliance/gate';
import { newTestApp } from './app';

/** The parts of aws-cdk-lib's `validation-report.json` the tests read. */
export interface ValidationReport {
  readonly pluginReports: {
    readonly pluginName: string;
    readonly conclusion: string;
    readonly violations: {
      readonly ruleName: string;
      readonly severity?: string;
      readonly description?: string;
      readonly ruleMetadata?: Record<string, string>;
    }[];
    readonly suppressedViolations?: {
      readonly ruleName: string;
      readonly reason: string;
      readonly acknowledgedId: string;
    }[];
  }[];
}

/** A new app with the project's feature flags, the CloudFormation validator on and the compliance gate applied. */
export function newGatedApp(prefix: string): { app: App; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const app = newTestApp({ cloudFormationValidation: true, outdir });
  applyComplianceGate(app);
  return { app, outdir };
}

/**
 * Synthesizes `app` and reads the validation report it wrote. Synthesis errors are returned, not thrown,
 * so a test can assert on both.
 */
export function synthAndReadValidation(
  app: App,
  outdir: string,
): { error?: unknown; report: ValidationReport } {
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  const file = path.join(outdir, 'validation-report.json');
  const report = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ValidationReport)
    : { pluginReports: [] };
  return { error, report };
}

/** The environment of the test fixtures (the one `newTestStack` uses). */
export const FIXTURE_ENV: Environment = { account: '111122223333', region: 'us-east-1' };

/**
 * Adds the account's audit trail to `app`, in its own stack `AccountTrail`, as the reference app's
 * AccountBaselineStack does: it logs the data events of every PhiBucket and PhiTable of the app in
 * `env`, which TemplateEvidence-CloudTrailPhiDataEvents requires of a gated app holding PHI.
 */
export function addAccountTrail(app: App, env: Environment = FIXTURE_ENV): AuditTrail {
  return new AuditTrail(new Stack(app, 'AccountTrail', { env }), 'AuditTrail');
}
