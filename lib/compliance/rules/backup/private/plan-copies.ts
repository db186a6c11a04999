import { isObject } from '../../private/json-values';

export { isObject } from '../../private/json-values';

import { Composite, type Resolved, ResourceRef } from '../../../template/resolve';
import { fail, type Problem, type ResourceView, unverified } from '../../../template/rule';
import { type ArnSegment, arnSegments } from '../../private/arn-segments';

/** True for a plain JSON object (not a reference or unresolved marker). */

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

export type { ArnSegment } from '../../private/arn-segments';

/**
 * The Region and account segments of a vault ARN as written in a template (see {@link arnSegments}).
 * Undefined for a reference to a resource, or a value that is not a backup vault ARN.
 */
export function vaultArnPlace(
  value: Resolved | undefined,
): { region: ArnSegment; account: ArnSegment } | undefined {
  const segments = arnSegments(value);
  const service = segments?.[2];
  if (!segments || segments.length < 7 || !service || !('literal' in service) || service.literal !== 'backup')
    return undefined;
  return { region: segments[3] ?? { unknown: true }, account: segments[4] ?? { unknown: true } };
}

/** The stack of the resource `value` refers to, when it is a reference (or a string starting with one). */
export function referencedStack(value: Resolved | undefined): string | undefined {
  if (value instanceof ResourceRef) return value.stackName;
  if (value instanceof Composite) return value.leadingRef?.stackName;
  return undefined;
}
