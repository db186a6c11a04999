import { Citation } from '../../../../constructs/core/citations';
import { ResponseCitation } from '../../../../constructs/response/private/citations';
import type { Resolved } from '../../template/resolve';
import { fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { type ArnSegment, planRuleCopies, referencedStack, vaultArnPlace } from './private/plan-copies';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT = /^\d{12}$/;

/** How a copy destination relates to the plan's own Region and account. */
function placeOf(destination: Resolved | undefined, stackName: string): 'offsite' | 'same' | 'unknown' {
  const place = vaultArnPlace(destination);
  // A vault of the plan's own template is in its Region and account; another stack's may be anywhere.
  if (!place) return referencedStack(destination) === stackName ? 'same' : 'unknown';
  const named = (s: ArnSegment, pattern: RegExp) => 'literal' in s && pattern.test(s.literal);
  if (named(place.region, REGION) || named(place.account, ACCOUNT)) return 'offsite';
  const own = (s: ArnSegment, pseudo: string) => 'pseudo' in s && s.pseudo === pseudo;
  if (own(place.region, 'AWS::Region') && own(place.account, 'AWS::AccountId')) return 'same';
  return 'unknown';
}

/**
 * Every rule of every AWS Backup plan copies its recovery points to a vault in another Region or
 * account: a destination ARN that names a Region or an account explicitly. A vault of the same
 * template, or an ARN built from the stack's own `AWS::Region` and `AWS::AccountId`, is the same place.
 * That the named Region differs from the stack's is checked by ResilientBackup at synth (Region known)
 * or by its CloudFormation rule at deployment (environment-agnostic stack). A plan of ResilientBackup's
 * `withoutCrossRegionCopy` is acknowledged with its reason.
 */
export const BackupCopyOffsite: TemplateRule = {
  id: 'BackupCopyOffsite',
  citations: [ResponseCitation.CONTINGENCY_PLAN, Citation.DATA_BACKUP, Citation.DISASTER_RECOVERY],
  severity: 'error',
  resourceTypes: ['AWS::Backup::BackupPlan'],
  rationale:
    'Ransomware, a compromised account or a Regional outage can take a vault and its source together; a copy of every recovery point in another Region or account is what the disaster recovery plan restores from.',
  fix: 'Use ResilientBackup with copyTo (a BackupCopyVault in a second Region), or add to every BackupPlanRule a CopyActions entry whose DestinationBackupVaultArn names another Region or account.',
  check: (view) => {
    const { rules, problems } = planRuleCopies(view);
    const result: Problem[] = [...problems];
    for (const rule of rules) {
      const places = rule.copies.map((c) => ({
        copy: c,
        place: placeOf(c.destination, view.resource.stackName),
      }));
      view.note(`${rule.path}.offsiteCopies`, places.filter((p) => p.place === 'offsite').length);
      if (places.some((p) => p.place === 'offsite')) continue;
      const unknown = places.find((p) => p.place === 'unknown');
      if (unknown)
        result.push(
          unverified(
            `${unknown.copy.path}.DestinationBackupVaultArn`,
            unknown.copy.destination,
            'a vault ARN naming another Region or account',
          ),
        );
      else
        result.push(
          fail(
            `${rule.path}.CopyActions`,
            rule.copies.length === 0
              ? `${rule.path} has no CopyActions: its recovery points stay in one Region and account`
              : `${rule.path} copies only to vaults of its own Region and account`,
          ),
        );
    }
    return result;
  },
};
