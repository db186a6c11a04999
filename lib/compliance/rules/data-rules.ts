import type { TemplateRule } from '../template/rule';
import { DynamoDbTableRecovery } from './dynamodb/table-recovery';
import { KmsKeyAdminSeparation } from './kms/key-admin-separation';
import { KmsKeyRotation } from './kms/key-rotation';
import { LogGroupRetention } from './logs/log-group-retention';
import { RdsAuroraActivityAuditing } from './rds/aurora-activity-auditing';
import { RdsClusterProtection } from './rds/cluster-protection';
import { AuditBucketObjectLock } from './s3/audit-bucket-object-lock';
import { S3BucketEncryption } from './s3/bucket-encryption';
import { S3PublicAccessBlock } from './s3/bucket-public-access-block';
import { S3TlsOnlyPolicy } from './s3/bucket-tls-only-policy';
import { S3BucketVersioning } from './s3/bucket-versioning';
import { S3PhiBucketAccessLogging } from './s3/phi-bucket-access-logging';
import { S3PhiReplication } from './s3/phi-bucket-replication';
import { SnsTopicEncryption } from './sns/topic-encryption';
import { SqsQueueEncryption } from './sqs/queue-encryption';

/** The data-store template evidence rules, in report order. */
export const DATA_RULES: readonly TemplateRule[] = [
  S3BucketVersioning,
  S3PublicAccessBlock,
  S3BucketEncryption,
  S3PhiBucketAccessLogging,
  S3PhiReplication,
  S3TlsOnlyPolicy,
  AuditBucketObjectLock,
  DynamoDbTableRecovery,
  RdsClusterProtection,
  RdsAuroraActivityAuditing,
  KmsKeyRotation,
  KmsKeyAdminSeparation,
  LogGroupRetention,
  SnsTopicEncryption,
  SqsQueueEncryption,
];
