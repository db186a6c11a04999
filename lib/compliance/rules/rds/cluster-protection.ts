import { Citation } from '../../../../constructs/core/citations';
import { PHI_DATABASE_BACKUP_DAYS } from '../../../../constructs/storage/phi-database';
import {
  expectBetween,
  expectEqual,
  expectPresent,
  expectRetained,
  type TemplateRule,
} from '../../template/rule';

/**
 * Every Aurora/RDS cluster is encrypted with a customer-managed key, keeps 35 days of automated backups,
 * has deletion protection and IAM database authentication, and is retained (or snapshotted) on deletion.
 */
export const RdsClusterProtection: TemplateRule = {
  id: 'RdsClusterProtection',
  citations: [
    Citation.ENCRYPTION_AT_REST,
    Citation.DATA_BACKUP,
    Citation.DISASTER_RECOVERY,
    Citation.AUTHENTICATION,
  ],
  severity: 'error',
  resourceTypes: ['AWS::RDS::DBCluster'],
  rationale:
    'The cluster holds ePHI: it must be encrypted, restorable to any point of the last 35 days, protected against deletion, and reachable by IAM-authenticated users whose access is revocable centrally.',
  fix: `Use PhiDatabase (or set StorageEncrypted true with KmsKeyId, BackupRetentionPeriod ≥ ${PHI_DATABASE_BACKUP_DAYS}, DeletionProtection true, EnableIAMDatabaseAuthentication true and DeletionPolicy Retain or Snapshot).`,
  strongerWhen: { 'Properties.BackupRetentionPeriod': 'higher' },
  check: (view) => [
    ...expectEqual(view, 'StorageEncrypted', true),
    ...expectPresent(view, 'KmsKeyId', 'a customer-managed KMS key encrypts the cluster'),
    ...expectBetween(view, 'BackupRetentionPeriod', PHI_DATABASE_BACKUP_DAYS, 35),
    ...expectEqual(view, 'DeletionProtection', true),
    ...expectEqual(view, 'EnableIAMDatabaseAuthentication', true),
    ...expectRetained(view, true),
  ],
};
