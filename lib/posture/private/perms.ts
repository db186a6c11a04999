/**
 * Network-interface actions a Lambda function in a VPC needs (what AWSLambdaVPCAccessExecutionRole grants).
 * Lambda creates and deletes the interfaces itself; these APIs take no resource-level restriction, so
 * they need `Resource: '*'`.
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

/** Writing posture evidence objects (never reading, listing or deleting them). */
export const EVIDENCE_WRITE_ACTIONS = ['s3:PutObject'] as const;

/** Reading the intended (synthesized) report the collector compares with. */
export const INTENDED_READ_ACTIONS = ['s3:GetObject'] as const;

/** Encrypting new objects and messages with a customer-managed key. */
export const KEY_ENCRYPT_ACTIONS = ['kms:GenerateDataKey'] as const;

/** Decrypting with a customer-managed key (environment, queue, intended report). */
export const KEY_DECRYPT_ACTIONS = ['kms:Decrypt'] as const;
