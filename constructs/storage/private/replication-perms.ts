/**
 * What S3 replication needs, action by action, for the replication role of a {@link PhiBucket} and the
 * policies of a {@link PhiReplicaBucket}.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 */

/** On the source bucket: read the replication configuration and list the objects to replicate. */
export const REPLICATION_SOURCE_BUCKET_ACTIONS = ['s3:GetReplicationConfiguration', 's3:ListBucket'] as const;

/** On the source objects: read each version with its ACL and tags for replication. */
export const REPLICATION_SOURCE_OBJECT_ACTIONS = [
  's3:GetObjectVersionForReplication',
  's3:GetObjectVersionAcl',
  's3:GetObjectVersionTagging',
] as const;

/** On the source objects of an Object Lock bucket: read each version's retention and legal hold too. */
export const REPLICATION_SOURCE_OBJECT_LOCK_ACTIONS = [
  's3:GetObjectRetention',
  's3:GetObjectLegalHold',
] as const;

/** On the replica's objects: write replicas, delete markers and tags. */
export const REPLICATION_DESTINATION_ACTIONS = [
  's3:ReplicateObject',
  's3:ReplicateDelete',
  's3:ReplicateTags',
] as const;

/** On the replica's objects, cross-account only: hand replica ownership to the replica's account. */
export const REPLICATION_OWNER_OVERRIDE_ACTIONS = ['s3:ObjectOwnerOverrideToBucketOwner'] as const;

/** On the source key: decrypt source objects, through S3 only. */
export const REPLICATION_SOURCE_KEY_ACTIONS = ['kms:Decrypt'] as const;

/** On the replica key: encrypt replicas, through S3 only. */
export const REPLICATION_REPLICA_KEY_ACTIONS = ['kms:Encrypt'] as const;
