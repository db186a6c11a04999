/**
 * IAM and key-policy action lists of the detection constructs, one constant per purpose. Each list is
 * what the AWS documentation cited beside it asks for, and nothing more.
 */

/** What GuardDuty needs on its findings bucket to export findings. */
export const GUARDDUTY_EXPORT_BUCKET_ACTIONS = ['s3:GetBucketLocation'] as const;
/** What GuardDuty needs on the objects of its findings bucket. */
export const GUARDDUTY_EXPORT_OBJECT_ACTIONS = ['s3:PutObject'] as const;
/** What GuardDuty needs on the key that encrypts exported findings. */
export const GUARDDUTY_EXPORT_KEY_ACTIONS = ['kms:GenerateDataKey'] as const;

/**
 * What a GuardDuty Malware Protection for S3 plan needs, by purpose.
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/malware-protection-s3-iam-policy-prerequisite.html
 */
export const MALWARE_SCAN_RULE_MANAGE_ACTIONS = [
  'events:PutRule',
  'events:DeleteRule',
  'events:PutTargets',
  'events:RemoveTargets',
] as const;
/** Reads of the managed EventBridge rule of a malware protection plan. */
export const MALWARE_SCAN_RULE_READ_ACTIONS = ['events:DescribeRule', 'events:ListTargetsByRule'] as const;
/** Tagging of scanned objects with the scan result. */
export const MALWARE_SCAN_TAG_ACTIONS = [
  's3:PutObjectTagging',
  's3:GetObjectTagging',
  's3:PutObjectVersionTagging',
  's3:GetObjectVersionTagging',
] as const;
/** Turning on the bucket's EventBridge notifications. */
export const MALWARE_SCAN_NOTIFICATION_ACTIONS = [
  's3:PutBucketNotification',
  's3:GetBucketNotification',
] as const;
/** Writing the validation object GuardDuty uses to check the plan. */
export const MALWARE_SCAN_VALIDATION_ACTIONS = ['s3:PutObject'] as const;
/** Checking that the bucket belongs to the account. */
export const MALWARE_SCAN_OWNERSHIP_ACTIONS = ['s3:ListBucket'] as const;
/** Reading objects to scan them. */
export const MALWARE_SCAN_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'] as const;
/** Decrypting SSE-KMS objects to scan them, through S3 only. */
export const MALWARE_SCAN_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/**
 * What AWS Config needs on its delivery bucket (service principal, conditioned on the account).
 *
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
 */
export const CONFIG_BUCKET_CHECK_ACTIONS = ['s3:GetBucketAcl', 's3:ListBucket'] as const;
/** What AWS Config needs to deliver configuration snapshots and history. */
export const CONFIG_DELIVERY_ACTIONS = ['s3:PutObject'] as const;
/** What AWS Config needs on the key of its delivery bucket. */
export const CONFIG_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

/**
 * What CloudTrail needs on the key that encrypts log files.
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
export const TRAIL_KEY_ENCRYPT_ACTIONS = ['kms:GenerateDataKey*'] as const;
/** CloudTrail checks the key exists and is symmetric. */
export const TRAIL_KEY_DESCRIBE_ACTIONS = ['kms:DescribeKey'] as const;
/** What CloudTrail needs to deliver events to its CloudWatch Logs log group. */
export const TRAIL_LOG_DELIVERY_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/**
 * What CloudWatch alarms need on the key of an SSE-KMS SNS topic to publish to it.
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
 */
export const ALARM_TOPIC_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'] as const;

/** Turning on Amazon Inspector (the API has no resource-level permissions). */
export const INSPECTOR_ENABLE_ACTIONS = ['inspector2:Enable'] as const;
/** Creating a service-linked role, conditioned on the service it belongs to. */
export const CREATE_SERVICE_LINKED_ROLE_ACTIONS = ['iam:CreateServiceLinkedRole'] as const;
/** Creating and cancelling Macie sensitive-data discovery jobs. */
export const MACIE_JOB_ACTIONS = [
  'macie2:CreateClassificationJob',
  'macie2:UpdateClassificationJob',
] as const;
/** Setting the account's alternate contacts. */
export const ALTERNATE_CONTACT_ACTIONS = ['account:PutAlternateContact'] as const;
/** The key action the Macie service-linked role needs to read SSE-KMS objects. */
export const MACIE_KEY_ACTIONS = ['kms:Decrypt'] as const;
