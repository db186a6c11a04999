import { Stage } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { evaluateRulePacks, evaluateTemplateEvidence, type PackFinding } from '../../lib/compliance/evaluate';

/**
 * Synthesizes the app that holds `scope` (running aspects, construct validations and, when enabled, the
 * CloudFormation validator), then runs the HIPAA.Security, NIST.800.53.R5 and AwsSolutions packs and the
 * template evidence rules over `scope` and returns every finding that no acknowledgment covers.
 */
export function collectUnacknowledgedFindings(scope: IConstruct): PackFinding[] {
  const root = scope.node.root;
  if (Stage.isStage(root)) root.synth({ force: true });
  return [...evaluateRulePacks(scope), ...evaluateTemplateEvidence(scope)].filter(
    (f) => f.acknowledgment === undefined,
  );
}

/**
 * Fails, listing each rule and construct path, when any pack reports an unacknowledged finding under
 * `scope`.
 */
export function expectNoUnacknowledgedFindings(scope: IConstruct): void {
  const findings = collectUnacknowledgedFindings(scope);
  if (findings.length > 0) {
    const lines = findings.map((f) => `  ${f.ruleName} (${f.severity}) at ${f.constructPath}`);
    throw new Error(
      `${findings.length} unacknowledged finding(s) under ${scope.node.path || '<app>'}:\n${lines.join('\n')}`,
    );
  }
}
