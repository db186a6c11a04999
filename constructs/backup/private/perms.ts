/** AWS-managed policies AWS Backup needs to back up every supported service, S3 included. */
export const BACKUP_MANAGED_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'AWSBackupServiceRolePolicyForS3Backup',
] as const;

/** AWS-managed policies AWS Backup needs to restore every supported service, S3 included. */
export const RESTORE_MANAGED_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'AWSBackupServiceRolePolicyForS3Restore',
] as const;

/** Key actions AWS Backup needs on the vault key and the restore-testing key. */
export const BACKUP_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
] as const;

/** Lets AWS Backup hand the key to the services it restores into (only for AWS resources). */
export const BACKUP_KEY_GRANT_ACTIONS = ['kms:CreateGrant'] as const;
