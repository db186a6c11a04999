import type { Resolved } from '../template/resolve';
import { isSpecial, type TemplateSet, valuesAt } from '../template/template-set';
import type { AssetRow, ReadinessStatus } from './inventory-model';

/** A scorer's verdict on one proposed requirement. */
export interface Verdict {
  readonly status: ReadinessStatus;
  readonly reason: string;
}

type Props = { readonly [key: string]: Resolved };
const asProps = (v: Resolved | undefined): Props =>
  v && typeof v === 'object' && !Array.isArray(v) && !isSpecial(v) ? (v as Props) : {};

/** The restore testing resource type each PHI store type is tested under. */
const RESTORE_TEST_TYPE: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'S3',
  'AWS::DynamoDB::Table': 'DynamoDB',
  'AWS::RDS::DBCluster': 'Aurora',
  'AWS::RDS::DBInstance': 'RDS',
  'AWS::EFS::FileSystem': 'EFS',
};

/** Restore testing (AWS::Backup::RestoreTestingPlan) covering every type of PHI store the app has. */
export function scoreRestoreTesting(set: TemplateSet, assets: readonly AssetRow[]): Verdict {
  const plans = set.ofType('AWS::Backup::RestoreTestingPlan');
  if (plans.length === 0)
    return { status: 'not-ready', reason: 'No AWS::Backup::RestoreTestingPlan: no restore is ever tested.' };
  const tested = new Set(
    set.ofType('AWS::Backup::RestoreTestingSelection').map((s) => String(s.properties.ProtectedResourceType)),
  );
  const needed = new Set(
    assets
      .filter((a) => a.classification === 'PHI' && RESTORE_TEST_TYPE[a.type])
      .map((a) => RESTORE_TEST_TYPE[a.type] as string),
  );
  const untested = [...needed].filter((t) => !tested.has(t));
  if (untested.length > 0) {
    return {
      status: 'partial',
      reason: `${plans.length} restore testing plan(s), but no restore testing selection for PHI ${untested.join(', ')} resources. The time each restore took is not measured at synth.`,
    };
  }
  return {
    status: 'ready',
    reason: `${plans.length} restore testing plan(s) test restores of ${[...tested].sort().join(', ') || 'no resource type'}; compare each restore job's duration with the 72-hour objective in posture.`,
  };
}

/**
 * Where a copy action sends recovery points: `separate` for a logically air-gapped vault of the app or a
 * vault ARN naming a literal account (another account); `same-account` for a vault of the app or an ARN
 * built from `AWS::AccountId` (another Region, same account's controls).
 */
function copyDestination(set: TemplateSet, destination: Resolved): 'separate' | 'same-account' {
  const vault = set.target(destination);
  if (vault) return vault.type === 'AWS::Backup::LogicallyAirGappedBackupVault' ? 'separate' : 'same-account';
  const text = typeof destination === 'string' ? destination : String(destination);
  return /:backup:[^:]*:\d{12}:/.test(text) ? 'separate' : 'same-account';
}

/** Every backup plan copies to a logically air-gapped vault or a vault in another account. */
export function scoreBackupSeparation(set: TemplateSet): Verdict {
  const plans = set.ofType('AWS::Backup::BackupPlan');
  if (plans.length === 0) return { status: 'not-ready', reason: 'No AWS::Backup::BackupPlan in the app.' };
  let separatePlans = 0;
  let sameAccount = 0;
  for (const plan of plans) {
    const kinds = valuesAt(
      plan.properties,
      'BackupPlan.BackupPlanRule[].CopyActions[].DestinationBackupVaultArn',
    ).map((d) => copyDestination(set, d));
    if (kinds.includes('separate')) separatePlans += 1;
    sameAccount += kinds.filter((k) => k === 'same-account').length;
  }
  const also = sameAccount > 0 ? ` (and ${sameAccount} copy action(s) to vaults of the same account)` : '';
  if (separatePlans === plans.length) {
    return {
      status: 'ready',
      reason: `Every backup plan (${plans.length}) copies to a logically air-gapped vault or a vault in another account${also}.`,
    };
  }
  if (separatePlans > 0 || sameAccount > 0) {
    return {
      status: 'partial',
      reason: `${plans.length - separatePlans} of ${plans.length} backup plan(s) copy only within the account's own controls${also}: copy to a logically air-gapped vault in a backup account.`,
    };
  }
  return {
    status: 'not-ready',
    reason: `${plans.length} backup plan(s) with no copy action: every recovery point sits behind the same controls as the data.`,
  };
}

