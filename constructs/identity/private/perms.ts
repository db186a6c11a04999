/**
 * IAM action lists of the identity constructs. Data, not logic: each list is used by exactly one policy
 * statement, and each comment says why the list holds what it holds.
 */

/**
 * Self-service actions on one's own IAM user that stay possible without MFA, so a new user can enrol an
 * MFA device and change a first password. Everything else is denied until MFA is present.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html
 */
export const OWN_USER_MFA_ACTIONS = [
  'iam:EnableMFADevice',
  'iam:GetMFADevice',
  'iam:ListMFADevices',
  'iam:ResyncMFADevice',
  'iam:GetUser',
  'iam:ChangePassword',
] as const;

/**
 * Creating a virtual MFA device. AWS's policy allows it on `mfa/*`: since IAM users may hold several MFA
 * devices with names of their choosing, a new device cannot be tied to its owner by name, and an
 * unassigned device grants nothing.
 */
export const OWN_VIRTUAL_MFA_ACTIONS = ['iam:CreateVirtualMFADevice'] as const;

/**
 * Removing one's own MFA device: allowed only while signed in with MFA, so a stolen password alone can
 * never strip the second factor. Not in {@link ALLOWED_WITHOUT_MFA_ACTIONS}.
 */
export const OWN_MFA_DEACTIVATION_ACTIONS = ['iam:DeactivateMFADevice'] as const;

/**
 * Self-service actions whose APIs have no resource-level permissions, so their statement must use
 * `Resource: '*'`. All three only read or return the caller's own data.
 */
export const ACCOUNT_LEVEL_MFA_ACTIONS = [
  'iam:ListVirtualMFADevices',
  'iam:GetAccountPasswordPolicy',
  'sts:GetSessionToken',
] as const;

/** Every action an IAM user may call before authenticating with MFA. */
export const ALLOWED_WITHOUT_MFA_ACTIONS = [
  ...OWN_VIRTUAL_MFA_ACTIONS,
  ...OWN_USER_MFA_ACTIONS,
  ...ACCOUNT_LEVEL_MFA_ACTIONS,
] as const;

/** The only permission of an access group: assume its role. */
export const ASSUME_ROLE_ACTIONS = ['sts:AssumeRole'] as const;

/**
 * S3 object reads and writes denied to developers on PHI. `GetObjectVersion` is listed because older
 * versions hold the same PHI as the current one.
 */
export const PHI_S3_OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'] as const;

/** DynamoDB item and stream reads and writes (the data plane), and exports that copy items out. */
export const PHI_DYNAMODB_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PartiQLSelect',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ExportTableToPointInTime',
] as const;

/**
 * Database logins with IAM authentication and RDS Data API statements. Neither supports
 * `aws:ResourceTag`, so developers are denied them on every resource.
 */
export const PHI_DATABASE_DATA_ACTIONS = [
  'rds-db:connect',
  'rds-data:ExecuteStatement',
  'rds-data:BatchExecuteStatement',
  'rds-data:ExecuteSql',
] as const;

/** Reading a PHI-tagged secret: a database password is a path to PHI. */
export const PHI_SECRET_ACTIONS = ['secretsmanager:GetSecretValue'] as const;

/**
 * Decrypting with a PHI key. `ReEncryptFrom` is listed because re-encrypting PHI ciphertext under a key
 * the caller controls is decryption by another name.
 */
export const PHI_KEY_DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom'] as const;

/** Reading the compliance-evidence bucket. */
export const EVIDENCE_BUCKET_READ_ACTIONS = ['s3:ListBucket', 's3:GetBucketLocation'] as const;
/** Reading objects in the compliance-evidence bucket. */
export const EVIDENCE_OBJECT_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'] as const;
/** Decrypting evidence encrypted with the bucket's key. */
export const EVIDENCE_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'] as const;

/** Setting the account password policy; the API has no resource-level permissions. */
export const UPDATE_PASSWORD_POLICY_ACTIONS = ['iam:UpdateAccountPasswordPolicy'] as const;

/** Writing a Lambda function's own log events to its log group. */
export const LAMBDA_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/** Turning off or blinding the CloudTrail audit trail (164.312(b)). */
export const BOUNDARY_DENIED_CLOUDTRAIL_ACTIONS = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
] as const;

/** Turning off GuardDuty threat detection or detaching the account from its administrator. */
export const BOUNDARY_DENIED_GUARDDUTY_ACTIONS = [
  'guardduty:DeleteDetector',
  'guardduty:DisassociateFromMasterAccount',
  'guardduty:DisassociateFromAdministratorAccount',
  'guardduty:UpdateDetector',
  'guardduty:DeletePublishingDestination',
] as const;

/** Turning off Security Hub or its standards, or detaching the account from its administrator. */
export const BOUNDARY_DENIED_SECURITYHUB_ACTIONS = [
  'securityhub:DisableSecurityHub',
  'securityhub:BatchDisableStandards',
  'securityhub:DisassociateFromMasterAccount',
  'securityhub:DisassociateFromAdministratorAccount',
] as const;

/** Stopping AWS Config recording or deleting its delivery and conformance packs. */
export const BOUNDARY_DENIED_CONFIG_ACTIONS = [
  'config:DeleteConfigurationRecorder',
  'config:StopConfigurationRecorder',
  'config:DeleteDeliveryChannel',
  'config:DeleteConformancePack',
] as const;

/** Making PHI keys unusable or stopping their rotation (164.312(a)(2)(iv)). */
export const BOUNDARY_DENIED_KMS_ACTIONS = [
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
] as const;

/** Creating principals or setting boundaries: allowed only with this boundary attached. */
export const BOUNDARY_CONDITIONAL_IAM_ACTIONS = [
  'iam:CreateRole',
  'iam:CreateUser',
  'iam:PutRolePermissionsBoundary',
  'iam:PutUserPermissionsBoundary',
] as const;

/** Removing a boundary from a principal. */
export const BOUNDARY_DENIED_REMOVAL_ACTIONS = [
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
] as const;

/** Changing or deleting the boundary policy itself. */
export const BOUNDARY_SELF_PROTECTION_ACTIONS = [
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:SetDefaultPolicyVersion',
] as const;
