import type { TemplateRule } from '../template/rule';
import { BackupAirGappedVault } from './backup/air-gapped-copy';
import { BackupCopyOffsite } from './backup/copy-offsite';
import { BackupPlanRetention } from './backup/plan-retention';
import { BackupVaultProtection } from './backup/vault-protection';
import { PatchBaselineDeadlines } from './ssm/patch-baseline-deadlines';
import { PatchInstallScheduled } from './ssm/patch-install-scheduled';

/** The patching and backup template evidence rules, in report order. */
export const RESILIENCE_RULES: readonly TemplateRule[] = [
  PatchBaselineDeadlines,
  PatchInstallScheduled,
  BackupVaultProtection,
  BackupPlanRetention,
  BackupCopyOffsite,
  BackupAirGappedVault,
];