/** Severities of the patch baselines' approval rules, as the proposal's risk levels. */
// Ubuntu baselines rate by PRIORITY: Required is the critical tier, Important the high one.
const CRITICAL = /^(critical|required)$/i;
const HIGH = /^(important|high)$/i;

/** Patch baselines approving critical patches within 15 days and high within 30 (ApproveAfterDays). */
export function scorePatchDeadlines(set: TemplateSet): Verdict {
  const baselines = set.ofType('AWS::SSM::PatchBaseline');
  if (baselines.length === 0)
    return { status: 'not-ready', reason: 'No AWS::SSM::PatchBaseline: no patch deadline is set.' };
  const late: string[] = [];
  const uncovered: string[] = [];
  for (const baseline of baselines) {
    let critical = false;
    let high = false;
    for (const rule of valuesAt(baseline.properties, 'ApprovalRules.PatchRules[]').map(asProps)) {
      const values = valuesAt(rule, 'PatchFilterGroup.PatchFilters[]')
        .map(asProps)
        .filter((f) => /SEVERITY|CLASSIFICATION|PRIORITY/.test(String(f.Key)))
        .flatMap((f) => valuesAt(f, 'Values[]').map(String));
      // Without ApproveAfterDays or ApproveUntilDate (Ubuntu baselines) patches are approved on release.
      const days = rule.ApproveAfterDays ?? (rule.ApproveUntilDate === undefined ? 0 : undefined);
      const name = `${baseline.stackName}/${baseline.logicalId}`;
      if (values.some((v) => CRITICAL.test(v))) {
        critical = true;
        if (typeof days !== 'number' || days > 15)
          late.push(`${name} approves critical after ${String(days ?? 'a fixed date')} days`);
      }
      if (values.some((v) => HIGH.test(v))) {
        high = true;
        if (typeof days !== 'number' || days > 30)
          late.push(`${name} approves high after ${String(days ?? 'a fixed date')} days`);
      }
    }
    if (!critical || !high) uncovered.push(`${baseline.stackName}/${baseline.logicalId}`);
  }
  if (late.length > 0) return { status: 'not-ready', reason: `${late.join('; ')} (at most 15 and 30).` };
  if (uncovered.length > 0) {
    return {
      status: 'partial',
      reason: `${uncovered.length} of ${baselines.length} patch baseline(s) have no rule by critical and high severity: ${uncovered.join(', ')}.`,
    };
  }
  return {
    status: 'ready',
    reason: `${baselines.length} patch baseline(s) approve critical patches within 15 days and high within 30; posture reports instances past them.`,
  };
}

/** Continuous scanning: Amazon Inspector turned on, or ECR scan on push. */
export function scoreScanCadence(set: TemplateSet, orgControls: readonly string[]): Verdict {
  const enhanced = set
    .ofType('AWS::ECR::RegistryScanningConfiguration')
    .some((r) => r.properties.ScanType === 'ENHANCED');
  const inspector =
    enhanced ||
    set.resources.some((r) => r.type.startsWith('AWS::InspectorV2::')) ||
    set.ofType('Custom::AWS').some((r) => /inspector2/i.test(JSON.stringify(r.json.Properties ?? {}))) ||
    orgControls.some((c) => /inspector/i.test(c));
  if (inspector) {
    return {
      status: 'ready',
      reason: 'Amazon Inspector scans continuously (more often than every 6 months).',
    };
  }
  const onPush = set
    .ofType('AWS::ECR::Repository')
    .filter((r) => asProps(r.properties.ImageScanningConfiguration).ScanOnPush === true);
  if (onPush.length > 0) {
    return {
      status: 'partial',
      reason: `${onPush.length} ECR repositories scan images on push, but Amazon Inspector is not turned on for instances and functions.`,
    };
  }
  return {
    status: 'not-ready',
    reason: 'Neither Amazon Inspector nor ECR scan on push is turned on in this app.',
  };
}

/** Cognito user pools requiring MFA (MfaConfiguration ON), for the MFA score. */
export function userPoolsWithoutMfa(set: TemplateSet): { pools: number; withoutMfa: string[] } {
  const pools = set.ofType('AWS::Cognito::UserPool');
  return {
    pools: pools.length,
    withoutMfa: pools
      .filter((p) => p.properties.MfaConfiguration !== 'ON')
      .map((p) => `${p.stackName}/${p.logicalId}`),
  };
}
