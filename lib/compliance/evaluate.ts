import * as path from 'node:path';
import { type IPolicyValidationPlugin, Stage, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { createRulePacks } from './gate';
import { TEMPLATE_RULES } from './rules';
import { evaluateTemplates, loadTemplates } from './template/evaluate-templates';
import { constructPathsOf } from './template/load-template-set';
import { TEMPLATE_PACK, type TemplateRule } from './template/rule';
import { templateRuleInfo } from './template/template-evidence-plugin';
import { TemplateSet } from './template/template-set';

/** One rule-pack finding on one construct. */
export interface PackFinding {
  /** The pack that raised it, e.g. `HIPAA.Security`. */
  readonly pack: string;
  /** The rule id, e.g. `HIPAA.Security-S3BucketLoggingEnabled`. */
  readonly ruleName: string;
  /** `error` or `warning`. */
  readonly severity: string;
  /** What the rule says is wrong, with the pack's control ids. */
  readonly description: string;
  /** Construct path of the flagged CloudFormation resource. */
  readonly constructPath: string;
  /** The acknowledgment that covers it, if any. */
  readonly acknowledgment?: { readonly acknowledgedAt: string; readonly reason: string };
}

interface NagReport {
  readonly violations: {
    readonly ruleName: string;
    readonly description: string;
    readonly severity?: string;
    readonly violatingResources: { readonly constructPath?: string }[];
  }[];
}

interface ScopeValidator extends IPolicyValidationPlugin {
  validateScope(scope: IConstruct): NagReport;
}

/**
 * Runs the rule packs over `scope` and returns every finding, each with the acknowledgment that covers
 * it (looked up the way aws-cdk-lib does: the namespaced id `Pack::Rule` on the resource or its closest
 * ancestor). The app must already be synthesized so aspects have run.
 */
export function evaluateRulePacks(
  scope: IConstruct,
  packs: IPolicyValidationPlugin[] = createRulePacks(),
): PackFinding[] {
  const byPath = new Map(scope.node.root.node.findAll().map((c) => [c.node.path, c] as const));
  const findings: PackFinding[] = [];
  for (const pack of packs) {
    const report = (pack as ScopeValidator).validateScope(scope);
    for (const v of report.violations) {
      for (const resource of v.violatingResources) {
        const constructPath = resource.constructPath ?? '';
        findings.push({
          pack: pack.name,
          ruleName: v.ruleName,
          severity: v.severity ?? 'error',
          description: v.description,
          constructPath,
          acknowledgment: closestAcknowledgment(byPath.get(constructPath), `${pack.name}::${v.ruleName}`),
        });
      }
    }
  }
  return findings;
}

/**
 * Runs the template evidence rules over the templates of the stacks at or under `scope` (as synthesized
 * into the app's cloud assembly; the whole assembly is read so cross-stack references resolve) and returns
 * every finding on a resource under `scope`, each with the acknowledgment that covers it. Synthesizes the
 * app when it has not been synthesized yet.
 */
export function evaluateTemplateEvidence(
  scope: IConstruct,
  rules: readonly TemplateRule[] = TEMPLATE_RULES,
): PackFinding[] {
  const root = scope.node.root;
  if (!Stage.isStage(root)) return [];
  const assembly = root.synth();
  const templatePaths = assembly.stacksRecursively.map((s) =>
    path.join(s.assembly.directory, s.templateFile),
  );
  const set = new TemplateSet(loadTemplates(templatePaths), constructPathsOf(root));
  const { evaluations } = evaluateTemplates(set, rules);
  const byPath = new Map(root.node.findAll().map((c) => [c.node.path, c] as const));
  const prefix = scope === root ? '' : `${scope.node.path}/`;
  return evaluations
    .filter((e) => e.outcome !== 'compliant')
    .filter((e) => prefix === '' || e.resource.constructPath.startsWith(prefix))
    .map((e) => ({
      pack: TEMPLATE_PACK,
      ruleName: e.ruleId,
      severity: e.rule.severity,
      description: `${templateRuleInfo(e.rule)}: ${e.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      constructPath: e.resource.constructPath,
      acknowledgment: closestAcknowledgment(
        byPath.get(e.resource.constructPath),
        `${TEMPLATE_PACK}::${e.ruleId}`,
      ),
    }));
}

/**
 * The acknowledgment of `namespacedId` closest to `construct` (on it or its nearest ancestor), as
 * aws-cdk-lib applies it.
 */
export function closestAcknowledgment(
  construct: IConstruct | undefined,
  namespacedId: string,
): PackFinding['acknowledgment'] | undefined {
  for (let current = construct; current; current = current.node.scope) {
    for (const entry of current.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      const reason = (entry.data as Record<string, string>)[namespacedId];
      if (reason !== undefined) return { acknowledgedAt: current.node.path, reason };
    }
  }
  return undefined;
}
