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
