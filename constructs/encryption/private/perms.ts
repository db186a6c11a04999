/** KMS actions a reader of PHI needs: decrypt data keys and describe the key. */
export const KEY_DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'] as const;

/** KMS actions a writer of PHI needs: generate and re-encrypt data keys. */
export const KEY_ENCRYPT_ACTIONS = [
  'kms:Encrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
] as const;

/** KMS actions CloudWatch Logs needs to encrypt and read a log group. */
export const LOG_SERVICE_KEY_ACTIONS = [
  'kms:Encrypt*',
  'kms:Decrypt*',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:Describe*',
] as const;

/**
 * KMS actions of a key administrator: manage the key's configuration, policy, aliases, tags and life
 * cycle. `kms:CreateAlias` is named instead of `kms:Create*`, which would include `kms:CreateGrant` and so
 * let an administrator delegate use of the key to anyone, itself included.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
] as const;

/** KMS actions that use a symmetric key on data: what grantees receive through their IAM policies. */
export const KEY_USE_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
] as const;

/** KMS actions that delegate use of a key to an AWS service (RDS, EBS, AWS Backup) through a grant. */
export const KEY_GRANT_ACTIONS = ['kms:CreateGrant'] as const;

/**
 * KMS actions denied to key administrators: every use of the key on data, and creating grants (a grant
 * would hand the same use to a principal of the administrator's choosing).
 */
export const KEY_ADMINISTRATOR_DENIED_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:CreateGrant',
] as const;
