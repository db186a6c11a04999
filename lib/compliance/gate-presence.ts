import {
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  type PolicyViolation,
  Stage,
} from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import type { EvaluationLog } from './evaluation-log';
import type { StackTemplate } from './template/cfn-template';
import { loadTemplateSet } from './template/load-template-set';

/** The rule id under which the gate reports that it, or one of its packs, did not see the app. */
export const GATE_PRESENCE_RULE_ID = 'ComplianceGate-PackDidNotRun';

/** Resource types no pack evaluates: the CDK's own metadata resource. */
const UNEVALUATED_TYPES = new Set(['AWS::CDK::Metadata']);

const HOW_TO_FIX =
  'This happens when the app and cdk-hipaa-baseline (or cdk-nag) load different copies of aws-cdk-lib or ' +
  'constructs. Run `npm ls aws-cdk-lib constructs`: there must be exactly one of each. Align the app to ' +
  "the toolkit's peer range (see its package.json) and run `npm dedupe`.";

/**
 * Throws when `app` was built with a different copy of aws-cdk-lib or constructs than the toolkit loaded.
 * With two copies the rule packs see no resources (`instanceof` fails across copies) and synth would pass
 * with a report of almost nothing, so the gate refuses to start.
 *
 * @throws Error naming both copies' versions and how to fix it
 */
export function assertSameCdkLibrary(app: unknown): void {
  if (app instanceof Stage && app instanceof Construct) return;
  const isStage = Stage.isStage(app);
  const isConstruct = Construct.isConstruct(app);
  if (!isStage && !isConstruct) {
    throw new Error(
      `applyComplianceGate expects the CDK App (or a Stage); got ${describeValue(app)}. ${HOW_TO_FIX}`,
    );
  }
  const which = app instanceof Stage ? 'constructs' : 'aws-cdk-lib';
  throw new Error(
    `applyComplianceGate: the app was created with a different copy of ${which} than cdk-hipaa-baseline ` +
      `loaded (toolkit's aws-cdk-lib ${loadedVersion('aws-cdk-lib')}, constructs ${loadedVersion('constructs')}` +
      `), so no rule pack would see its resources and the gate would pass without checking anything. ${HOW_TO_FIX}`,
  );
}

/** A pack the gate registered, and which resource types each of its rules is applied to. */
export interface ExpectedPack {
  /** The pack name its evaluations are recorded under, e.g. `HIPAA.Security`. */
  readonly name: string;
  /**
   * The CloudFormation types the pack applies its rules to.
   *
   * @default - every resource (cdk-nag packs apply each rule to every resource)
   */
  readonly resourceTypes?: readonly string[];
}

/**
 * A validation plugin registered after the packs: fails synth when a registered pack evaluated nothing, or
 * fewer resources than the app's templates hold — a gate that silently stopped checking must never look
 * like a clean result. Its finding is the gate's own and cannot be acknowledged.
 */
export class GatePresencePlugin implements IPolicyValidationPlugin {
  public readonly name = 'ComplianceGate';
  public readonly ruleIds = [GATE_PRESENCE_RULE_ID];

  /**
   * @param log the evaluation log every pack records into
   * @param packs the packs whose evaluations must be in the log, in registration order
   */
  constructor(
    private readonly log: EvaluationLog,
    private readonly packs: readonly ExpectedPack[],
  ) {}

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // The template evidence plugin of the same synth has parsed the templates already: reuse its set.
    const root = (context as { appConstruct?: IConstruct }).appConstruct;
    const types = countResourcesByType(loadTemplateSet(context.templatePaths, root).templates);
    const coverage = this.coverageByPack();
    const violations: PolicyViolation[] = [];
    for (const { name: pack, resourceTypes } of this.packs) {
      const resources = resourceTypes
        ? resourceTypes.reduce((sum, type) => sum + (types.get(type) ?? 0), 0)
        : [...types.values()].reduce((sum, n) => sum + n, 0);
      const covered = coverage.get(pack) ?? 0;
      if (covered >= resources) continue;
      violations.push({
        ruleName: GATE_PRESENCE_RULE_ID,
        description:
          covered === 0
            ? `The rule pack ${pack} did not evaluate any of the ${resources} resources in the app's templates. ${HOW_TO_FIX}`
            : `The rule pack ${pack} evaluated at most ${covered} of the ${resources} resources in the app's templates. ${HOW_TO_FIX}`,
        severity: 'error',
        violatingResources: [
          {
            constructPath: context.appConstruct?.node.path ?? '',
            locations: [pack],
            resourceLogicalId: '',
            templatePath: '',
          },
        ],
      });
    }
    return { success: violations.length === 0, violations };
  }

  /** Per pack: the most resources any one of its rules looked at (evaluated or judged not applicable). */
  private coverageByPack(): Map<string, number> {
    const perRule = new Map<string, { pack: string; count: number }>();
    for (const e of this.log.evaluations) {
      const entry = perRule.get(e.baseRuleId) ?? { pack: e.pack, count: 0 };
      entry.count += 1;
      perRule.set(e.baseRuleId, entry);
    }
    for (const [ruleId, skipped] of this.log.notApplicableRules) {
      const entry = perRule.get(ruleId) ?? { pack: skipped.pack, count: 0 };
      entry.count += skipped.count;
      perRule.set(ruleId, entry);
    }
    const coverage = new Map<string, number>();
    for (const { pack, count } of perRule.values())
      coverage.set(pack, Math.max(coverage.get(pack) ?? 0, count));
    return coverage;
  }
}

/** Resources in the templates that packs must look at (all but the CDK's metadata), by type. */
function countResourcesByType(templates: readonly StackTemplate[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { template } of templates) {
    for (const { Type: type } of Object.values(template.Resources ?? {})) {
      if (!UNEVALUATED_TYPES.has(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
    }
  }
  return counts;
}

function loadedVersion(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function describeValue(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  return `an object of class ${(value as object).constructor?.name ?? 'unknown'}`;
}
