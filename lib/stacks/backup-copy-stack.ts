import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { BackupCopyVault } from '../../constructs/backup/backup-copy-vault';

/** Properties of a {@link BackupCopyStack}. */
export interface BackupCopyStackProps extends StackProps {
  /** The copy vault's name, which the resilience stack's backup plan names in its copy actions. */
  readonly backupVaultName: string;
}

/**
 * The second-Region half of the reference app's backups: a locked, customer-key-encrypted vault that
 * receives a copy of every recovery point of the resilience stack's plan, so a Regional outage or a
 * compromised primary Region still leaves a restorable copy (164.308(a)(7)(ii)(B)). Deploy it before the
 * resilience stack (the app declares the dependency).
 */
export class BackupCopyStack extends Stack {
  /** The copy vault. */
  public readonly copies: BackupCopyVault;

  constructor(scope: Construct, id: string, props: BackupCopyStackProps) {
    const { backupVaultName, ...stackProps } = props;
    super(scope, id, stackProps);
    this.copies = new BackupCopyVault(this, 'PhiCopies', { backupVaultName });
  }
}
