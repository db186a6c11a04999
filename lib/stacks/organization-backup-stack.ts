import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { BackupAccountVault } from '../../constructs/backup/backup-account-vault';

/** Properties of an {@link OrganizationBackupStack}. */
export interface OrganizationBackupStackProps extends StackProps {
  /** The organization whose member accounts copy into the vault. */
  readonly organizationId: string;
  /**
   * The vault's name, the same in every Region.
   *
   * @default ORGANIZATION_BACKUP_VAULT_NAME ('hipaa-organization-air-gapped')
   */
  readonly backupVaultName?: string;
}

/**
 * The organization backup account in one Region: the logically air-gapped vault every member account
 * of that Region copies its recovery points into (164.308(a)(7)(ii)(A), 164.312(c)(1)). Deploy one per
 * member Region, with `env` set to the backup account and the Region; the account must be bootstrapped
 * to trust the deploying account.
 */
export class OrganizationBackupStack extends Stack {
  /** The vault members copy into. */
  public readonly vault: BackupAccountVault;

  constructor(scope: Construct, id: string, props: OrganizationBackupStackProps) {
    const { organizationId, backupVaultName, ...stackProps } = props;
    super(scope, id, {
      description:
        'cdk-hipaa-baseline: organization backup account, logically air-gapped copies of every member recovery point (HIPAA 164.308(a)(7)(ii)(A), 164.312(c)(1))',
      ...stackProps,
    });
    this.vault = new BackupAccountVault(this, 'AirGappedVault', { organizationId, backupVaultName });
  }
}
