import { Composite, type Resolved, ResourceRef, Unresolved } from '../../../template/resolve';
import { fail, type Problem, type ResourceView, unverified } from '../../../template/rule';
import { isSpecial } from '../../../template/template-set';

type Json = Record<string, Resolved>;

/** True for a plain JSON object (not a reference or unresolved marker). */
export const isObject = (value: Resolved | undefined): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !isSpecial(value);

/** The items of a list, or none. */
export const asList = (value: Resolved | undefined): Resolved[] => (Array.isArray(value) ? [...value] : []);

/** One copy action of one plan rule. */
export interface PlanCopy {
  /** `BackupPlan.BackupPlanRule[i].CopyActions[j]`. */
  readonly path: string;
  readonly destination: Resolved | undefined;
  readonly deleteAfterDays: Resolved | undefined;
}

/** One plan rule (by its path) with its copy actions. */
export interface PlanRuleCopies {
  readonly path: string;
  readonly copies: readonly PlanCopy[];
}

/**
 * The rules of a backup plan with their copy actions. Records the rules as observed; returns a problem
 * for a plan without rules or a rule that cannot be read.
 */
export function planRuleCopies(view: ResourceView): { rules: PlanRuleCopies[]; problems: Problem[] } {
  const rules = view.values('BackupPlan.BackupPlanRule[]');
  view.values('BackupPlan.BackupPlanRule[].CopyActions[].DestinationBackupVaultArn');
  const problems: Problem[] = [];
  if (rules.length === 0)
    problems.push(fail('BackupPlan.BackupPlanRule', 'BackupPlan.BackupPlanRule must hold at least one rule'));
  const result: PlanRuleCopies[] = [];
  rules.forEach((rule, i) => {
    const path = `BackupPlan.BackupPlanRule[${i}]`;
    if (!isObject(rule)) {
      problems.push(unverified(path, rule, 'a backup rule'));
      return;
    }
    const copies = asList(rule.CopyActions).map((copy, j) => ({
      path: `${path}.CopyActions[${j}]`,
      destination: isObject(copy) ? copy.DestinationBackupVaultArn : copy,
      deleteAfterDays:
        isObject(copy) && isObject(copy.Lifecycle) ? copy.Lifecycle.DeleteAfterDays : undefined,
    }));
    result.push({ path, copies });
  });
  return { rules: result, problems };
}

/** A segment of a vault ARN: a literal, a pseudo parameter of the deploying stack, or unknown. */
export type ArnSegment = { literal: string } | { pseudo: string } | { unknown: true };

/**
 * The Region and account segments of a vault ARN as written in a template: a literal string, or a
 * string joined from literals and pseudo parameters (`arn:${AWS::Partition}:backup:us-west-2:${AWS::AccountId}:…`).
 * Undefined for a reference to a resource, or a value that is not an ARN.
 */
export function vaultArnPlace(
  value: Resolved | undefined,
): { region: ArnSegment; account: ArnSegment } | undefined {
  let text: string;
  const markers: ArnSegment[] = [];
  if (typeof value === 'string') text = value;
  else if (value instanceof Composite) {
    text = value.parts
      .map((part) => {
        if (typeof part === 'string') return part;
        markers.push(
          part instanceof Unresolved && part.pseudoParameter
            ? { pseudo: part.pseudoParameter }
            : { unknown: true },
        );
        return `{${markers.length - 1}}`;
      })
      .join('');
  } else return undefined;
  const segments = text.split(':');
  if (segments.length < 7 || segments[0] !== 'arn' || segments[2] !== 'backup') return undefined;
  const segment = (s: string): ArnSegment => {
    const marker = /^\{(\d+)\}$/.exec(s);
    if (marker) return markers[Number(marker[1])] ?? { unknown: true };
    return s.includes('{') ? { unknown: true } : { literal: s };
  };
  return { region: segment(segments[3] ?? ''), account: segment(segments[4] ?? '') };
}

/** The stack of the resource `value` refers to, when it is a reference (or a string starting with one). */
export function referencedStack(value: Resolved | undefined): string | undefined {
  if (value instanceof ResourceRef) return value.stackName;
  if (value instanceof Composite) return value.leadingRef?.stackName;
  return undefined;
}
