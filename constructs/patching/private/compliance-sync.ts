import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { Citation } from '../../core/citations';
import { DATA_SYNC_KEY_ACTIONS } from './perms';

/** Key prefix of the resource data sync in the evidence bucket. */
export const DATA_SYNC_PREFIX = 'compliance-sync';

/** Where a compliance sync writes. */
export interface ComplianceSyncOptions {
  readonly syncName: string;
  readonly bucket: s3.IBucket;
  readonly key: kms.IKey;
}

/**
 * A resource data sync that exports compliance (and inventory) data as JSON to `bucket`, encrypted with
 * `key`, plus the bucket and key policy statements that let Systems Manager write for this sync only.
 * When the bucket or key is imported, its policy cannot be changed here: a warning says what to add.
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/inventory-create-resource-data-sync.html
 */
export function createComplianceSync(
  scope: Construct,
  options: ComplianceSyncOptions,
): ssm.CfnResourceDataSync {
  const stack = Stack.of(scope);
  const sync = new ssm.CfnResourceDataSync(scope, 'ComplianceSync', {
    syncName: options.syncName,
    syncType: 'SyncToDestination',
    s3Destination: {
      bucketName: options.bucket.bucketName,
      bucketRegion: stack.region,
      bucketPrefix: DATA_SYNC_PREFIX,
      syncFormat: 'JsonSerDe',
      kmsKeyArn: options.key.keyArn,
    },
  });

  const service = new iam.ServicePrincipal('ssm.amazonaws.com');
  const syncArn = stack.formatArn({
    service: 'ssm',
    resource: 'resource-data-sync',
    resourceName: options.syncName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  const fromThisSync = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': syncArn },
  };
  const bucketStatements = [
    new iam.PolicyStatement({
      sid: 'SsmDataSyncBucketCheck',
      principals: [service],
      actions: ['s3:GetBucketAcl'],
      resources: [options.bucket.bucketArn],
      conditions: fromThisSync,
    }),
    new iam.PolicyStatement({
      sid: 'SsmDataSyncDelivery',
      principals: [service],
      actions: ['s3:PutObject'],
      resources: [options.bucket.arnForObjects(`${DATA_SYNC_PREFIX}/*/accountid=${stack.account}/*`)],
      conditions: {
        ...fromThisSync,
        StringEquals: { ...fromThisSync.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
      },
    }),
  ];
  const bucketOk = bucketStatements
    .map((s) => options.bucket.addToResourcePolicy(s).statementAdded)
    .every(Boolean);
  const keyOk = options.key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'SsmDataSyncEncrypt',
      principals: [service],
      actions: [...DATA_SYNC_KEY_ACTIONS],
      resources: ['*'], // In a key policy, '*' is the key itself.
      conditions: fromThisSync,
    }),
    true,
  ).statementAdded;
  if (!bucketOk || !keyOk) {
    Annotations.of(scope).addWarningV2(
      'cdk-hipaa-baseline:evidence-policy-not-managed',
      `The policy of the imported evidence ${bucketOk ? 'key' : 'bucket'} cannot be changed by this app: let ssm.amazonaws.com write ${DATA_SYNC_PREFIX}/ for resource data sync ${options.syncName} (${Citation.AUDIT_CONTROLS}).`,
    );
  }
  return sync;
}
