/**
 * Network-interface actions a Lambda function in a VPC needs (what AWSLambdaVPCAccessExecutionRole
 * grants). Lambda creates and deletes the interfaces itself; these APIs take no resource-level
 * restriction that Lambda honours, so they need `Resource: '*'`.
 */
export const LAMBDA_VPC_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;

/** X-Ray actions for active tracing; X-Ray has no resource-level permissions, so `Resource: '*'`. */
export const XRAY_WRITE_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'] as const;

/** Actions a Lambda function needs to write its own log group. */
export const LOG_WRITE_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/** Account-level EBS encryption actions; EC2 defines no resource type for them, so `Resource: '*'`. */
export const EBS_DEFAULT_ENCRYPTION_ACTIONS = [
  'ec2:EnableEbsEncryptionByDefault',
  'ec2:GetEbsEncryptionByDefault',
  'ec2:ModifyEbsDefaultKmsKeyId',
  'ec2:ResetEbsDefaultKmsKeyId',
  'ec2:GetEbsDefaultKmsKeyId',
] as const;

/** Actions an instance needs to stream Session Manager transcripts to its log group. */
export const SESSION_LOG_ACTIONS = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'logs:DescribeLogStreams',
] as const;

/** Key actions for session data encryption and encrypted transcript delivery. */
export const SESSION_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;
