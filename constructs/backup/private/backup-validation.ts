import { Token } from 'aws-cdk-lib';
import { reasonProblem } from '../../core/acknowledge';
import { Citation } from '../../core/citations';
import { checkSchedule } from '../../core/schedule-expression';
import type { PropsCheck } from '../../core/validation';
import { ResponseCitation } from '../../response/private/citations';
import type { ResilientBackupProps } from '../resilient-backup';
import { checkRecoveryTimeObjective } from '../restore-evidence';

/** Retention floors of the three backup rules, in days. */
export const RETENTION_FLOORS = { dailyDays: 35, monthlyDays: 365, yearlyDays: 2192 } as const;
/** Vault Lock defaults, in days: 35-day minimum, seven years and a day maximum, three-day grace period. */
export const VAULT_LOCK_DEFAULTS = {
  minRetentionDays: 35,
  maxRetentionDays: 2558,
  changeableForDays: 3,
} as const;
/** Longest retention AWS Backup accepts, in days (100 years). */
export const MAX_RETENTION_DAYS = 36500;
/**
 * Shortest Vault Lock minimum retention accepted, in days: the daily rule's floor, so no recovery point
 * in the vault can be kept for less than the data backup plan requires.
 */
export const VAULT_LOCK_MIN_RETENTION_FLOOR_DAYS = RETENTION_FLOORS.dailyDays;
/**
 * Grace period bounds of Vault Lock in compliance mode, in days. AWS Backup requires at least 3 (the
 * cooling-off period) and accepts up to 36500; until the grace period ends anyone allowed
 * `backup:DeleteBackupVaultLockConfiguration` can remove the lock, so a long one is a compliance-mode
 * lock in name only. 30 days is enough to watch the first backups and four weekly restore tests before
 * the lock becomes immutable (164.308(a)(7)(ii)(A) data backup plan, 164.312(c)(1) integrity).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export const VAULT_LOCK_CHANGEABLE_DAYS = { min: 3, max: 30 } as const;
/**
 * Longest gap, in days, between two restore tests: weekly, the default, so a backup that cannot be
 * restored is found within a week (164.308(a)(7)(ii)(D) testing and revision).
 */
export const MAX_RESTORE_TEST_GAP_DAYS = 7;
/** Longest AWS Backup keeps continuous (point-in-time) backups, in days. */
export const CONTINUOUS_MAX_DAYS = 35;
/** Days a recovery point must stay in cold storage before it may be deleted. */
export const COLD_STORAGE_MIN_DAYS = 90;

const SUBNET_GROUP = /^[a-zA-Z0-9 ._-]{1,255}$/;

/** The retention of each rule, defaults applied. */
export function resolvedRetention(
  props: ResilientBackupProps,
): Record<keyof typeof RETENTION_FLOORS, number> {
  return {
    dailyDays: props.retention?.dailyDays ?? RETENTION_FLOORS.dailyDays,
    monthlyDays: props.retention?.monthlyDays ?? RETENTION_FLOORS.monthlyDays,
    yearlyDays: props.retention?.yearlyDays ?? RETENTION_FLOORS.yearlyDays,
  };
}

