/**
 * IAM action lists of the incident-response constructs. No list holds a wildcard action; where an API
 * takes no resource-level restriction the statement that uses it says so.
 */

/** Actions a containment function needs to write its log group. */
export const LOG_WRITE_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/** X-Ray actions for active tracing; X-Ray has no resource-level permissions, so `Resource: '*'`. */
export const XRAY_WRITE_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'] as const;

/** Key actions a function needs for its encrypted environment and dead-letter queue. */
export const FUNCTION_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

/** Read-only EC2 call that finds an instance's VPC, security groups and volumes (no resource-level permissions). */
export const EC2_DESCRIBE_ACTIONS = ['ec2:DescribeInstances'] as const;

/** Replaces an instance's security groups with the quarantine group. */
export const EC2_ISOLATE_ACTIONS = ['ec2:ModifyInstanceAttribute'] as const;

/** Replaces the security groups of one network interface (the runbook handles multi-interface instances). */
export const EC2_INTERFACE_GROUP_ACTIONS = ['ec2:ModifyNetworkInterfaceAttribute'] as const;

/** Takes a forensic snapshot of a volume (checked on the volume and on the new snapshot). */
export const EC2_SNAPSHOT_ACTIONS = ['ec2:CreateSnapshot'] as const;

/** Tags an instance or a snapshot with the finding that quarantined it. */
export const EC2_TAG_ACTIONS = ['ec2:CreateTags'] as const;

/** Lists and deactivates an IAM user's access keys. */
export const IAM_ACCESS_KEY_ACTIONS = ['iam:ListAccessKeys', 'iam:UpdateAccessKey'] as const;

/** Reads and sets a bucket's Block Public Access configuration. */
export const S3_BLOCK_PUBLIC_ACCESS_ACTIONS = [
  's3:GetBucketPublicAccessBlock',
  's3:PutBucketPublicAccessBlock',
] as const;

/** Writes one audit record object to the evidence bucket. */
export const EVIDENCE_WRITE_ACTIONS = ['s3:PutObject'] as const;

/** Key actions needed to write an SSE-KMS object (a new data key per object). */
export const EVIDENCE_KEY_ACTIONS = ['kms:GenerateDataKey'] as const;

/** Adds the inline deny policy that revokes a role's sessions issued before now. */
export const IAM_REVOKE_SESSIONS_ACTIONS = ['iam:PutRolePolicy'] as const;

/** Starts a runbook from an EventBridge rule. */
export const START_AUTOMATION_ACTIONS = ['ssm:StartAutomationExecution'] as const;

/** Lets the EventBridge rule hand the runbook its automation role. */
export const PASS_ROLE_ACTIONS = ['iam:PassRole'] as const;

/** What AWS services that publish alarms and events need on an SNS topic's key. */
export const TOPIC_KEY_SERVICE_ACTIONS = ['kms:GenerateDataKey*', 'kms:Decrypt'] as const;
