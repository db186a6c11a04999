import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StackTemplate } from './cfn-template';
import { type Problem, ResourceView, type TemplateRule, templateRuleId } from './rule';
import type { TemplateResource, TemplateSet } from './template-set';

/** The outcome of one template rule on one resource. */
export type TemplateOutcome = 'compliant' | 'non-compliant' | 'unverified';

/** One evaluation of one template rule on one resource. */
export interface TemplateEvaluation {
  readonly rule: TemplateRule;
  /** The full rule id, e.g. `TemplateEvidence-S3BucketVersioning`. */
  readonly ruleId: string;
  readonly resource: TemplateResource;
  /** `unverified` when every problem is a value that cannot be known at synth; never counted as passing. */
  readonly outcome: TemplateOutcome;
  readonly problems: readonly Problem[];
  /** The settings the rule read, JSON-safe, keyed by property path. */
  readonly observed: Readonly<Record<string, unknown>>;
}

/** What {@link evaluateTemplates} found. */
export interface TemplateEvaluationResult {
  readonly evaluations: readonly TemplateEvaluation[];
  /** Per rule id: resources of its types the rule judged not applicable. Every rule has an entry. */
  readonly notApplicable: ReadonlyMap<string, number>;
}

/**
 * Runs every rule over the resources of its types in `set`. A rule that throws is a non-compliant
 * evaluation naming the error (a check that cannot run proves nothing).
 */
export function evaluateTemplates(
  set: TemplateSet,
  rules: readonly TemplateRule[],
): TemplateEvaluationResult {
  const evaluations: TemplateEvaluation[] = [];
  const notApplicable = new Map<string, number>();
  for (const rule of rules) {
    const ruleId = templateRuleId(rule);
    let skipped = 0;
    for (const type of rule.resourceTypes) {
      for (const resource of set.ofType(type)) {
        const view = new ResourceView(resource);
        let problems: readonly Problem[];
        try {
          const result = rule.check(view, set);
          if (result === 'not-applicable') {
            skipped += 1;
            continue;
          }
          problems = result;
        } catch (error) {
          problems = [
            { path: 'Properties', message: `the rule could not evaluate the resource: ${String(error)}` },
          ];
        }
        const outcome: TemplateOutcome =
          problems.length === 0
            ? 'compliant'
            : problems.every((p) => p.unverified)
              ? 'unverified'
              : 'non-compliant';
        evaluations.push({ rule, ruleId, resource, outcome, problems, observed: view.observed });
      }
    }
    notApplicable.set(ruleId, skipped);
  }
  return { evaluations, notApplicable };
}

/**
 * Reads the templates a validation plugin is given. The stack name is the artifact id, taken from the
 * file name (`<artifact>.template.json`).
 *
 * @throws Error naming the file when a template cannot be read or parsed (the gate must not pass on it)
 */
export function loadTemplates(templatePaths: readonly string[]): StackTemplate[] {
  return templatePaths.map((templatePath) => {
    let text: string;
    try {
      text = fs.readFileSync(templatePath, 'utf8');
    } catch (error) {
      throw new Error(`Template evidence: cannot read ${templatePath}: ${String(error)}`);
    }
    try {
      return {
        stackName: path.basename(templatePath).replace(/(\.nested)?\.template\.json$/, ''),
        templatePath,
        template: JSON.parse(text),
      };
    } catch (error) {
      throw new Error(`Template evidence: ${templatePath} is not valid JSON: ${String(error)}`);
    }
  });
}
