import type * as backup from 'aws-cdk-lib/aws-backup';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { dataDomainFromId } from '../core/naming';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { VAULT_LOCK_CHANGEABLE_DAYS, VAULT_LOCK_MIN_RETENTION_FLOOR_DAYS } from './private/backup-validation';
import { createLockedVault } from './private/locked-vault';
import type { VaultLockSettings } from './resilient-backup';

/** Backup vault names: 2 to 50 letters, digits, hyphens, underscores and periods. */
const VAULT_NAME = /^[A-Za-z0-9_.-]{2,50}$/;

/** Properties of a {@link BackupCopyVault}. */
export interface BackupCopyVaultProps {
  /**
   * The vault's name, fixed so that the source Region's `ResilientBackup` can name the vault's ARN
   * (`arn:<partition>:backup:<region>:<account>:backup-vault:<name>`) without a cross-Region reference.
   */
  readonly backupVaultName: string;
  /**
   * The key that encrypts the copies.
   *
   * @default - a new {@link PhiKey} of this Region, domain `copy-<id>` (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: PhiKey | kms.IKey;
  /**
   * Vault Lock in compliance mode; same bounds as the source vault's (see `VaultLockSettings`).
   *
   * @default - min 35 days, max 2558 days, 3-day grace period (164.312(c)(1))
   */
  readonly vaultLock?: VaultLockSettings;
}

/**
 * The destination of a `ResilientBackup`'s cross-Region copies (`copyTo`), to deploy in a second-Region
 * stack: a vault encrypted with a customer-managed key of that Region, locked in compliance mode,
 * retained on stack deletion, whose access policy denies deleting recovery points — the same protection
 * as the source vault, so a Regional outage or a compromised source Region leaves a locked copy
 * (164.308(a)(7)(ii)(B) disaster recovery, 164.312(c)(1) integrity).
 */
export class BackupCopyVault extends Construct {
  /** The vault. */
  public readonly vault: backup.BackupVault;
  /** The key that encrypts the copies. */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: BackupCopyVaultProps) {
    const check = new PropsCheck(scope, id);
    check.matches(
      'backupVaultName',
      props.backupVaultName,
      VAULT_NAME,
      'a literal vault name of 2 to 50 letters, digits, hyphens, underscores or periods',
      Citation.DISASTER_RECOVERY,
    );
    const lock = props.vaultLock;
    check.integerInRange(
      'vaultLock.minRetentionDays',
      lock?.minRetentionDays,
      VAULT_LOCK_MIN_RETENTION_FLOOR_DAYS,
      36500,
      Citation.INTEGRITY,
    );
    check.integerInRange('vaultLock.maxRetentionDays', lock?.maxRetentionDays, 1, 36500, Citation.INTEGRITY);
    check.integerInRange(
      'vaultLock.changeableForDays',
      lock?.changeableForDays,
      VAULT_LOCK_CHANGEABLE_DAYS.min,
      VAULT_LOCK_CHANGEABLE_DAYS.max,
      `${Citation.DATA_BACKUP}, ${Citation.INTEGRITY}`,
    );
    check.throwIfInvalid();
    super(scope, id);
    this.encryptionKey =
      props.encryptionKey === undefined
        ? new PhiKey(this, 'Key', { dataDomain: dataDomainFromId(this, 'copy-') }).key
        : PhiKey.keyFor(this, props.encryptionKey);
    this.vault = createLockedVault(this, 'Vault', this.encryptionKey, lock ?? {}, props.backupVaultName);
  }

  /** The vault's ARN, for `ResilientBackup`'s `copyTo.destinationVaultArn`. */
  public get vaultArn(): string {
    return this.vault.backupVaultArn;
  }
}
