import { Annotations, Names } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { dataDomainFromId } from '../core/naming';
import { acknowledgeWildcards } from '../core/policy-findings';
import type { RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { AuditLogGroup } from '../storage/audit-log-group';
import { PhiBucket } from '../storage/phi-bucket';
import { PATCH_GROUP_TAG_KEY } from './patch-group';
import { createComplianceSync } from './private/compliance-sync';
import { validatePatchScheduleProps } from './private/patch-schedule-validation';
import { createPatchWindow, PATCH_DOCUMENT, TASK_OUTPUT_PREFIX } from './private/patch-window';
import { LOG_STREAM_ACTIONS, OUTPUT_KEY_ACTIONS } from './private/perms';
import { recordRelaxation } from './relaxation';

export { DATA_SYNC_PREFIX } from './private/compliance-sync';
export { PATCH_DOCUMENT, TASK_OUTPUT_PREFIX } from './private/patch-window';

/** What `AWS-RunPatchBaseline` does in the weekly window. */
export type PatchOperation = 'Install' | 'Scan';

/** Declares scan-only patching: the window reports missing patches but installs none. */
export interface ScanOnlyPatching {
  /**
   * Why patches are not installed by this schedule and how they are installed instead (e.g. immutable
   * images rebuilt weekly), at least 20 characters. Shown in the compliance report.
   */
  readonly reason: string;
}

/** Properties of a {@link PatchSchedule}. */
export interface PatchScheduleProps {
  /** The patch group to patch: instances tagged `PatchGroup=<patchGroup>`. */
  readonly patchGroup: string;
  /**
   * When the install window opens, a six-field `cron(...)` or a `rate(...)` expression in UTC that runs
   * at least weekly (windows at most 7 days apart; a cron limited to some months or years is rejected).
   *
   * @default 'cron(0 3 ? * SUN *)' - Sundays at 03:00 UTC (164.308(a)(1)(ii)(B))
   */
  readonly installSchedule?: string;
  /**
   * Hours the install window stays open, from 1 to 24.
   *
   * @default 4
   */
  readonly installDurationHours?: number;
  /**
   * Hours before the window closes that no new task starts, from 0 to `installDurationHours - 1`.
   *
   * @default 1
   */
  readonly installCutoffHours?: number;
  /**
   * When the scan window opens, a six-field `cron(...)` or a `rate(...)` expression in UTC that runs at
   * least weekly.
   *
   * @default 'cron(0 1 ? * * *)' - daily at 01:00 UTC (164.308(a)(1)(ii)(B))
   */
  readonly scanSchedule?: string;
  /**
   * How many instances are patched at once: a count, or a percentage such as `'10%'`.
   *
   * @default '10%' - a bad patch reaches a tenth of the fleet before errors stop the run
   */
  readonly maxConcurrency?: string;
  /**
   * Failed instances after which the run stops: a count, or a percentage such as `'5%'`.
   *
   * @default '5%'
   */
  readonly maxErrors?: string;
  /**
   * What the weekly window runs. `'Scan'` is accepted only together with `scanOnly`.
   *
   * @default 'Install' - approved patches are installed, rebooting if needed (164.308(a)(1)(ii)(B))
   */
  readonly operation?: PatchOperation;
  /**
   * Scan-only patching: no install window. A relaxation, recorded on this construct for the compliance
   * report and raised as the warning `cdk-hipaa-baseline:scan-only-patching`.
   *
   * @default - patches are installed weekly
   */
  readonly scanOnly?: ScanOnlyPatching;
  /**
   * Where Run Command and association output goes (operational records, not PHI).
   *
   * @default - a new {@link PhiBucket} encrypted with the schedule's own key, shared with the evidence
   *   sync when that is created too (164.312(b))
   */
  readonly outputBucket?: s3.IBucket;
  /**
   * Where the resource data sync exports patch compliance and inventory (JSON, SSE-KMS). Its policy
   * must let `ssm.amazonaws.com` write; the toolkit adds that statement to buckets it can change.
   *
   * @default - a new {@link PhiBucket} (164.312(b))
   */
  readonly evidenceBucket?: s3.IBucket;
  /**
   * The key that encrypts `evidenceBucket`; required with it. Its policy must let Systems Manager
   * generate data keys; the toolkit adds that statement to keys it can change.
   *
   * @default - the created evidence bucket's key
   */
  readonly evidenceKey?: kms.IKey;
  /**
   * How long task logs are kept.
   *
   * @default RetentionProfile.SIX_YEARS (164.316(b)(2)(i))
   */
  readonly logRetention?: RetentionProfile;
  /**
   * Key for the task log group.
   *
   * @default - the schedule's own customer-managed key, domain `patching-<id>` (164.312(a)(2)(iv))
   */
  readonly logsEncryptionKey?: kms.IKey;
}

/**
 * Patching on a schedule for one patch group, with evidence:
 *
 * - a weekly install window running `AWS-RunPatchBaseline` (Operation=Install, RebootOption=
 *   RebootIfNeeded) on instances tagged `PatchGroup=<patchGroup>`, 10% at a time, stopping at 5% errors;
 * - a daily scan window, and a State Manager association that scans daily and on every new instance;
 * - task output in an encrypted bucket and an encrypted log group kept six years;
 * - a resource data sync exporting patch compliance (and inventory, when collected) to an evidence
 *   bucket, encrypted with a CMK.
 *
 * Windows use the Systems Manager service-linked role (`AWSServiceRoleForAmazonSSM`), which must exist
 * in the account; no task role is created. Instances write task output with their own role: call
 * {@link grantTaskOutput} for it.
 *
 * Serves 164.308(a)(1)(ii)(B), 164.308(a)(5)(ii)(B), 164.312(b) and 164.316(b)(2)(i).
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-aws-runpatchbaseline.html
 */
export class PatchSchedule extends Construct {
  /** The weekly install window, absent for scan-only patching. */
  public readonly installWindow?: ssm.CfnMaintenanceWindow;
  /** The daily scan window. */
  public readonly scanWindow: ssm.CfnMaintenanceWindow;
  /** The association that keeps patch compliance current. */
  public readonly complianceAssociation: ssm.CfnAssociation;
  /** The export of compliance and inventory data to the evidence bucket. */
  public readonly dataSync: ssm.CfnResourceDataSync;
  /** Where task output goes. */
  public readonly outputBucket: s3.IBucket;
  /** Where compliance evidence goes. */
  public readonly evidenceBucket: s3.IBucket;
  /** The task log group. */
  public readonly taskLogs: AuditLogGroup;
  /** The patch group patched. */
  public readonly patchGroup: string;

  constructor(scope: Construct, id: string, props: PatchScheduleProps) {
    const check = new PropsCheck(scope, id);
    validatePatchScheduleProps(check, props);
    check.throwIfInvalid();
    super(scope, id);

    this.patchGroup = props.patchGroup;
    // One key for this schedule's records and logs, named after the construct so two schedules in a
    // stack get distinct aliases.
    let ownKey: kms.IKey | undefined;
    const key = () => {
      ownKey ??= new PhiKey(this, 'Key', { dataDomain: dataDomainFromId(this, 'patching-') }).key;
      return ownKey;
    };
    const records =
      props.outputBucket && props.evidenceBucket
        ? undefined
        : new PhiBucket(this, 'Records', {
            encryptionKey: key(),
            withoutReplication: {
              reason:
                'Patch run output and compliance evidence, versioned in this Region: every scheduled run writes it anew, and none of it is ePHI the disaster recovery plan restores.',
            },
          });
    this.outputBucket = props.outputBucket ?? (records as PhiBucket).bucket;
    this.evidenceBucket = props.evidenceBucket ?? (records as PhiBucket).bucket;
    const evidenceKey = props.evidenceKey ?? (records as PhiBucket).encryptionKey;
    this.taskLogs = new AuditLogGroup(this, 'TaskLogs', {
      encryptionKey: props.logsEncryptionKey ?? key(),
      retention: props.logRetention,
    });

    const name = Names.uniqueResourceName(this, { maxLength: 100, separator: '-' });
    const taskOutput = {
      patchGroup: props.patchGroup,
      outputBucket: this.outputBucket,
      logGroup: this.taskLogs.logGroup,
    };
    const runOptions = { maxConcurrency: props.maxConcurrency ?? '10%', maxErrors: props.maxErrors ?? '5%' };
    if (props.scanOnly) {
      recordRelaxation(this, {
        citation: Citation.RISK_MANAGEMENT,
        setting: 'scanOnly',
        reason: props.scanOnly.reason,
      });
      Annotations.of(this).addWarningV2(
        'cdk-hipaa-baseline:scan-only-patching',
        `Patch group ${props.patchGroup} is scanned but never patched by this schedule (${Citation.RISK_MANAGEMENT}): ${props.scanOnly.reason}`,
      );
    } else {
      this.installWindow = createPatchWindow(this, 'Install', {
        name: `${name}-install`,
        schedule: props.installSchedule ?? 'cron(0 3 ? * SUN *)',
        duration: props.installDurationHours ?? 4,
        cutoff: props.installCutoffHours ?? 1,
        operation: 'Install',
        ...runOptions,
        ...taskOutput,
      });
    }
    this.scanWindow = createPatchWindow(this, 'Scan', {
      name: `${name}-scan`,
      schedule: props.scanSchedule ?? 'cron(0 1 ? * * *)',
      duration: 2,
      cutoff: 1,
      operation: 'Scan',
      ...runOptions,
      ...taskOutput,
    });

    this.complianceAssociation = new ssm.CfnAssociation(this, 'ComplianceScan', {
      name: PATCH_DOCUMENT,
      associationName: `${name}-compliance-scan`,
      parameters: { Operation: ['Scan'] },
      targets: [{ key: `tag:${PATCH_GROUP_TAG_KEY}`, values: [props.patchGroup] }],
      scheduleExpression: 'rate(1 day)',
      complianceSeverity: 'CRITICAL',
      ...runOptions,
      outputLocation: {
        s3Location: {
          outputS3BucketName: this.outputBucket.bucketName,
          outputS3KeyPrefix: `${TASK_OUTPUT_PREFIX}/association`,
        },
      },
    });

    this.dataSync = createComplianceSync(this, {
      syncName: Names.uniqueResourceName(this, { maxLength: 64, separator: '-' }),
      bucket: this.evidenceBucket,
      key: evidenceKey,
    });
  }

  /**
   * Lets `grantee` (the instance role of patched instances) write task output: objects under
   * `patching/` in the output bucket, encrypted with its key, and streams in the task log group. The
   * one wildcard this needs (the object prefix) is acknowledged on the grantee with the reason.
   */
  public grantTaskOutput(grantee: iam.IGrantable): void {
    const statements = [
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.outputBucket.arnForObjects(`${TASK_OUTPUT_PREFIX}/*`)],
      }),
      new iam.PolicyStatement({
        actions: [...LOG_STREAM_ACTIONS],
        resources: [this.taskLogs.logGroup.logGroupArn],
      }),
    ];
    const key = this.outputBucket.encryptionKey;
    if (key) {
      statements.push(new iam.PolicyStatement({ actions: [...OUTPUT_KEY_ACTIONS], resources: [key.keyArn] }));
    }
    for (const statement of statements) grantee.grantPrincipal.addToPrincipalPolicy(statement);
    if (Construct.isConstruct(grantee.grantPrincipal)) {
      acknowledgeWildcards(
        grantee.grantPrincipal,
        statements,
        'Patched instances may only put Run Command output under the patching/ prefix of the patch records bucket; Systems Manager chooses the object keys, so a prefix is the narrowest scope.',
      );
    }
  }
}
