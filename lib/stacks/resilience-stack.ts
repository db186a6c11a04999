import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import {
  type BackupCopy,
  ResilientBackup,
  type RestoreTestingSettings,
} from '../../constructs/backup/resilient-backup';
import { IncidentResponse, type IncidentSubscribers } from '../../constructs/response/incident-response';
import { PhiBucket } from '../../constructs/storage/phi-bucket';
import { ScheduledPostureCollector } from '../posture/scheduled-posture';

/** Days each incident-evidence object is locked (WORM): six years, the documentation retention. */
const EVIDENCE_LOCK_DAYS = 2192;

/** Properties of a {@link ResilienceStack}. */
export interface ResilienceStackProps extends StackProps {
  /**
   * The VPC whose instances automatic isolation quarantines (e.g. the data-protection stack's PhiVpc).
   *
   * @default - no automatic isolation; key deactivation and bucket blocking still run (dry run)
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Who is told about incidents, per severity.
   *
   * @default - nobody; subscribe to the topics (or connect AWS Chatbot) after deployment
   */
  readonly subscribers?: IncidentSubscribers;
  /**
   * Restore-testing settings, e.g. the Aurora subnet group and security groups.
   *
   * @default - weekly S3 and DynamoDB restore tests
   */
  readonly restoreTesting?: RestoreTestingSettings;
  /**
   * The DB subnet group (in `vpc`) that Aurora restore tests restore into, e.g. the PhiDatabase's.
   * With it and `vpc`, restored clusters get a security group of their own with no ingress and no
   * egress, and the restore tests cover Aurora alongside S3 and DynamoDB (ignored when
   * `restoreTesting.aurora` is given).
   *
   * @default - Aurora is tested only when `restoreTesting.aurora` is given (164.308(a)(7)(ii)(D))
   */
  readonly auroraRestoreSubnetGroupName?: string;
  /**
   * Hours a restore may take (1 to 72); measured restores slower than this alert the high topic.
   *
   * @default 72 - the proposed Security Rule's 72-hour restore requirement (164.308(a)(7)(ii)(B))
   */
  readonly recoveryTimeObjectiveHours?: number;
  /**
   * The vault in a second Region that keeps a copy of every recovery point (e.g. a
   * `BackupCopyStack`'s); the reference stack always copies offsite (164.308(a)(7)(ii)(B)). Every
   * recovery point is also copied to a logically air-gapped vault created in this account: the reference
   * app has no separate backup account (in organization mode, give `ResilientBackup` the backup
   * account's vault through `airGappedCopy`).
   */
  readonly copyTo: BackupCopy;
  /**
   * Create Security Hub custom actions for the runbooks. The CloudFormation validator's registry lacks
   * `AWS::SecurityHub::ActionTarget` in some Regions (us-east-2, eu-west-1, ap-southeast-2 and
   * ca-central-1 among them, as of aws-cdk-lib 2.276); turn this off there and start the runbooks from
   * Systems Manager, or create the actions in the console.
   *
   * @default true
   */
  readonly securityHubCustomActions?: boolean;
}

/**
 * The reference incident-response and contingency layer (strategy 10): security alerts by severity,
 * automatic containment in dry-run mode (every decision is recorded, nothing is changed until a person
 * turns dry run off), runbooks with Security Hub custom actions, an Object-Locked evidence bucket for
 * containment records and drill records, and locked, tested backups of every PHI-tagged resource,
 * copied to a second Region and to a logically air-gapped vault, whose failures alert the high topic;
 * with a VPC, every finished restore is measured against the recovery time objective.
 *
 * Serves 164.308(a)(6)(i), 164.308(a)(6)(ii), 164.308(a)(7)(i), 164.308(a)(7)(ii)(A), (B) and (D),
 * 164.312(a)(2)(ii) and 164.312(c)(1).
 */
export class ResilienceStack extends Stack {
  /** Alerts, containment and runbooks. */
  public readonly incidents: IncidentResponse;
  /** Backups and restore tests. */
  public readonly backups: ResilientBackup;
  /** Where containment audit records and drill records are kept (`containment/`, `drills/`). */
  public readonly evidence: PhiBucket;
  /** The monthly posture collector writing to the evidence bucket. */
  public readonly posture: ScheduledPostureCollector;

  constructor(scope: Construct, id: string, props: ResilienceStackProps) {
    super(scope, id, props);
    this.evidence = new PhiBucket(this, 'IncidentEvidence', {
      objectLock: { retentionDays: EVIDENCE_LOCK_DAYS },
      withoutReplication: {
        reason:
          'Containment audit records and drill records are locked in COMPLIANCE mode in this Region for the evidence period; the clinical documents bucket is the replicated copy of ePHI in the reference app.',
      },
    });
    this.incidents = new IncidentResponse(this, 'Incidents', {
      subscribers: props.subscribers,
      containment: {
        ...(props.vpc ? { isolateInstance: { dryRun: true, vpc: props.vpc } } : {}),
        deactivateAccessKey: { dryRun: true },
        blockBucketPublicAccess: { dryRun: true },
      },
      evidence: { bucket: this.evidence.bucket, encryptionKey: this.evidence.encryptionKey },
      securityHubCustomActions: props.securityHubCustomActions,
    });
    this.backups = new ResilientBackup(this, 'Backups', {
      restoreTesting: this.restoreTestingOf(props),
      copyTo: props.copyTo,
      alertTopic: this.incidents.topic('high'),
      // Every finished restore is measured against the objective when the stack has a VPC to run in.
      ...(props.vpc ? { restoreEvidence: { vpc: props.vpc } } : {}),
      recoveryTimeObjectiveHours: props.recoveryTimeObjectiveHours,
    });
    // Strategy 1: monthly live posture (Config + Security Hub) into the same Object-Locked evidence bucket,
    // alerting the high topic when the deployed account drifts from the synthesized design.
    this.posture = new ScheduledPostureCollector(this, 'Posture', {
      evidenceBucket: this.evidence.bucket,
      evidenceKey: this.evidence.encryptionKey,
      driftTopic: this.incidents.topic('high'),
    });
  }

  /** `restoreTesting`, with Aurora added in a closed security group when a subnet group is given. */
  private restoreTestingOf(props: ResilienceStackProps): RestoreTestingSettings | undefined {
    if (props.restoreTesting?.aurora || !props.vpc || !props.auroraRestoreSubnetGroupName) {
      return props.restoreTesting;
    }
    const restored = new ec2.SecurityGroup(this, 'AuroraRestoreTestSecurityGroup', {
      vpc: props.vpc,
      description: 'Aurora clusters restored by restore tests: no ingress, no egress',
      allowAllOutbound: false,
    });
    return {
      ...props.restoreTesting,
      aurora: {
        dbSubnetGroupName: props.auroraRestoreSubnetGroupName,
        securityGroupIds: [restored.securityGroupId],
      },
    };
  }
}
