import {
  GetPublicAccessBlockCommand,
  type PublicAccessBlockConfiguration,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { type AuditRecord, type AuditSink, auditHeader, describeError } from './audit-record';
import { auditSinkFor, failOnError, readSettings } from './environment';
import { type GuardDutyFindingEvent, isSampleFinding } from './finding';

/** The action name written in audit records. */
export const BLOCK_BUCKET_PUBLIC_ACCESS_ACTION = 'block-bucket-public-access';

/** All four Block Public Access settings on. */
export const BLOCK_ALL: Required<PublicAccessBlockConfiguration> = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/** What {@link blockBucketPublicAccess} needs. */
export interface BlockBucketPublicAccessDeps {
  readonly s3: S3Client;
  readonly audit: AuditSink;
  readonly dryRun: boolean;
  readonly now: () => Date;
}

/**
 * Turns on all four S3 Block Public Access settings of each bucket a GuardDuty S3 policy finding names,
 * after reading (and recording) the current settings. Bucket policies and ACLs are left as they are,
 * so the change can be reviewed and undone; Block Public Access overrides them.
 *
 * A dry run only reads the current settings. Skipped: sample findings, findings without a bucket, and
 * buckets already fully blocked.
 *
 * @returns one audit record per bucket, already written to the sink
 */
export async function blockBucketPublicAccess(
  event: GuardDutyFindingEvent,
  deps: BlockBucketPublicAccessDeps,
): Promise<AuditRecord[]> {
  const finding = event.detail;
  const buckets = (finding?.resource?.s3BucketDetails ?? []).flatMap((b) => (b.name ? [b.name] : []));
  const base = (target: string) =>
    auditHeader(event, {
      action: BLOCK_BUCKET_PUBLIC_ACCESS_ACTION,
      target,
      dryRun: deps.dryRun,
      now: deps.now,
    });
  const finish = async (record: AuditRecord) => {
    await deps.audit.write(record);
    return record;
  };
  if (isSampleFinding(finding)) {
    const reason = 'sample finding (drill): no action taken';
    return [await finish({ ...base(buckets.join(',') || 'none'), result: 'skipped', steps: [], reason })];
  }
  if (buckets.length === 0) {
    const reason = 'the finding names no S3 bucket';
    return [await finish({ ...base('none'), result: 'skipped', steps: [], reason })];
  }
  const records: AuditRecord[] = [];
  for (const bucket of buckets) {
    const steps: string[] = [];
    try {
      const current = await currentBlock(deps.s3, bucket);
      if (Object.values(current).every((on) => on)) {
        const reason = 'all four Block Public Access settings are already on';
        records.push(await finish({ ...base(bucket), result: 'skipped', steps, reason }));
        continue;
      }
      steps.push(`turn on all four Block Public Access settings (were ${JSON.stringify(current)})`);
      if (!deps.dryRun) {
        await deps.s3.send(
          new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: BLOCK_ALL }),
        );
      }
      const result = deps.dryRun ? 'would-contain' : 'contained';
      records.push(await finish({ ...base(bucket), result, steps }));
    } catch (error) {
      records.push(await finish({ ...base(bucket), result: 'failed', steps, reason: describeError(error) }));
    }
  }
  return records;
}

/** The bucket's current settings in BLOCK_ALL's key order; all false when none are set. */
async function currentBlock(s3: S3Client, bucket: string): Promise<Required<PublicAccessBlockConfiguration>> {
  let config: PublicAccessBlockConfiguration = {};
  try {
    const output = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    config = output.PublicAccessBlockConfiguration ?? {};
  } catch (error) {
    if ((error as Error).name !== 'NoSuchPublicAccessBlockConfiguration') throw error;
  }
  return {
    BlockPublicAcls: config.BlockPublicAcls === true,
    IgnorePublicAcls: config.IgnorePublicAcls === true,
    BlockPublicPolicy: config.BlockPublicPolicy === true,
    RestrictPublicBuckets: config.RestrictPublicBuckets === true,
  };
}

/** Lambda entry point, invoked by the EventBridge rule for S3 public-access findings. */
export async function handler(event: GuardDutyFindingEvent): Promise<readonly AuditRecord[]> {
  const settings = readSettings();
  const s3 = new S3Client({});
  const records = await blockBucketPublicAccess(event, {
    s3,
    audit: auditSinkFor(settings, s3),
    dryRun: settings.dryRun,
    now: () => new Date(),
  });
  return failOnError(records);
}
