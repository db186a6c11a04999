import { createHash } from 'node:crypto';
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type Partition,
  type Resource,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { Citation } from '../../core/citations';
import { ResponseCitation } from '../../response/private/citations';

/**
 * The Security Hub finding of a restore that failed or exceeded the recovery time objective, in AWS
 * Security Finding Format, imported through the account's own `default` product. One finding per
 * restored resource (its Id is derived from the source resource, so the next restore of the same
 * resource updates it): ACTIVE while the latest restore failed or was too slow, ARCHIVED with compliance
 * PASSED once a restore completes within the objective.
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/finding-update-batchimportfindings.html
 */

/** The generator of every restore finding: stable, so findings can be filtered and automated on. */
export const RESTORE_FINDING_GENERATOR = 'cdk-hipaa-baseline/restore-evidence';
/** ASFF finding types of a restore finding. */
export const RESTORE_FINDING_TYPES = [
  'Software and Configuration Checks/AWS Security Best Practices',
  'Software and Configuration Checks/Industry and Regulatory Standards/HIPAA Controls (USA)',
];
/** Requirements a restore finding cites: the disaster recovery plan, and its testing. */
export const RESTORE_FINDING_REQUIREMENTS = [
  `HIPAA ${Citation.DISASTER_RECOVERY}`,
  `HIPAA ${ResponseCitation.TESTING_AND_REVISION}`,
];
/** The `default` product ARN of an account: the only product an account may import its own findings to. */
export const DEFAULT_PRODUCT_ARN = /^arn:[a-z-]+:securityhub:[a-z0-9-]+:(\d{12}):product\/(\d{12})\/default$/;

/** What a restore finding is built from (the evidence record's fields). */
export interface RestoreOutcome {
  readonly restoreJobId: string;
  readonly account?: string;
  readonly region?: string;
  readonly status: string;
  readonly resourceType: string;
  readonly creationDate?: string;
  readonly completionDate?: string;
  readonly durationHours?: number;
  readonly recoveryTimeObjectiveHours: number;
  readonly withinObjective: boolean;
  readonly statusMessage?: string;
  readonly recoveryPointArn?: string;
  readonly sourceResourceArn?: string;
  readonly createdResourceArn?: string;
}

/** How the finding's import went (logged after the evidence line). */
export interface FindingOutcome {
  readonly findingId: string;
  readonly recordState: 'ACTIVE' | 'ARCHIVED';
  readonly imported: boolean;
  readonly error?: string;
}

/** Dependencies of {@link publishRestoreFinding}. */
export interface RestoreFindingDeps {
  readonly securityHub: SecurityHubClient;
  /** `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`. */
  readonly productArn: string;
  readonly now?: () => Date;
}

const FAILED = new Set(['FAILED', 'ABORTED']);

/**
 * The finding Id of a restored resource: the product ARN and a hash of the source resource ARN (else the
 * recovery point, else the resource type), so every restore of one resource updates one finding.
 */
export function restoreFindingId(productArn: string, outcome: RestoreOutcome): string {
  const subject =
    outcome.sourceResourceArn ?? outcome.recoveryPointArn ?? `${outcome.account}:${outcome.resourceType}`;
  const digest = createHash('sha256').update(subject).digest('hex').slice(0, 32);
  return `${productArn}/${RESTORE_FINDING_GENERATOR}/${digest}`;
}

/**
 * The ASFF finding of a restore: severity HIGH and ACTIVE when it failed or was aborted, MEDIUM and ACTIVE
 * when it completed over the objective (or without a measurable duration), and ARCHIVED with compliance
 * PASSED when it completed within the objective — which resolves the finding a previous restore raised.
 */