/** Records every problem with {@link ResilientBackupProps} on `check`. */
export function validateBackupProps(check: PropsCheck, props: ResilientBackupProps): void {
  const lockless = props.withoutVaultLock !== undefined;
  check.require(!(lockless && props.vaultLock !== undefined), {
    prop: 'withoutVaultLock',
    received: props.withoutVaultLock,
    allowed: 'absent when vaultLock is set',
    citation: Citation.INTEGRITY,
  });
  if (lockless) {
    check.require(reasonProblem(props.withoutVaultLock?.reason) === undefined, {
      prop: 'withoutVaultLock.reason',
      received: props.withoutVaultLock?.reason,
      allowed: 'a specific reason of at least 20 characters, not boilerplate',
      citation: Citation.INTEGRITY,
    });
  }

  const lock = { ...VAULT_LOCK_DEFAULTS, ...props.vaultLock };
  check.integerInRange(
    'vaultLock.minRetentionDays',
    props.vaultLock?.minRetentionDays,
    VAULT_LOCK_MIN_RETENTION_FLOOR_DAYS,
    MAX_RETENTION_DAYS,
    Citation.INTEGRITY,
  );
  check.integerInRange(
    'vaultLock.maxRetentionDays',
    props.vaultLock?.maxRetentionDays,
    1,
    MAX_RETENTION_DAYS,
    Citation.INTEGRITY,
  );
  check.integerInRange(
    'vaultLock.changeableForDays',
    props.vaultLock?.changeableForDays,
    VAULT_LOCK_CHANGEABLE_DAYS.min,
    VAULT_LOCK_CHANGEABLE_DAYS.max,
    `${Citation.DATA_BACKUP}, ${Citation.INTEGRITY}`,
  );
  const lockOk = !lockless && lock.minRetentionDays <= lock.maxRetentionDays;
  if (!lockless) {
    check.require(lock.minRetentionDays <= lock.maxRetentionDays, {
      prop: 'vaultLock.maxRetentionDays',
      received: lock.maxRetentionDays,
      allowed: `at least vaultLock.minRetentionDays (${lock.minRetentionDays})`,
      citation: Citation.INTEGRITY,
    });
  }

  const retention = resolvedRetention(props);
  for (const [rule, floor] of Object.entries(RETENTION_FLOORS) as [keyof typeof RETENTION_FLOORS, number][]) {
    const prop = `retention.${rule}`;
    if (!check.integerInRange(prop, props.retention?.[rule], floor, MAX_RETENTION_DAYS, Citation.DATA_BACKUP))
      continue;
    if (lockOk) {
      check.require(retention[rule] >= lock.minRetentionDays && retention[rule] <= lock.maxRetentionDays, {
        prop,
        received: retention[rule],
        allowed: `within the vault lock's ${lock.minRetentionDays} to ${lock.maxRetentionDays} days (backup jobs outside it fail)`,
        citation: Citation.DATA_BACKUP,
      });
    }
  }
  if (props.continuousBackup ?? true) {
    check.require(retention.dailyDays <= CONTINUOUS_MAX_DAYS, {
      prop: 'retention.dailyDays',
      received: retention.dailyDays,
      allowed: `at most ${CONTINUOUS_MAX_DAYS} while continuousBackup is on (AWS Backup keeps point-in-time backups at most ${CONTINUOUS_MAX_DAYS} days)`,
      citation: Citation.DATA_BACKUP,
    });
  }
  const cold = props.retention?.monthlyColdStorageAfterDays;
  if (
    check.integerInRange(
      'retention.monthlyColdStorageAfterDays',
      cold,
      1,
      MAX_RETENTION_DAYS,
      Citation.DATA_BACKUP,
    ) &&
    cold !== undefined
  ) {
    check.require(retention.monthlyDays - cold >= COLD_STORAGE_MIN_DAYS, {
      prop: 'retention.monthlyColdStorageAfterDays',
      received: cold,
      allowed: `at least ${COLD_STORAGE_MIN_DAYS} days before retention.monthlyDays (${retention.monthlyDays}); cold storage keeps a recovery point at least ${COLD_STORAGE_MIN_DAYS} days`,
      citation: Citation.DATA_BACKUP,
    });
  }

  checkRecoveryTimeObjective(check, 'recoveryTimeObjectiveHours', props.recoveryTimeObjectiveHours);
  check.require(!props.restoreEvidence || props.alertTopic !== undefined, {
    prop: 'alertTopic',
    received: props.alertTopic,
    allowed: 'a topic when restoreEvidence is set: the restore alarms need an action',
    citation: Citation.DISASTER_RECOVERY,
  });

  const testing = props.restoreTesting;
  checkSchedule(
    check,
    'restoreTesting.scheduleExpression',
    testing?.scheduleExpression,
    MAX_RESTORE_TEST_GAP_DAYS,
    ResponseCitation.TESTING_AND_REVISION,
  );
  check.integerInRange(
    'restoreTesting.validationWindowHours',
    testing?.validationWindowHours,
    0,
    168,
    ResponseCitation.TESTING_AND_REVISION,
  );
  if (testing?.aurora) {
    const { dbSubnetGroupName, securityGroupIds } = testing.aurora;
    if (!Token.isUnresolved(dbSubnetGroupName)) {
      check.matches(
        'restoreTesting.aurora.dbSubnetGroupName',
        dbSubnetGroupName,
        SUBNET_GROUP,
        'a DB subnet group name',
        ResponseCitation.TESTING_AND_REVISION,
      );
    }
    check.require(securityGroupIds.length > 0, {
      prop: 'restoreTesting.aurora.securityGroupIds',
      received: securityGroupIds,
      allowed: 'at least one security group for the restored cluster',
      citation: ResponseCitation.TESTING_AND_REVISION,
    });
  }
}
