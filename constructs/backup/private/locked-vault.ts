import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { VaultLockSettings } from '../resilient-backup';
import { VAULT_LOCK_DEFAULTS } from './backup-validation';

/**
 * A backup vault encrypted with `encryptionKey`, retained on stack deletion, whose access policy denies
 * deleting recovery points, and, unless `lock` is `undefined`, locked in compliance mode (defaults
 * {@link VAULT_LOCK_DEFAULTS}). Shared by the source vault of a ResilientBackup and its copy vaults so
 * the two cannot drift apart (164.308(a)(7)(ii)(A), 164.312(c)(1)).
 */
export function createLockedVault(
  scope: Construct,
  id: string,
  encryptionKey: kms.IKey,
  lock: VaultLockSettings | undefined,
  backupVaultName?: string,
): backup.BackupVault {
  const settings = lock && { ...VAULT_LOCK_DEFAULTS, ...lock };
  return new backup.BackupVault(scope, id, {
    backupVaultName,
    encryptionKey,
    removalPolicy: RemovalPolicy.RETAIN,
    blockRecoveryPointDeletion: true,
    lockConfiguration: settings && {
      minRetention: Duration.days(settings.minRetentionDays),
      maxRetention: Duration.days(settings.maxRetentionDays),
      changeableFor: Duration.days(settings.changeableForDays),
    },
  });
}