export function restoreFinding(outcome: RestoreOutcome, productArn: string, now: Date): AwsSecurityFinding {
  const account = outcome.account ?? DEFAULT_PRODUCT_ARN.exec(productArn)?.[1] ?? 'unknown';
  const region = outcome.region ?? productArn.split(':')[3];
  const partition = productArn.split(':')[1];
  const failed = FAILED.has(outcome.status);
  const passed = outcome.withinObjective;
  const label = passed ? 'INFORMATIONAL' : failed ? 'HIGH' : 'MEDIUM';
  const what = failed
    ? `${outcome.status === 'ABORTED' ? 'was aborted' : 'failed'}${outcome.statusMessage ? `: ${outcome.statusMessage}` : ''}`
    : passed
      ? `completed in ${outcome.durationHours} h, within the ${outcome.recoveryTimeObjectiveHours} h objective`
      : outcome.durationHours === undefined
        ? `completed without a measurable duration: recovery within ${outcome.recoveryTimeObjectiveHours} h is not shown`
        : `took ${outcome.durationHours} h, over the ${outcome.recoveryTimeObjectiveHours} h recovery time objective`;
  const title = `AWS Backup restore of ${outcome.resourceType} ${failed ? 'failed' : passed ? 'met the recovery time objective' : 'exceeded the recovery time objective'}`;
  const types = [...RESTORE_FINDING_TYPES];
  const severity = {
    Label: label,
    Original: passed ? 'PASSED' : failed ? outcome.status : 'OVER_OBJECTIVE',
  } as const;
  const resource = (Type: string, Id: string): Resource => ({
    Type,
    Id,
    Partition: partition as Partition,
    Region: region,
  });
  return {
    SchemaVersion: '2018-10-08',
    Id: restoreFindingId(productArn, outcome),
    ProductArn: productArn,
    GeneratorId: RESTORE_FINDING_GENERATOR,
    AwsAccountId: account,
    Region: region,
    Types: types,
    CreatedAt: outcome.creationDate ?? now.toISOString(),
    UpdatedAt: now.toISOString(),
    ...(outcome.creationDate ? { FirstObservedAt: outcome.creationDate } : {}),
    LastObservedAt: outcome.completionDate ?? now.toISOString(),
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: types },
    Title: title.slice(0, 256),
    Description:
      `Restore job ${outcome.restoreJobId} of ${outcome.sourceResourceArn ?? outcome.resourceType} ${what}. The HIPAA disaster recovery plan (${Citation.DISASTER_RECOVERY}) and its testing (${ResponseCitation.TESTING_AND_REVISION}) require restores that succeed within the objective.`.slice(
        0,
        1024,
      ),
    Remediation: {
      Recommendation: {
        Text: passed
          ? 'None: the latest restore of this resource met the objective.'
          : 'Read the restore evidence line of this job in the RestoreEvidence log group, fix the cause (permissions, keys, capacity), and run a restore test again.',
      },
    },
    Resources: [
      resource('Other', `restore-job/${outcome.restoreJobId}`),
      ...(outcome.recoveryPointArn ? [resource('AwsBackupRecoveryPoint', outcome.recoveryPointArn)] : []),
      ...(outcome.sourceResourceArn ? [resource('Other', outcome.sourceResourceArn)] : []),
    ],
    Compliance: {
      Status: passed ? 'PASSED' : 'FAILED',
      RelatedRequirements: [...RESTORE_FINDING_REQUIREMENTS],
    },
    RecordState: passed ? 'ARCHIVED' : 'ACTIVE',
    ProductFields: {
      'cdk-hipaa-baseline/restoreJobId': outcome.restoreJobId,
      'cdk-hipaa-baseline/restoreStatus': outcome.status,
      'cdk-hipaa-baseline/resourceType': outcome.resourceType,
      'cdk-hipaa-baseline/recoveryTimeObjectiveHours': String(outcome.recoveryTimeObjectiveHours),
      ...(outcome.durationHours === undefined
        ? {}
        : { 'cdk-hipaa-baseline/durationHours': String(outcome.durationHours) }),
      ...(outcome.createdResourceArn
        ? { 'cdk-hipaa-baseline/createdResourceArn': outcome.createdResourceArn }
        : {}),
    },
  };
}

/**
 * Imports the restore's finding (BatchImportFindings) and says how it went. Never throws: the caller has
 * already written the evidence line, and a Lambda retry would only write it twice; a Security Hub failure
 * (not enabled, denied, throttled, a rejected finding) is returned for the caller to log as an error.
 */
export async function publishRestoreFinding(
  outcome: RestoreOutcome,
  deps: RestoreFindingDeps,
): Promise<FindingOutcome> {
  const finding = restoreFinding(outcome, deps.productArn, (deps.now ?? (() => new Date()))());
  const base = { findingId: finding.Id as string, recordState: finding.RecordState as 'ACTIVE' | 'ARCHIVED' };
  try {
    const response = await deps.securityHub.send(new BatchImportFindingsCommand({ Findings: [finding] }));
    const rejected = response.FailedFindings?.[0];
    if ((response.FailedCount ?? 0) === 0 && !rejected) return { ...base, imported: true };
    return {
      ...base,
      imported: false,
      error: `${rejected?.ErrorCode ?? 'FailedFinding'}: ${rejected?.ErrorMessage ?? 'rejected by Security Hub'}`,
    };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    return { ...base, imported: false, error: `${e.name ?? 'Error'}: ${e.message ?? String(error)}` };
  }
}
