import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { acknowledgeBuiltIn } from '../../core/private/acknowledge-built-in';
import type { ResilientBackupProps } from '../resilient-backup';
import { resolvedRetention } from './backup-validation';
import { BACKUP_KEY_ACTIONS, BACKUP_KEY_GRANT_ACTIONS } from './perms';

/**
 * The daily (05:00 UTC, point-in-time where supported), monthly (1st) and yearly (1 January) rules,
 * each copied to every vault of `copyDestinations` (another Region, a logically air-gapped vault) for
 * as long as the source is kept.
 */
export function backupRules(
  props: ResilientBackupProps,
  continuous: boolean,
  copyDestinations: readonly backup.IBackupVault[],
): backup.BackupPlanRule[] {
  const retention = resolvedRetention(props);
  const rule = (name: string, schedule: events.CronOptions, days: number, coldAfter?: number) =>
    new backup.BackupPlanRule({
      ruleName: name,
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5', ...schedule }),
      deleteAfter: Duration.days(days),
      moveToColdStorageAfter: coldAfter === undefined ? undefined : Duration.days(coldAfter),
      enableContinuousBackup: name === 'Daily' ? continuous : undefined,
      copyActions:
        copyDestinations.length > 0
          ? copyDestinations.map((vault) => ({
              destinationBackupVault: vault,
              deleteAfter: Duration.days(days),
            }))
          : undefined,
    });
  return [
    rule('Daily', {}, retention.dailyDays),
    rule('Monthly', { day: '1' }, retention.monthlyDays, props.retention?.monthlyColdStorageAfterDays),
    rule('Yearly', { day: '1', month: '1' }, retention.yearlyDays),
  ];
}

/**
 * A role AWS Backup assumes: its AWS-managed policies (acknowledged, with the reason) and a
 * customer-managed policy that lets it use `keys` and grant them only to AWS resources.
 */
export function backupServiceRole(
  scope: Construct,
  id: string,
  managed: readonly string[],
  keys: readonly kms.IKey[],
): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
    description: `AWS Backup ${id === 'BackupRole' ? 'backup' : 'restore'} role of ${scope.node.path}`,
    managedPolicies: managed.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  const keyArns = keys.map((k) => k.keyArn);
  new iam.ManagedPolicy(scope, `${id}KeyPolicy`, {
    roles: [role],
    statements: [
      new iam.PolicyStatement({ sid: 'UseBackupKeys', actions: [...BACKUP_KEY_ACTIONS], resources: keyArns }),
      new iam.PolicyStatement({
        sid: 'GrantBackupKeysToAwsServices',
        actions: [...BACKUP_KEY_GRANT_ACTIONS],
        resources: keyArns,
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    ],
  });
  acknowledgeBuiltIn(
    role,
    managed.map((name) => ({
      ruleId: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
      reason: `${name} is the AWS-maintained policy AWS Backup documents for its service role; it tracks every service AWS Backup supports, which a customer-managed copy would not.`,
    })),
  );
  return role;
}
