import {
  VAULT_LOCK_CHANGEABLE_DAYS,
  VAULT_LOCK_MIN_RETENTION_FLOOR_DAYS,
} from '../../../../constructs/backup/resilient-backup';
import { Citation } from '../../../../constructs/core/citations';
import { ResponseCitation } from '../../../../constructs/response/private/citations';
import { expectBetween, expectPresent, expectRetained, fail, type TemplateRule } from '../../template/rule';

/**
 * Every AWS Backup vault is encrypted with a customer-managed key, locked in compliance mode (Vault Lock
 * with a minimum retention of at least the daily rule's floor and a grace period within the bounds
 * ResilientBackup accepts) and retained on stack deletion. A vault created through ResilientBackup's
 * `withoutVaultLock` is acknowledged with its reason.
 */
export const BackupVaultProtection: TemplateRule = {
  id: 'BackupVaultProtection',
  citations: [
    ResponseCitation.CONTINGENCY_PLAN,
    Citation.DATA_BACKUP,
    Citation.DISASTER_RECOVERY,
    Citation.BACKUP_AND_STORAGE,
    Citation.INTEGRITY,
  ],
  severity: 'error',
  resourceTypes: ['AWS::Backup::BackupVault'],
  rationale:
    'Backups are the last copy of ePHI after ransomware or a bad deletion: the vault must be encrypted with a key the account controls, and locked so that no one, not even an administrator, can delete recovery points early or remove the vault with the stack.',
  fix: `Use ResilientBackup (or set EncryptionKeyArn, LockConfiguration with MinRetentionDays ≥ ${VAULT_LOCK_MIN_RETENTION_FLOOR_DAYS} and ChangeableForDays from ${VAULT_LOCK_CHANGEABLE_DAYS.min} to ${VAULT_LOCK_CHANGEABLE_DAYS.max}, and DeletionPolicy Retain).`,
  strongerWhen: { 'Properties.LockConfiguration.MinRetentionDays': 'higher' },
  check: (view) => {
    const lock = view.get('LockConfiguration');
    return [
      ...expectPresent(view, 'EncryptionKeyArn', 'a customer-managed KMS key encrypts the recovery points'),
      ...(lock === undefined
        ? [fail('LockConfiguration', 'LockConfiguration must be set: the vault has no Vault Lock')]
        : [
            ...expectBetween(view, 'LockConfiguration.MinRetentionDays', VAULT_LOCK_MIN_RETENTION_FLOOR_DAYS),
            // Without ChangeableForDays the lock is in governance mode: privileged users can remove it.
            ...expectBetween(
              view,
              'LockConfiguration.ChangeableForDays',
              VAULT_LOCK_CHANGEABLE_DAYS.min,
              VAULT_LOCK_CHANGEABLE_DAYS.max,
            ),
          ]),
      ...expectRetained(view),
    ];
  },
};
