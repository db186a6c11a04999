import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../../core/phi-classification';
import {
  PHI_DATABASE_DATA_ACTIONS,
  PHI_DYNAMODB_DATA_ACTIONS,
  PHI_KEY_DECRYPT_ACTIONS,
  PHI_S3_OBJECT_ACTIONS,
  PHI_SECRET_ACTIONS,
} from './perms';

/** What a PHI data-plane deny covers. */
export interface PhiDataPlaneDenyOptions {
  /** PHI buckets to deny by ARN, whatever their tags. */
  readonly buckets: readonly s3.IBucket[];
  /** PHI tables to deny by ARN, whatever their tags. */
  readonly tables: readonly dynamodb.ITable[];
  /** PHI keys to deny by ARN, whatever their tags. */
  readonly keys: readonly kms.IKey[];
  /**
   * A bucket whose objects, and whose key, the tag-based denies leave readable (the auditors'
   * compliance-evidence bucket, which may itself be tagged PHI).
   */
  readonly except?: s3.IBucket;
}

/**
 * Explicit denies on the PHI data plane, for principals that manage or inspect infrastructure but must
 * not read or write PHI. Two layers:
 *
 * 1. By tag `DataClassification=PHI` (what the PhiDataGuard aspect sets), through `aws:ResourceTag` where
 *    the service evaluates it for data-plane actions: DynamoDB items and streams, KMS keys and Secrets
 *    Manager secrets. S3 object actions are matched on the bucket tag (`aws:ResourceTag`, which S3
 *    evaluates only where bucket-tag ABAC applies) and on the object tag
 *    (`s3:ExistingObjectTag/DataClassification`, only for objects tagged individually).
 * 2. By ARN, for the buckets, tables and keys listed: this layer always applies, so list every PHI
 *    store you know of.
 *
 * `rds-db:connect` and the RDS Data API support no resource tags: they are denied on every resource.
 */
export function phiDataPlaneDenyStatements(options: PhiDataPlaneDenyOptions): iam.PolicyStatement[] {
  const tagged = { StringEquals: { [`aws:ResourceTag/${DATA_CLASSIFICATION_TAG}`]: PHI_CLASSIFICATION } };
  const objectTagged = {
    StringEquals: { [`s3:ExistingObjectTag/${DATA_CLASSIFICATION_TAG}`]: PHI_CLASSIFICATION },
  };
  const exceptObjects = options.except ? [options.except.arnForObjects('*')] : undefined;
  const exceptKey = options.except?.encryptionKey ? [options.except.encryptionKey.keyArn] : undefined;
  const deny = (
    sid: string,
    actions: readonly string[],
    resources: { resources?: string[]; notResources?: string[] },
    conditions?: Record<string, Record<string, string>>,
  ) =>
    new iam.PolicyStatement({
      sid,
      effect: iam.Effect.DENY,
      actions: [...actions],
      ...resources,
      conditions,
    });
  const anyBut = (except: string[] | undefined) => (except ? { notResources: except } : { resources: ['*'] });

  const statements = [
    deny('DenyPhiObjectsByBucketTag', PHI_S3_OBJECT_ACTIONS, anyBut(exceptObjects), tagged),
    deny('DenyPhiObjectsByObjectTag', PHI_S3_OBJECT_ACTIONS, anyBut(exceptObjects), objectTagged),
    deny('DenyPhiItemsByTableTag', PHI_DYNAMODB_DATA_ACTIONS, { resources: ['*'] }, tagged),
    deny('DenyPhiSecretsByTag', PHI_SECRET_ACTIONS, { resources: ['*'] }, tagged),
    deny('DenyPhiKeyDecryptByTag', PHI_KEY_DECRYPT_ACTIONS, anyBut(exceptKey), tagged),
    deny('DenyDatabaseDataAccess', PHI_DATABASE_DATA_ACTIONS, { resources: ['*'] }),
  ];
  if (options.buckets.length > 0) {
    statements.push(
      deny('DenyListedPhiBuckets', PHI_S3_OBJECT_ACTIONS, {
        resources: options.buckets.map((b) => b.arnForObjects('*')),
      }),
    );
  }
  if (options.tables.length > 0) {
    statements.push(
      deny('DenyListedPhiTables', PHI_DYNAMODB_DATA_ACTIONS, {
        resources: options.tables.flatMap((t) => [t.tableArn, `${t.tableArn}/*`]),
      }),
    );
  }
  if (options.keys.length > 0) {
    statements.push(
      deny('DenyListedPhiKeys', PHI_KEY_DECRYPT_ACTIONS, { resources: options.keys.map((k) => k.keyArn) }),
    );
  }
  return statements;
}
