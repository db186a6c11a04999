import { RETENTION_FLOORS } from '../../../../constructs/backup/resilient-backup';
import { Citation } from '../../../../constructs/core/citations';
import { ResponseCitation } from '../../../../constructs/response/private/citations';
import type { Resolved } from '../../template/resolve';
import { fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial, refOf, type TemplateResource, type TemplateSet } from '../../template/template-set';
import { isObject } from '../private/json-values';

const asList = (value: Resolved | undefined): Resolved[] => (Array.isArray(value) ? [...value] : []);

/** Problems with one `Lifecycle` (absent or without DeleteAfterDays means kept indefinitely). */
function lifecycleProblems(path: string, lifecycle: Resolved | undefined): Problem[] {
  if (lifecycle === undefined) return [];
  if (!isObject(lifecycle)) return [unverified(path, lifecycle, 'a lifecycle object')];
  const days = lifecycle.DeleteAfterDays;
  if (days === undefined) return [];
  const floor = RETENTION_FLOORS.dailyDays;
  if (isSpecial(days)) return [unverified(`${path}.DeleteAfterDays`, days, `at least ${floor}`)];
  return typeof days === 'number' && days >= floor
    ? []
    : [
        fail(
          `${path}.DeleteAfterDays`,
          `${path}.DeleteAfterDays must be at least ${floor}, got ${JSON.stringify(days)}`,
        ),
      ];
}

/** True when a restore testing plan of the assembly selects recovery points of `vault` (or of every vault). */
function restoreTested(vault: TemplateResource | undefined, set: TemplateSet): boolean {
  return set.ofType('AWS::Backup::RestoreTestingPlan').some((plan) => {
    const selection = plan.properties.RecoveryPointSelection;
    const vaults = isObject(selection) ? asList(selection.IncludeVaults) : [];
    return vaults.some((v) => {
      if (v === '*') return true;
      const ref = refOf(v);
      return vault !== undefined && ref?.stackName === vault.stackName && ref.logicalId === vault.logicalId;
    });
  });
}

/** Why a rule's vault has no restore test: none in the assembly, not this vault, or a vault not in the templates. */
function untestedProblem(
  path: string,
  target: Resolved | undefined,
  vault: TemplateResource | undefined,
  set: TemplateSet,
): Problem {
  if (set.ofType('AWS::Backup::RestoreTestingPlan').length === 0)
    return fail(path, 'no AWS::Backup::RestoreTestingPlan in the templates tests restores of this plan');
  if (vault === undefined)
    return unverified(path, target, 'a vault of the assembly included by a restore testing plan');
  return fail(
    path,
    `no AWS::Backup::RestoreTestingPlan in the templates includes vault ${vault.label} in RecoveryPointSelection.IncludeVaults`,
  );
}

/**
 * Every AWS Backup plan keeps each recovery point, and each copy, at least `RETENTION_FLOORS.dailyDays`
 * (35) days, and the vaults it writes to are covered by an AWS Backup restore testing plan of the
 * assembly.
 */
export const BackupPlanRetention: TemplateRule = {
  id: 'BackupPlanRetention',
  citations: [
    ResponseCitation.CONTINGENCY_PLAN,
    Citation.DATA_BACKUP,
    Citation.DISASTER_RECOVERY,
    ResponseCitation.TESTING_AND_REVISION,
  ],
  severity: 'error',
  resourceTypes: ['AWS::Backup::BackupPlan'],
  rationale:
    'A recovery point deleted after a few days cannot restore ePHI lost to a problem noticed later, and a backup that is never restored is not known to work: the contingency plan needs both retention and tested restores.',
  fix: `Use ResilientBackup (or give every rule and copy action Lifecycle.DeleteAfterDays ≥ ${RETENTION_FLOORS.dailyDays} and add an AWS::Backup::RestoreTestingPlan including the plan's vault).`,
  strongerWhen: { 'Properties.BackupPlan.BackupPlanRule[].Lifecycle.DeleteAfterDays': 'higher' },
  check: (view, set) => {
    const rules = view.values('BackupPlan.BackupPlanRule[]');
    view.values('BackupPlan.BackupPlanRule[].Lifecycle.DeleteAfterDays');
    const problems: Problem[] = [];
    if (rules.length === 0)
      problems.push(
        fail('BackupPlan.BackupPlanRule', 'BackupPlan.BackupPlanRule must hold at least one rule'),
      );
    rules.forEach((rule, i) => {
      const path = `BackupPlan.BackupPlanRule[${i}]`;
      if (!isObject(rule)) {
        problems.push(unverified(path, rule, 'a backup rule'));
        return;
      }
      problems.push(...lifecycleProblems(`${path}.Lifecycle`, rule.Lifecycle));
      for (const [j, copy] of asList(rule.CopyActions).entries()) {
        const copyPath = `${path}.CopyActions[${j}].Lifecycle`;
        problems.push(...lifecycleProblems(copyPath, isObject(copy) ? copy.Lifecycle : copy));
      }
      const vault = set.target(rule.TargetBackupVault);
      const tested = restoreTested(vault, set);
      view.note(`${path}.restoreTested`, tested);
      if (!tested)
        problems.push(untestedProblem(`${path}.TargetBackupVault`, rule.TargetBackupVault, vault, set));
    });
    return problems;
  },
};
