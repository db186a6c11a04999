import { Annotations, Names } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { dataDomainFromId } from '../core/naming';
import { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../core/phi-classification';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { recordRelaxation } from '../core/report-metadata';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { addBackupAlerts } from './private/backup-alerts';
import { backupRules, backupServiceRole } from './private/backup-plan-parts';
import { validateBackupProps } from './private/backup-validation';
import { validateCopyProps } from './private/copy-validation';
import { createLockedVault } from './private/locked-vault';
import { assertCopyLeavesRegion, createAirGappedVault, importedVault } from './private/offsite-copies';
import { BACKUP_MANAGED_POLICIES, RESTORE_MANAGED_POLICIES } from './private/perms';
import { RestoreTests } from './private/restore-testing';
import { RestoreEvidence, type RestoreEvidenceSettings } from './restore-evidence';

export {
  CONTINUOUS_MAX_DAYS,
  RETENTION_FLOORS,
  VAULT_LOCK_CHANGEABLE_DAYS,
  VAULT_LOCK_DEFAULTS,
  VAULT_LOCK_MIN_RETENTION_FLOOR_DAYS,
} from './private/backup-validation';
export { DEFAULT_RESTORE_TEST_SCHEDULE, DEFAULT_VALIDATION_WINDOW_HOURS } from './private/restore-testing';
export type { RestoreEvidenceSettings } from './restore-evidence';

/** Vault Lock settings. The lock is in compliance mode: after the grace period nobody can remove it. */
export interface VaultLockSettings {
  /**
   * Shortest retention a recovery point in the vault may have; jobs with less fail. At least 35 (the
   * daily rule's floor) and at most the shortest rule retention (`retention.dailyDays`), or daily
   * backups would fail.
   *
   * @default 35
   */
  readonly minRetentionDays?: number;
  /**
   * Longest retention a recovery point in the vault may have; jobs with more fail. At least the longest
   * rule retention (`retention.yearlyDays`), or yearly backups would fail.
   *
   * @default 2558 - seven years and a day
   */
  readonly maxRetentionDays?: number;
  /**
   * Days before the lock becomes immutable, from 3 (AWS Backup's cooling-off minimum) to 30. Until then
   * the lock can be changed or removed, so a longer grace period would leave a "compliance mode" lock
   * removable; test the deployment within it. See `VAULT_LOCK_CHANGEABLE_DAYS`.
   *
   * @default 3 - the lock is immutable three days after deployment (164.308(a)(7)(ii)(A), 164.312(c)(1))
   */
  readonly changeableForDays?: number;
}

/** A deliberate vault without Vault Lock (recorded as a relaxation in the compliance report). */
export interface WithoutVaultLock {
  /** Why the vault may go without Vault Lock: at least 20 characters, not boilerplate. */
  readonly reason: string;
}

/** Retention of the backup rules, in days; floors enforce the data backup plan. */
export interface BackupRetention {
  /**
   * Daily backups (at most 35 while continuous backup is on).
   *
   * @default 35
   */
  readonly dailyDays?: number;
  /**
   * Monthly backups (first of the month), at least 365.
   *
   * @default 365
   */
  readonly monthlyDays?: number;
  /**
   * Yearly backups (1 January), at least 2192 (six years).
   *
   * @default 2192
   */
  readonly yearlyDays?: number;
  /**
   * Move monthly backups to cold storage after this many days (at least 90 days before they expire;
   * only for resources whose backups support cold storage).
   *
   * @default - monthly backups stay in warm storage
   */
  readonly monthlyColdStorageAfterDays?: number;
}

/** A copy of every recovery point in another vault. */
export interface BackupCopy {
  /**
   * ARN of the destination vault. Its Region and name must be literal (the partition and account may
   * be tokens such as `Aws.ACCOUNT_ID`). For `copyTo` it must be in another Region than the stack:
   * checked at synth when the stack's Region is known, and by a CloudFormation rule at deployment
   * otherwise. Cross-account copies need the destination vault's access policy to allow
   * `backup:CopyIntoBackupVault` from this account, and the destination key's policy to allow this
   * account's backup role.
   */
  readonly destinationVaultArn: string;
}

/** A deliberate plan without one of the offsite copies (recorded as a relaxation in the compliance report). */
export interface WithoutCopy {
  /** Why recovery points may go without this copy: at least 20 characters, not boilerplate. */
  readonly reason: string;
}

/** Restore-testing settings. */
export interface RestoreTestingSettings {
  /**
   * When restore tests run: a six-field `cron(...)` or a `rate(...)` expression that runs at least
   * weekly (tests at most 7 days apart).
   *
   * @default DEFAULT_RESTORE_TEST_SCHEDULE - weekly, Sunday 05:00 UTC
   */
  readonly scheduleExpression?: string;
  /**
   * Hours a restored copy is kept for validation before AWS Backup deletes it (0 to 168).
   *
   * @default DEFAULT_VALIDATION_WINDOW_HOURS - 4
   */
  readonly validationWindowHours?: number;
  /**
   * Where restored Aurora clusters go. AWS Backup otherwise restores into the default VPC, which a PHI
   * account should not have (the restore then fails) and must not use.
   *
   * @default - no Aurora restore test; S3 and DynamoDB are tested
   */
  readonly aurora?: { readonly dbSubnetGroupName: string; readonly securityGroupIds: string[] };
}

/** Properties of a {@link ResilientBackup}. */
export interface ResilientBackupProps {
  /**
   * The key that encrypts the vault's recovery points (for services whose backups AWS Backup encrypts).
   *
   * @default - a new {@link PhiKey}, domain `backup-<id>` (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: PhiKey | kms.IKey;
  /**
   * Vault Lock in compliance mode.
   *
   * @default - min 35 days, max 2558 days, 3-day grace period (164.312(c)(1))
   */
  readonly vaultLock?: VaultLockSettings;
  /**
   * Create the vault without Vault Lock. Recorded as a relaxation of 164.312(c)(1); recovery points are
   * still protected from deletion by the vault access policy, which an administrator can change.
   *
   * @default - the vault is locked
   */
  readonly withoutVaultLock?: WithoutVaultLock;
  /**
   * Retention of the daily, monthly and yearly rules.
   *
   * @default - 35, 365 and 2192 days (164.308(a)(7)(ii)(A), 164.316(b)(2)(i))
   */
  readonly retention?: BackupRetention;
  /**
   * Continuous backup (point-in-time recovery) in the daily rule for resources that support it (S3,
   * RDS, Aurora); others get daily snapshots. Turning it off is recorded as a relaxation.
   *
   * @default true - point-in-time recovery for 35 days (164.308(a)(7)(ii)(B))
   */
  readonly continuousBackup?: boolean;
  /**
   * Copy every recovery point to a vault in another Region (e.g. a {@link BackupCopyVault}), kept as
   * long as the source: every plan rule gets the copy action. Required unless
   * `withoutCrossRegionCopy` is given, so a plan never silently keeps its only copies in one Region.
   *
   * @default - none: give copyTo or withoutCrossRegionCopy, or synth fails (164.308(a)(7)(ii)(B))
   */
  readonly copyTo?: BackupCopy;
  /**
   * Keep recovery points in this Region only. Recorded as a relaxation of 164.308(a)(7)(ii)(B) and
   * acknowledges TemplateEvidence-BackupCopyOffsite with the reason.
   *
   * @default - a cross-Region copy is required (`copyTo`)
   */
  readonly withoutCrossRegionCopy?: WithoutCopy;
  /**
   * Copy every recovery point to this logically air-gapped vault instead of creating one: in
   * organization mode, a vault of the separate backup account (shared with this account, e.g. through
   * AWS RAM). Its retention bounds must admit the rule retentions (35 to 2192 days by default).
   *
   * @default - a logically air-gapped vault is created in this account and Region, and every rule is
   * copied to it (164.308(a)(7)(ii)(A), 164.312(c)(1))
   */
  readonly airGappedCopy?: BackupCopy;
  /**
   * Create no logically air-gapped copy (e.g. in a Region without logically air-gapped vaults).
   * Recorded as a relaxation of 164.308(a)(7)(ii)(A) and acknowledges
   * TemplateEvidence-BackupAirGappedVault with the reason.
   *
   * @default - every recovery point is also copied to a logically air-gapped vault
   */
  readonly withoutAirGappedCopy?: WithoutCopy;
  /**
   * Restore-testing settings.
   *
   * @default - weekly tests of S3 and DynamoDB, 4-hour validation window (164.308(a)(7)(ii)(D))
   */
  readonly restoreTesting?: RestoreTestingSettings;
  /**
   * Measure every restore: record its duration and outcome for six years, publish
   * `RestoreDurationHours` / `RestoreFailed` and alarm `alertTopic` (required with this) when a restore
   * fails or takes longer than `recoveryTimeObjectiveHours`.
   *
   * @default - restores are not measured: only failures alert (with `alertTopic`), and a warning says so
   *   (164.308(a)(7)(ii)(B), 164.308(a)(7)(ii)(D))
   */
  readonly restoreEvidence?: RestoreEvidenceSettings;
  /**
   * Hours a restore may take, a whole number from 1 to 72; a longer measured restore raises an alarm.
   *
   * @default 72 - the proposed Security Rule's 72-hour restore requirement (164.308(a)(7)(ii)(B))
   */
  readonly recoveryTimeObjectiveHours?: number;
  /**
   * Topic told about failed backup, copy and restore jobs, and the action of the restore evidence
   * alarms (e.g. the high topic of an IncidentResponse).
   *
   * @default - no alerts; job failures are visible in the AWS Backup console only. Required with
   *   `restoreEvidence` (164.308(a)(7)(ii)(B))
   */
  readonly alertTopic?: sns.ITopic;
}

/**
 * Backups of every resource tagged `DataClassification=PHI`, in a vault encrypted with a
 * customer-managed key, retained on stack deletion, protected from deletion by its access policy and by
 * Vault Lock in compliance mode. A daily (35 days, point-in-time where supported), monthly (365 days) and
 * yearly (2192 days) rule, each copied to a vault in another Region (`copyTo`, required unless
 * `withoutCrossRegionCopy` says why not) and to a logically air-gapped vault (created here, or the
 * backup account's through `airGappedCopy`); weekly restore tests of S3 and DynamoDB (and Aurora when
 * given its network) that restore the latest recovery point, encrypted, and delete it; and, with
 * `restoreEvidence`, every finished restore measured against `recoveryTimeObjectiveHours` (see
 * {@link RestoreEvidence}).
 *
 * Serves 164.308(a)(7)(i) (contingency plan), 164.308(a)(7)(ii)(A) (data backup plan),
 * 164.308(a)(7)(ii)(B) (disaster recovery plan), 164.308(a)(7)(ii)(D) (testing), 164.312(a)(2)(ii)
 * (emergency access: the restore role) and 164.312(c)(1) (integrity).
 */
export class ResilientBackup extends Construct {
  /** The vault. */
  public readonly vault: backup.BackupVault;
  /** The plan. */
  public readonly plan: backup.BackupPlan;
  /** The key that encrypts the vault. */
  public readonly encryptionKey: kms.IKey;
  /** The key that encrypts restored copies (restore tests). */
  public readonly restoreKey: kms.IKey;
  /** The role AWS Backup backs up with. */
  public readonly backupRole: iam.Role;
  /** The role AWS Backup restores with (restore tests, and emergency restores). */
  public readonly restoreRole: iam.Role;
  /** The restore tests. */
  public readonly restoreTests: RestoreTests;
  /** Measured restores (absent without `restoreEvidence`). */
  public readonly restoreEvidence?: RestoreEvidence;
  /** The logically air-gapped vault created here (absent with `airGappedCopy` or `withoutAirGappedCopy`). */
  public readonly airGappedVault?: backup.CfnLogicallyAirGappedBackupVault;
  /** Every vault each plan rule copies to: the cross-Region vault, then the air-gapped one. */
  public readonly copyDestinations: readonly backup.IBackupVault[];

  constructor(scope: Construct, id: string, props: ResilientBackupProps = {}) {
    const check = new PropsCheck(scope, id);
    validateBackupProps(check, props);
    validateCopyProps(check, scope, props);
    check.throwIfInvalid();
    super(scope, id);

    this.encryptionKey = PhiKey.keyFor(this, props.encryptionKey);
    this.restoreKey = new PhiKey(this, 'RestoreKey', { dataDomain: dataDomainFromId(this, 'restore-') }).key;
    this.vault = createLockedVault(
      this,
      'Vault',
      this.encryptionKey,
      props.withoutVaultLock ? undefined : (props.vaultLock ?? {}),
    );
    if (props.withoutVaultLock) {
      recordRelaxation(this, {
        citation: Citation.INTEGRITY,
        setting: 'withoutVaultLock',
        reason: props.withoutVaultLock.reason,
      });
      acknowledgeBuiltIn(this.vault, [
        {
          ruleId: 'TemplateEvidence-BackupVaultProtection',
          reason: `Vault Lock left off through withoutVaultLock: ${props.withoutVaultLock.reason}`,
        },
      ]);
    }
    const continuous = props.continuousBackup ?? true;
    if (!continuous) {
      recordRelaxation(this, {
        citation: Citation.DISASTER_RECOVERY,
        setting: 'continuousBackup',
        reason: 'Point-in-time recovery turned off: the daily rule takes snapshots only.',
      });
    }

    this.backupRole = backupServiceRole(this, 'BackupRole', BACKUP_MANAGED_POLICIES, [this.encryptionKey]);
    this.restoreRole = backupServiceRole(this, 'RestoreRole', RESTORE_MANAGED_POLICIES, [
      this.encryptionKey,
      this.restoreKey,
    ]);
    if (!props.airGappedCopy && !props.withoutAirGappedCopy) {
      this.airGappedVault = createAirGappedVault(this, 'AirGappedVault', props);
    }
    this.copyDestinations = this.createCopyDestinations(props);
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: Names.uniqueResourceName(this, { maxLength: 50 }),
      backupVault: this.vault,
      backupPlanRules: backupRules(props, continuous, this.copyDestinations),
    });
    this.recordCopyRelaxations(props);
    this.plan.addSelection('PhiResources', {
      resources: [backup.BackupResource.fromTag(DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION)],
      role: this.backupRole,
    });
    this.restoreTests = new RestoreTests(this, 'RestoreTests', {
      vault: this.vault,
      role: this.restoreRole,
      restoreKey: this.restoreKey,
      settings: props.restoreTesting,
    });
    if (props.alertTopic) addBackupAlerts(this, props.alertTopic);
    if (props.restoreEvidence && props.alertTopic) {
      this.restoreEvidence = new RestoreEvidence(this, 'RestoreEvidence', {
        ...props.restoreEvidence,
        alertTopic: props.alertTopic,
        recoveryTimeObjectiveHours: props.recoveryTimeObjectiveHours,
      });
    } else {
      Annotations.of(this).addWarningV2(
        'cdk-hipaa-baseline:restore-not-measured',
        "Restore jobs are not measured: give restoreEvidence (and alertTopic) to record each restore's duration and outcome and alarm on failures and on restores slower than recoveryTimeObjectiveHours (164.308(a)(7)(ii)(B)).",
      );
    }
  }

  /** The cross-Region vault (`copyTo`) and the air-gapped vault (given, or created here). */
  private createCopyDestinations(props: ResilientBackupProps): backup.IBackupVault[] {
    const destinations: backup.IBackupVault[] = [];
    if (props.copyTo) {
      destinations.push(importedVault(this, 'CopyDestination', props.copyTo.destinationVaultArn));
      assertCopyLeavesRegion(this, 'CopyLeavesRegion', props.copyTo.destinationVaultArn);
    }
    const airGappedArn = props.airGappedCopy?.destinationVaultArn ?? this.airGappedVault?.attrBackupVaultArn;
    if (airGappedArn) destinations.push(importedVault(this, 'AirGappedDestination', airGappedArn));
    return destinations;
  }

  /** Relaxations and built-in acknowledgments for the copies left out, and for an external air-gapped vault. */
  private recordCopyRelaxations(props: ResilientBackupProps): void {
    const plan = this.plan.node.defaultChild as backup.CfnBackupPlan;
    if (props.withoutCrossRegionCopy) {
      const { reason } = props.withoutCrossRegionCopy;
      recordRelaxation(this, {
        citation: Citation.DISASTER_RECOVERY,
        setting: 'withoutCrossRegionCopy',
        reason,
      });
      acknowledgeBuiltIn(plan, [
        {
          ruleId: 'TemplateEvidence-BackupCopyOffsite',
          reason: `No cross-Region copy through withoutCrossRegionCopy: ${reason}`,
        },
      ]);
    }
    if (props.withoutAirGappedCopy) {
      const { reason } = props.withoutAirGappedCopy;
      recordRelaxation(this, { citation: Citation.DATA_BACKUP, setting: 'withoutAirGappedCopy', reason });
      acknowledgeBuiltIn(plan, [
        {
          ruleId: 'TemplateEvidence-BackupAirGappedVault',
          reason: `No logically air-gapped copy through withoutAirGappedCopy: ${reason}`,
        },
      ]);
    } else if (props.airGappedCopy) {
      acknowledgeBuiltIn(plan, [
        {
          ruleId: 'TemplateEvidence-BackupAirGappedVault',
          reason: `Copies go to the logically air-gapped vault ${props.airGappedCopy.destinationVaultArn} given through airGappedCopy (e.g. the backup account's); its type and retention are not in this assembly's templates.`,
        },
      ]);
    }
  }
}
