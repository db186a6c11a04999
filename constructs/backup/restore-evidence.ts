import * as path from 'node:path';
import { Duration, Fn, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HardenedFunction } from '../compute/hardened-function';
import { Citation } from '../core/citations';
import { acknowledgeResourceWildcards } from '../core/policy-findings';
import { selectPrivateSubnets } from '../core/private-subnets';
import { PropsCheck } from '../core/validation';
import { handlerCode } from '../response/private/handler-bundle';
import {
  RECOVERY_METRIC_NAMESPACE,
  RECOVERY_METRICS,
  RESTORE_EVIDENCE_ENV,
} from './handlers/restore-evidence';

export { RECOVERY_METRIC_NAMESPACE, RECOVERY_METRICS } from './handlers/restore-evidence';

/**
 * The longest recovery time objective accepted, in hours: the HHS proposed Security Rule (90 FR 898,
 * January 2025) requires restoring critical systems within 72 hours (164.308(a)(7)(ii)(B)).
 */
export const MAX_RECOVERY_TIME_OBJECTIVE_HOURS = 72;
/** Restore job states that end a job; each is recorded. */
export const FINAL_RESTORE_STATES = ['COMPLETED', 'FAILED', 'ABORTED'] as const;
/** The only AWS Backup action the evidence function needs. */
export const RESTORE_EVIDENCE_ACTIONS = ['backup:DescribeRestoreJob'] as const;
/** Importing the restore's finding into the account's own `default` Security Hub product. */
export const RESTORE_FINDING_ACTIONS = ['securityhub:BatchImportFindings'] as const;

/**
 * Records a problem unless `value` (when given) is a whole number of hours from 1 to 72.
 *
 * @returns whether the value is acceptable
 */
export function checkRecoveryTimeObjective(
  check: PropsCheck,
  prop: string,
  value: number | undefined,
): boolean {
  return check.integerInRange(prop, value, 1, MAX_RECOVERY_TIME_OBJECTIVE_HOURS, Citation.DISASTER_RECOVERY);
}

/** Where the restore evidence function runs (see {@link RestoreEvidence}). */
export interface RestoreEvidenceSettings {
  /** The VPC of the function; it gets an AWS Backup interface endpoint (without private DNS). */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of `vpc` for the function and the endpoint.
   *
   * @default - the VPC's `application` subnet group when it has one (a PhiVpc), else its isolated subnets
   *   (164.312(e)(1))
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/** Properties of a {@link RestoreEvidence}. */
export interface RestoreEvidenceProps {
  /** The VPC the evidence function runs in; it gets an AWS Backup interface endpoint for the function. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of `vpc` for the function and the endpoint (one per zone is used for the endpoint).
   *
   * @default - the VPC's `application` subnet group when it has one (a PhiVpc), else its isolated subnets
   *   (164.312(e)(1))
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** The topic both alarms notify (e.g. the high topic of an IncidentResponse). */
  readonly alertTopic: sns.ITopic;
  /**
   * Hours a restore may take: a whole number from 1 to 72. A completed restore that took longer raises
   * the duration alarm.
   *
   * @default 72 - the proposed Security Rule's 72-hour restore requirement (164.308(a)(7)(ii)(B))
   */
  readonly recoveryTimeObjectiveHours?: number;
}

/**
 * Measured restores: every AWS Backup restore job that ends (COMPLETED, FAILED or ABORTED — restore
 * tests and emergency restores alike) triggers a {@link HardenedFunction} that describes the job,
 * writes one JSON evidence line to its encrypted six-year {@link AuditLogGroup} and publishes
 * `RestoreDurationHours` and `RestoreFailed` (namespace `HipaaBaseline/Recovery`, by `ResourceType` and
 * account-wide) through CloudWatch Embedded Metric Format in that same line — so the metrics need no
 * `cloudwatch:PutMetricData` permission, no CloudWatch endpoint and no extra SDK. Two alarms notify
 * `alertTopic`: a restore failed, or a completed restore took longer than the recovery time objective.
 *
 * Each failed restore, and each completed over the objective, is also a Security Hub finding (ASFF,
 * through the account's `default` product, generator `cdk-hipaa-baseline/restore-evidence`): severity
 * HIGH for a failure, MEDIUM over the objective, citing 164.308(a)(7)(ii)(B) and (D). The next restore of
 * the same resource that meets the objective archives it (compliance PASSED). The function reaches
 * Security Hub through its own interface endpoint; a Security Hub failure is logged as an error after the
 * evidence line (never instead of it) and raises a third alarm.
 *
 * Serves 164.308(a)(7)(ii)(B) (disaster recovery plan), 164.308(a)(7)(ii)(D) (testing and revision)
 * and 164.316(b)(2)(i) (six-year evidence).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export class RestoreEvidence extends Construct {
  /** The function that records each restore. */
  public readonly function: HardenedFunction;
  /** The rule that sends finished restore jobs to the function. */
  public readonly rule: events.Rule;
  /** The AWS Backup interface endpoint the function calls (no private DNS, so it never shadows another). */
  public readonly backupEndpoint: ec2.InterfaceVpcEndpoint;
  /** The Security Hub interface endpoint the function imports findings through (no private DNS either). */
  public readonly securityHubEndpoint: ec2.InterfaceVpcEndpoint;
  /** Where findings are imported: `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`. */
  public readonly findingProductArn: string;
  /** Alarm: at least one restore failed or was aborted. */
  public readonly failedAlarm: cloudwatch.Alarm;
  /** Alarm: a completed restore took longer than the recovery time objective. */
  public readonly durationAlarm: cloudwatch.Alarm;
  /** Alarm: a restore's Security Hub finding could not be imported (the evidence line still stands). */
  public readonly findingAlarm: cloudwatch.Alarm;
  /** The recovery time objective in force, in hours. */
  public readonly recoveryTimeObjectiveHours: number;

