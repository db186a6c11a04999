import {
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  type PolicyViolation,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { EvaluationLog } from '../evaluation-log';
import { evaluateTemplates, type TemplateEvaluation } from './evaluate-templates';
import { loadTemplateSet } from './load-template-set';
import { TEMPLATE_PACK, type TemplateRule, templateRuleId } from './rule';

/** The text the report and findings show for a rule: rationale and citations. */
export function templateRuleInfo(rule: TemplateRule): string {
  return `${rule.rationale} (${rule.citations.join(', ')})`;
}

/**
 * The template evidence pack as a synth-time validation plugin: evaluates every rule on the templates
 * written to the cloud assembly (what CloudFormation will receive, after overrides, included templates
 * and raw L1 resources). Any non-compliant or unverified evaluation fails synth, naming stack, logical id,
 * construct path, property path, rule id and citation. Acknowledge a finding as
 * `TemplateEvidence::TemplateEvidence-<Rule>` on the resource or an ancestor.
 */
export class TemplateEvidencePlugin implements IPolicyValidationPlugin {
  public readonly name = TEMPLATE_PACK;
  public readonly ruleIds: string[];

  constructor(
    private readonly rules: readonly TemplateRule[],
    private readonly log?: EvaluationLog,
  ) {
    this.ruleIds = rules.map(templateRuleId);
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const root = (context as { appConstruct?: IConstruct }).appConstruct;
    // Shared with the report plugin of the same synth, which reads the same templates for the inventory.
    const set = loadTemplateSet(context.templatePaths, root);
    const { evaluations, notApplicable } = evaluateTemplates(set, this.rules);
    if (this.log) recordInto(this.log, this.rules, evaluations, notApplicable);
    const violations = toViolations(evaluations.filter((e) => e.outcome !== 'compliant'));
    return { success: violations.length === 0, violations };
  }
}

function recordInto(
  log: EvaluationLog,
  rules: readonly TemplateRule[],
  evaluations: readonly TemplateEvaluation[],
  notApplicable: ReadonlyMap<string, number>,
): void {
  for (const rule of rules) {
    log.recordNotApplicable(
      TEMPLATE_PACK,
      templateRuleId(rule),
      templateRuleInfo(rule),
      notApplicable.get(templateRuleId(rule)) ?? 0,
    );
  }
  for (const e of evaluations) {
    log.record({
      pack: TEMPLATE_PACK,
      ruleId: e.ruleId,
      baseRuleId: e.ruleId,
      info: templateRuleInfo(e.rule),
      level: e.rule.severity,
      outcome: e.outcome === 'compliant' ? 'compliant' : 'non-compliant',
      ...(e.outcome === 'unverified' ? { unverified: true } : {}),
      ...(e.problems.length > 0
        ? { problems: e.problems.map(({ path, message }) => ({ path, message })) }
        : {}),
      observed: e.observed,
      constructPath: e.resource.constructPath,
      logicalId: e.resource.logicalId,
      resourceType: e.resource.type,
      stackName: e.resource.stackName,
    });
  }
}

/** One violation per rule, one violating resource per failing resource, each location a property path. */
export function toViolations(failures: readonly TemplateEvaluation[]): PolicyViolation[] {
  const byRule = new Map<string, TemplateEvaluation[]>();
  for (const f of failures) {
    const list = byRule.get(f.ruleId);
    if (list) list.push(f);
    else byRule.set(f.ruleId, [f]);
  }
  return [...byRule.entries()].map(([ruleId, list]) => {
    const rule = (list[0] as TemplateEvaluation).rule;
    const details = list.map(
      (f) =>
        `  ${f.resource.stackName}/${f.resource.logicalId} (${f.resource.constructPath || 'no construct path'}): ` +
        f.problems.map((p) => `${p.path}: ${p.message}${p.unverified ? ' [unverified]' : ''}`).join('; '),
    );
    return {
      ruleName: ruleId,
      description: `${ruleId} [${rule.citations.join(', ')}]: ${rule.rationale} Fix: ${rule.fix}\n${details.join('\n')}`,
      severity: 'error',
      ruleMetadata: { originalSeverity: rule.severity, citations: rule.citations.join(', ') },
      violatingResources: list.map((f) => ({
        resourceLogicalId: f.resource.logicalId,
        templatePath: f.resource.stack.templatePath,
        locations: f.problems.map((p) => p.path),
      })),
    };
  });
}
