import { Annotations, Aws, CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { BackupAccountVault } from '../../constructs/backup/backup-account-vault';
import { ResilientBackup } from '../../constructs/backup/resilient-backup';
import { EbsEncryptionByDefault } from '../../constructs/compute/ebs-encryption-by-default';
import { Citation } from '../../constructs/core/citations';
import { acknowledgeBuiltIn } from '../../constructs/core/private/acknowledge-built-in';
import { PropsCheck } from '../../constructs/core/validation';
import { ConfigCompliance } from '../../constructs/detection/config-compliance';
import { PhiKey } from '../../constructs/encryption/phi-key';
import { PermissionsBoundary } from '../../constructs/identity/permissions-boundary';
import { DefaultHostManagement } from '../../constructs/patching/default-host-management';
import { PatchBaselines } from '../../constructs/patching/patch-baselines';
import { PatchSchedule } from '../../constructs/patching/patch-schedule';
import { IncidentResponse, type IncidentSubscribers } from '../../constructs/response/incident-response';
import { AccessLogsBucket } from '../../constructs/storage/access-logs-bucket';
import { AuditLogGroup } from '../../constructs/storage/audit-log-group';

/** The patch group member-account instances join with the `Patch Group` tag. */
export const MEMBER_PATCH_GROUP = 'hipaa-workloads';

/**
 * The StackSet parameters naming the organization's Config bucket and key, which a
 * {@link MemberBaselineStack} delivers to (values from an `OrganizationConfigBucket`).
 */
export const MEMBER_CONFIG_PARAMETERS = {
  bucketName: 'OrganizationConfigBucketName',
  keyArn: 'OrganizationConfigKeyArn',
} as const;

/** The organization backup account, whose logically air-gapped vaults receive every member's copies. */
export interface MemberBackupAccount {
  /** The 12-digit backup account. */
  readonly accountId: string;
  /**
   * The name its vault has in every Region (see `BackupAccountVault`).
   *
   * @default ORGANIZATION_BACKUP_VAULT_NAME ('hipaa-organization-air-gapped')
   */
  readonly vaultName?: string;
}

/** Properties of a {@link MemberBaselineStack}. */
export interface MemberBaselineStackProps extends StackProps {
  /**
   * Create the vault-locked backup vault, plan and PHI-tag selection in every member account and Region.
   *
   * @default true - backups of PHI-tagged resources (164.308(a)(7)(ii)(A))
   */
  readonly backups?: boolean;
  /**
   * Copy every recovery point to the backup account's logically air-gapped vault of the Region the
   * stack instance runs in, instead of a vault of the member account.
   *
   * @default - each member account and Region gets its own logically air-gapped vault, which the
   * member's administrators cannot delete early but share an account with (164.308(a)(7)(ii)(A))
   */
  readonly backupAccount?: MemberBackupAccount;
  /**
   * Who each member account's incident topics notify, by severity.
   *
   * @default - no subscriptions; findings still reach the topics and the organization's delegated
   * administrator aggregates them (164.308(a)(6)(ii))
   */
  readonly incidentSubscribers?: IncidentSubscribers;
  /**
   * The patch group whose instances are patched by the member account's maintenance window.
   *
   * @default MEMBER_PATCH_GROUP ('hipaa-workloads') (164.308(a)(5)(ii)(B))
   */
  readonly patchGroup?: string;
}

/**
 * The baseline every member account and Region receives through the {@link MemberBaselineStackSet}, built
 * from the same constructs as the single-account reference app:
 *
 * - identity: a per-Region permissions boundary that every role of the stack (handlers included)
 *   carries, so the stack never waits on the account-wide {@link MemberIdentityStack};
 * - data protection: a PHI key, EBS encryption by default, a six-year audit log group, an access-logs
 *   bucket;
 * - patching: HIPAA patch baselines registered as the account defaults, the install/scan maintenance
 *   window, Systems Manager default host management;
 * - incident response: severity-routed, encrypted topics fed by GuardDuty, Security Hub and Config
 *   findings, with the access-key and bucket containment functions in dry-run mode and the runbooks
 *   (started from Systems Manager: no Security Hub custom actions, which some Regions lack);
 * - backup (by default): the vault-locked vault, plan and PHI-tag selection, each recovery point copied
 *   to the organization backup account's logically air-gapped vault of the Region (`backupAccount`), and
 *   failed backup, copy and restore jobs alerting the high incident topic;
 * - AWS Config: a recorder of every supported resource type (global types too: one template serves
 *   every Region) and the HIPAA conformance pack, delivering to the organization's Config bucket named
 *   by the StackSet parameters {@link MEMBER_CONFIG_PARAMETERS}.
 *
 * Lambda code and custom-resource handlers are file assets: the StackSet construct publishes them to
 * the organization's asset bucket of each Region.
 */
export class MemberBaselineStack extends Stack {
  /** The key for member-account PHI data. */
  public readonly phiKey: PhiKey;
  /** Audit log group for member-account workloads. */
  public readonly auditLogs: AuditLogGroup;
  /** Bucket for S3 server access logs. */
  public readonly accessLogs: AccessLogsBucket;
  /** The per-Region permissions boundary, applied to every role of this stack. */
  public readonly boundary: PermissionsBoundary;
  /** EBS encryption by default with the PHI key. */
  public readonly ebsEncryption: EbsEncryptionByDefault;
  /** Patch baselines registered as defaults. */
  public readonly patchBaselines: PatchBaselines;
  /** The patch maintenance window. */
  public readonly patchSchedule: PatchSchedule;
  /** Systems Manager default host management. */
  public readonly hostManagement: DefaultHostManagement;
  /** Severity-routed incident topics and containment runbooks. */
  public readonly incidents: IncidentResponse;
  /** Backups of PHI-tagged resources, when enabled. */
  public readonly backups?: ResilientBackup;
  /** The Config recorder and HIPAA conformance pack, delivering to the organization's bucket. */
  public readonly config: ConfigCompliance;

  constructor(scope: Construct, id: string, props: MemberBaselineStackProps = {}) {
    const { backups, backupAccount, incidentSubscribers, patchGroup, ...stackProps } = props;
    const check = new PropsCheck(scope, id);
    check.matches(
      'backupAccount.accountId',
      backupAccount?.accountId ?? (backupAccount ? '' : undefined),
      /^\d{12}$/,
      'a 12-digit account id, not a token',
      Citation.DATA_BACKUP,
    );
    check.require(backupAccount === undefined || (backups ?? true), {
      prop: 'backupAccount',
      received: backupAccount,
      allowed: 'absent when backups is false',
      citation: Citation.DATA_BACKUP,
    });
    check.throwIfInvalid();
    super(scope, id, { analyticsReporting: false, ...stackProps });
    this.boundary = new PermissionsBoundary(this, 'Boundary', {
      managedPolicyName: 'hipaa-member-baseline-boundary',
      perRegionName: true,
    });
    PermissionsBoundary.applyTo(this, this.boundary);

    this.phiKey = new PhiKey(this, 'PhiKey', { dataDomain: 'member-phi' });
    this.ebsEncryption = new EbsEncryptionByDefault(this, 'EbsEncryption', { encryptionKey: this.phiKey });
    this.auditLogs = new AuditLogGroup(this, 'AuditLogs');
    this.accessLogs = new AccessLogsBucket(this, 'AccessLogs');

    const group = patchGroup ?? MEMBER_PATCH_GROUP;
    this.patchBaselines = new PatchBaselines(this, 'PatchBaselines', {
      patchGroup: group,
      registerAsDefault: true,
    });
    this.patchSchedule = new PatchSchedule(this, 'PatchSchedule', { patchGroup: group });
    // The member template has no trail of its own, so the template evidence cannot show these data events.
    acknowledgeBuiltIn(this.patchSchedule.outputBucket, [
      {
        ruleId: 'TemplateEvidence-CloudTrailPhiDataEvents',
        reason:
          'Member accounts get no trail from this StackSet: the organization trail records their management events (bucket policy and ACL changes included) but no S3 data events of this patch-output bucket; reads of its Run Command output are visible in its server access logs only.',
      },
    ]);
    this.hostManagement = new DefaultHostManagement(this, 'HostManagement');

    this.incidents = new IncidentResponse(this, 'Incidents', {
      subscribers: incidentSubscribers,
      containment: { deactivateAccessKey: { dryRun: true }, blockBucketPublicAccess: { dryRun: true } },
      // One template serves every Region, and AWS::SecurityHub::ActionTarget is not available in all of
      // them; responders start the runbooks from Systems Manager instead of a Security Hub custom action.
      securityHubCustomActions: false,
    });
    if (backups ?? true) {
      // The backup account's vault of the Region each stack instance deploys in: RDS and Aurora copies
      // cannot cross Region and account in one job.
      const airGappedCopy = backupAccount && {
        destinationVaultArn: BackupAccountVault.vaultArn(
          Aws.PARTITION,
          Aws.REGION,
          backupAccount.accountId,
          backupAccount.vaultName,
        ),
      };
      this.backups = new ResilientBackup(this, 'Backups', {
        withoutCrossRegionCopy: {
          reason: backupAccount
            ? "One StackSet template serves every member account and Region, so it cannot name a per-Region copy vault; each recovery point is also copied to the organization backup account's logically air-gapped vault of the same Region."
            : 'One StackSet template serves every member account and Region, so it cannot name a per-Region copy vault; each Region keeps its recovery points plus the logically air-gapped copy.',
        },
        airGappedCopy,
        // Failed backup, copy and restore jobs (restore tests included) page the high-severity responders.
        alertTopic: this.incidents.topics.high,
      });
      Annotations.of(this.backups).acknowledgeWarning(
        'cdk-hipaa-baseline:restore-not-measured',
        'The member StackSet deploys no VPC for the restore evidence function (a VPC with its interface endpoints in every member account and Region would cost more than the measurement is worth, and could collide with workload address plans); failed backup, copy and restore jobs page the high incident topic, and every restore job stays in the AWS Backup job history.',
      );
    }

    const bucketName = new CfnParameter(this, MEMBER_CONFIG_PARAMETERS.bucketName, {
      type: 'String',
      description: "The organization's AWS Config bucket, in the security account (HIPAA 164.312(b))",
      allowedPattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
    });
    const keyArn = new CfnParameter(this, MEMBER_CONFIG_PARAMETERS.keyArn, {
      type: 'String',
      description: "The KMS key of the organization's AWS Config bucket (HIPAA 164.312(a)(2)(iv))",
      allowedPattern: '^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[a-f0-9-]{36}$',
    });
    this.config = new ConfigCompliance(this, 'Config', {
      deliveryTarget: {
        bucket: s3.Bucket.fromBucketName(this, 'OrganizationConfigBucket', bucketName.valueAsString),
        encryptionKey: kms.Key.fromKeyArn(this, 'OrganizationConfigKey', keyArn.valueAsString),
      },
    });
  }
}
