import { CfnResource, Stack } from 'aws-cdk-lib';
import { type IApplyRule, type NagPack, NagRuleCompliance } from 'cdk-nag';

/** The outcome of one rule on one resource, before acknowledgments are applied. */
export type RawOutcome = 'compliant' | 'non-compliant' | 'not-applicable';

/** One evaluation of one rule against one CloudFormation resource. */
export interface Evaluation {
  /** Pack name, e.g. `HIPAA.Security`. */
  readonly pack: string;
  /** Rule id as the pack reports it, e.g. `HIPAA.Security-S3DefaultEncryptionKMS` or `AwsSolutions-IAM5[Action::*]`. */
  readonly ruleId: string;
  /** The rule id without a finding suffix, e.g. `AwsSolutions-IAM5`. */
  readonly baseRuleId: string;
  /** What the rule checks, with the pack's control ids. */
  readonly info: string;
  /** `error` or `warning`, as the pack rates it. */
  readonly level: string;
  readonly outcome: RawOutcome;
  /** True when the rule threw (e.g. on an unresolved token); the outcome is then non-compliant. */
  readonly ruleError?: boolean;
  readonly constructPath: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly stackName: string;
  /** True when the value the rule needed cannot be known from the template; never counted as passing. */
  readonly unverified?: boolean;
  /** For template evidence rules: what is wrong, by property path. */
  readonly problems?: readonly { readonly path: string; readonly message: string }[];
  /** For template evidence rules: the settings the rule read, keyed by property path. */
  readonly observed?: Readonly<Record<string, unknown>>;
}

/**
 * Collects every evaluation the rule packs make at synth. cdk-nag 3 reports only violations; the
 * compliance report also needs what was checked and passed, so each pack's `applyRule` is observed.
 */
export class EvaluationLog {
  private readonly entries: Evaluation[] = [];
  private readonly notApplicable = new Map<string, { pack: string; info: string; count: number }>();
  /** Where each resource is, resolved once per synth: every rule of every pack records it again. */
  private locations = new WeakMap<CfnResource, ResourceLocation>();

  /** Every applicable evaluation (compliant or non-compliant), in the order recorded. */
  public get evaluations(): readonly Evaluation[] {
    return this.entries;
  }

  /** Rules that ran but applied to no resource they saw, with how many resources they skipped. */
  public get notApplicableRules(): ReadonlyMap<string, { pack: string; info: string; count: number }> {
    return this.notApplicable;
  }

  /** Forgets everything recorded (packs run again on every synth). */
  public clear(): void {
    this.entries.length = 0;
    this.notApplicable.clear();
    this.locations = new WeakMap();
  }

  /** Records one evaluation. */
  public record(evaluation: Evaluation): void {
    this.entries.push(evaluation);
  }

  /** Counts `count` resources a rule did not apply to (0 declares a rule that ran and found nothing of its kind). */
  public recordNotApplicable(pack: string, ruleId: string, info: string, count = 1): void {
    const entry = this.notApplicable.get(ruleId) ?? { pack, info, count: 0 };
    entry.count += count;
    this.notApplicable.set(ruleId, entry);
  }

  /**
   * Makes `pack` record every rule evaluation into this log, then returns it. The pack's own behaviour
   * (what it reports as violations) is unchanged.
   */
  public observe<T extends NagPack>(pack: T): T {
    const observed = pack as unknown as { applyRule(params: IApplyRule): void };
    const applyRule = observed.applyRule.bind(pack);
    observed.applyRule = (params: IApplyRule) => {
      const suffix = params.ruleSuffixOverride ?? params.rule.name;
      const baseRuleId = `${pack.readPackName}-${suffix}`;
      const rule = params.rule;
      applyRule({
        ...params,
        ruleSuffixOverride: suffix,
        rule: (node: CfnResource) => {
          let result: ReturnType<IApplyRule['rule']>;
          try {
            result = rule(node);
          } catch (error) {
            this.record(
              describe(this.locate(node), pack.name, baseRuleId, baseRuleId, params, 'non-compliant', true),
            );
            throw error;
          }
          if (result === NagRuleCompliance.NOT_APPLICABLE) {
            this.recordNotApplicable(pack.name, baseRuleId, params.info);
          } else if (result === NagRuleCompliance.COMPLIANT) {
            this.record(describe(this.locate(node), pack.name, baseRuleId, baseRuleId, params, 'compliant'));
          } else if (result === NagRuleCompliance.NON_COMPLIANT) {
            this.record(
              describe(this.locate(node), pack.name, baseRuleId, baseRuleId, params, 'non-compliant'),
            );
          } else if (Array.isArray(result)) {
            if (result.length === 0)
              this.record(
                describe(this.locate(node), pack.name, baseRuleId, baseRuleId, params, 'compliant'),
              );
            for (const finding of result) {
              this.record(
                describe(
                  this.locate(node),
                  pack.name,
                  `${baseRuleId}[${finding}]`,
                  baseRuleId,
                  params,
                  'non-compliant',
                ),
              );
            }
          }
          return result;
        },
      });
    };
    return pack;
  }

  private locate(node: CfnResource): ResourceLocation {
    let location = this.locations.get(node);
    if (!location) {
      const stack = Stack.of(node);
      location = {
        constructPath: node.node.path,
        logicalId: stack.resolve(node.logicalId) as string,
        resourceType: node.cfnResourceType,
        stackName: stack.stackName,
      };
      this.locations.set(node, location);
    }
    return location;
  }
}

/** The resource fields of an {@link Evaluation}. */
type ResourceLocation = Pick<Evaluation, 'constructPath' | 'logicalId' | 'resourceType' | 'stackName'>;

function describe(
  location: ResourceLocation,
  pack: string,
  ruleId: string,
  baseRuleId: string,
  params: IApplyRule,
  outcome: RawOutcome,
  ruleError = false,
): Evaluation {
  return {
    pack,
    ruleId,
    baseRuleId,
    info: params.info,
    level: params.level === 'Error' ? 'error' : 'warning',
    outcome,
    ...(ruleError ? { ruleError } : {}),
    constructPath: location.constructPath,
    logicalId: location.logicalId,
    resourceType: location.resourceType,
    stackName: location.stackName,
  };
}
