import type { EvaluationRow } from '../report/model';
import { TEMPLATE_RULES } from '../rules';
import { asNumber, templateRuleId } from '../template/rule';

/** A security setting a template evidence rule read, changed between two reports. */
export interface SettingChange {
  readonly ruleId: string;
  readonly stack: string;
  readonly constructPath: string;
  /** The property path, e.g. `Properties.RetentionInDays`. */
  readonly property: string;
  readonly from: unknown;
  readonly to: unknown;
  /** `weaker` / `stronger` when the rule says which direction is stronger; `changed` otherwise. */
  readonly direction: 'weaker' | 'stronger' | 'changed';
}

/** Which direction is stronger, per full rule id and property path (from each rule's `strongerWhen`). */
const STRONGER_WHEN: ReadonlyMap<string, Readonly<Record<string, 'higher' | 'lower'>>> = new Map(
  TEMPLATE_RULES.map((rule) => [templateRuleId(rule), rule.strongerWhen ?? {}]),
);

/** The key that identifies one rule on one resource across two reports. */
export const evaluationKey = (e: EvaluationRow): string =>
  `${e.ruleId}\u0000${e.resource.stack}\u0000${e.resource.constructPath || e.resource.logicalId}`;

/**
 * Every observed setting that differs between the same rule on the same resource in `base` and `head`.
 * A change against a rule's `strongerWhen` is `weaker` even while the rule still passes (e.g. log
 * retention lowered from ten years to six).
 */
export function settingChanges(
  base: readonly EvaluationRow[],
  head: readonly EvaluationRow[],
): SettingChange[] {
  const before = new Map(base.filter((e) => e.observed).map((e) => [evaluationKey(e), e]));
  const changes: SettingChange[] = [];
  for (const now of head) {
    const was = now.observed ? before.get(evaluationKey(now)) : undefined;
    if (!was?.observed || !now.observed) continue;
    const stronger = STRONGER_WHEN.get(now.baseRuleId) ?? {};
    for (const property of new Set([...Object.keys(was.observed), ...Object.keys(now.observed)])) {
      const from = was.observed[property] ?? null;
      const to = now.observed[property] ?? null;
      if (JSON.stringify(from) === JSON.stringify(to)) continue;
      changes.push({
        ruleId: now.ruleId,
        stack: now.resource.stack,
        constructPath: now.resource.constructPath,
        property,
        from,
        to,
        direction: directionOf(stronger[property], from, to),
      });
    }
  }
  return changes;
}

function directionOf(
  stronger: 'higher' | 'lower' | undefined,
  from: unknown,
  to: unknown,
): SettingChange['direction'] {
  const a = asNumber(from);
  const b = asNumber(to);
  if (!stronger || a === undefined || b === undefined) return 'changed';
  const higher = b > a;
  return higher === (stronger === 'higher') ? 'stronger' : 'weaker';
}