  constructor(scope: Construct, id: string, props: RestoreEvidenceProps) {
    const check = new PropsCheck(scope, id);
    checkRecoveryTimeObjective(check, 'recoveryTimeObjectiveHours', props.recoveryTimeObjectiveHours);
    const subnets = selectPrivateSubnets(check, props.vpc, props.vpcSubnets);
    check.throwIfInvalid();
    super(scope, id);
    const rto = props.recoveryTimeObjectiveHours ?? MAX_RECOVERY_TIME_OBJECTIVE_HOURS;
    this.recoveryTimeObjectiveHours = rto;

    const endpoint = (endpointId: string, service: ec2.InterfaceVpcEndpointAwsService) =>
      new ec2.InterfaceVpcEndpoint(this, endpointId, {
        vpc: props.vpc,
        service,
        subnets: { subnets, onePerAz: true },
        privateDnsEnabled: false,
        open: false,
      });
    // DnsEntries are `<hosted zone id>:<dns name>`; the first is the endpoint's Regional name.
    const urlOf = (e: ec2.InterfaceVpcEndpoint) =>
      `https://${Fn.select(1, Fn.split(':', Fn.select(0, e.vpcEndpointDnsEntries)))}`;
    this.backupEndpoint = endpoint('BackupEndpoint', ec2.InterfaceVpcEndpointAwsService.BACKUP);
    this.securityHubEndpoint = endpoint(
      'SecurityHubEndpoint',
      ec2.InterfaceVpcEndpointAwsService.SECURITYHUB,
    );
    const stack = Stack.of(this);
    // The account's own product: BatchImportFindings authorizes on the product ARN it imports to.
    this.findingProductArn = stack.formatArn({
      service: 'securityhub',
      resource: 'product',
      resourceName: `${stack.account}/default`,
    });

    this.function = new HardenedFunction(this, 'Function', {
      vpc: props.vpc,
      vpcSubnets: { subnets },
      code: handlerCode('restore-evidence', path.join(__dirname, 'handlers')),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      description: 'Records the duration and outcome of every finished AWS Backup restore job',
      environment: {
        [RESTORE_EVIDENCE_ENV.RTO_HOURS]: String(rto),
        [RESTORE_EVIDENCE_ENV.BACKUP_ENDPOINT]: urlOf(this.backupEndpoint),
        [RESTORE_EVIDENCE_ENV.SECURITY_HUB_PRODUCT_ARN]: this.findingProductArn,
        [RESTORE_EVIDENCE_ENV.SECURITY_HUB_ENDPOINT]: urlOf(this.securityHubEndpoint),
      },
      reservedConcurrentExecutions: 2,
    });
    for (const e of [this.backupEndpoint, this.securityHubEndpoint]) {
      e.connections.allowDefaultPortFrom(this.function, 'The restore evidence function');
    }
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [this.function.role],
      statements: [
        // DescribeRestoreJob supports no resource-level permissions: the Service Authorization
        // Reference lists no resource type for it, so Resource must be '*'.
        new iam.PolicyStatement({
          sid: 'DescribeRestoreJobs',
          actions: [...RESTORE_EVIDENCE_ACTIONS],
          resources: ['*'],
        }),
        // Only the account's own default product: no partner product, no other account's findings.
        new iam.PolicyStatement({
          sid: 'ImportRestoreFindings',
          actions: [...RESTORE_FINDING_ACTIONS],
          resources: [this.findingProductArn],
        }),
      ],
    });
    acknowledgeResourceWildcards(policy, {
      actions: [...RESTORE_EVIDENCE_ACTIONS],
      reason:
        'backup:DescribeRestoreJob supports no resource-level permissions; it reads restore job metadata (dates, status, resource type), never PHI.',
    });
    this.function.function.node.addDependency(policy);

    this.rule = new events.Rule(this, 'Rule', {
      description: 'Finished AWS Backup restore jobs (restore tests included), for restore evidence',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Restore Job State Change'],
        detail: { status: [...FINAL_RESTORE_STATES] },
      },
      targets: [
        new targets.LambdaFunction(this.function.function, {
          deadLetterQueue: this.function.deadLetterQueue,
          retryAttempts: 4,
        }),
      ],
    });

    const notify = new actions.SnsAction(props.alertTopic);
    this.failedAlarm = new cloudwatch.Alarm(this, 'RestoreFailedAlarm', {
      alarmDescription: `An AWS Backup restore job failed or was aborted (${Citation.DISASTER_RECOVERY})`,
      metric: this.metric(RECOVERY_METRICS.FAILED, 'Sum'),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.durationAlarm = new cloudwatch.Alarm(this, 'RestoreDurationAlarm', {
      alarmDescription: `An AWS Backup restore took longer than the ${rto}-hour recovery time objective (${Citation.DISASTER_RECOVERY})`,
      metric: this.metric(RECOVERY_METRICS.DURATION_HOURS, 'Maximum'),
      threshold: rto,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.findingAlarm = new cloudwatch.Alarm(this, 'RestoreFindingAlarm', {
      alarmDescription: `A restore's Security Hub finding could not be imported: is Security Hub enabled, and its endpoint reachable? (${Citation.DISASTER_RECOVERY})`,
      metric: this.metric(RECOVERY_METRICS.FINDING_FAILED, 'Sum'),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.failedAlarm, this.durationAlarm, this.findingAlarm])
      alarm.addAlarmAction(notify);
  }

  /** An account-wide recovery metric (all resource types), per hour. */
  private metric(metricName: string, statistic: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: RECOVERY_METRIC_NAMESPACE,
      metricName,
      statistic,
      period: Duration.hours(1),
    });
  }
}
