/** Actions Default Host Management Configuration needs on its one service setting. */
export const DHMC_SETTING_ACTIONS = [
  'ssm:GetServiceSetting',
  'ssm:UpdateServiceSetting',
  'ssm:ResetServiceSetting',
] as const;

/** Actions the custom-resource provider needs to write its own log group. */
export const PROVIDER_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/** Key actions Systems Manager needs to write resource-data-sync objects encrypted with a CMK. */
export const DATA_SYNC_KEY_ACTIONS = ['kms:GenerateDataKey'] as const;

/** Actions an instance needs to stream Run Command output to the task log group. */
export const LOG_STREAM_ACTIONS = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'logs:DescribeLogStreams',
] as const;

/** Key actions an instance needs to upload task output to an SSE-KMS bucket (multipart included). */
export const OUTPUT_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;
