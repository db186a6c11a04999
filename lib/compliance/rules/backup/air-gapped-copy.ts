import { Citation } from '../../../../constructs/core/citations';
import { ResponseCitation } from '../../../../constructs/response/private/citations';
import { asNumber, fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import type { TemplateResource } from '../../template/template-set';
import { type PlanCopy, planRuleCopies } from './private/plan-copies';

const LAG_VAULT = 'AWS::Backup::LogicallyAirGappedBackupVault';

/** Why a copy into `vault` would be refused: its retention outside the vault's bounds. */
function retentionProblem(copy: PlanCopy, vault: TemplateResource): Problem | undefined {
  const days = asNumber(copy.deleteAfterDays);
  const min = asNumber(vault.properties.MinRetentionDays);
  const max = asNumber(vault.properties.MaxRetentionDays);
  if (days === undefined || min === undefined || max === undefined)
    return unverified(
      `${copy.path}.Lifecycle.DeleteAfterDays`,
      copy.deleteAfterDays,
      `a number within the retention bounds of ${vault.label}`,
    );
  if (days >= min && days <= max) return undefined;
  return fail(
    `${copy.path}.Lifecycle.DeleteAfterDays`,
    `${copy.path} keeps copies ${days} days, outside the ${min} to ${max} days ${vault.label} accepts: AWS Backup refuses the copy`,
  );
}

/**
 * Every rule of every AWS Backup plan copies its recovery points to a logically air-gapped vault of
 * the assembly (kept in an AWS-owned account, locked in compliance mode from creation), with a
 * retention the vault accepts. A plan of ResilientBackup's `withoutAirGappedCopy`, or one copying to
 * a vault of another account through `airGappedCopy`, is acknowledged with its reason.
 */
export const BackupAirGappedVault: TemplateRule = {
  id: 'BackupAirGappedVault',
  citations: [ResponseCitation.CONTINGENCY_PLAN, Citation.DATA_BACKUP, Citation.INTEGRITY],
  severity: 'error',
  resourceTypes: ['AWS::Backup::BackupPlan'],
  rationale:
    "Whoever holds the account's administrators can change access policies and keys of its own vaults; a logically air-gapped vault keeps a locked copy of every recovery point outside the account's control, the copy that survives ransomware.",
  fix: "Use ResilientBackup (it creates an AWS::Backup::LogicallyAirGappedBackupVault, or copies to the backup account's through airGappedCopy), or add to every BackupPlanRule a CopyActions entry targeting such a vault with Lifecycle.DeleteAfterDays within its MinRetentionDays and MaxRetentionDays.",
  check: (view, set) => {
    const { rules, problems } = planRuleCopies(view);
    const result: Problem[] = [...problems];
    for (const rule of rules) {
      const airGapped = rule.copies
        .map((copy) => ({ copy, vault: set.target(copy.destination) }))
        .filter((c): c is { copy: PlanCopy; vault: TemplateResource } => c.vault?.type === LAG_VAULT);
      view.note(`${rule.path}.airGappedCopies`, airGapped.length);
      if (airGapped.length === 0) {
        result.push(
          fail(
            `${rule.path}.CopyActions`,
            `${rule.path} copies to no ${LAG_VAULT} of the assembly: every copy stays under the account's control`,
          ),
        );
        continue;
      }
      const refused = airGapped.map((c) => retentionProblem(c.copy, c.vault));
      if (refused.some((p) => p === undefined)) continue;
      result.push(...refused.filter((p): p is Problem => p !== undefined));
    }
    return result;
  },
};
