import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ResilientBackup } from '../../../constructs/backup/resilient-backup';
import { RELAXATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

/** A cross-Region copy destination: ResilientBackup requires one (or withoutCrossRegionCopy). */
const COPY_TO = { destinationVaultArn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:phi-copy' };
const TO_AIR_GAPPED = { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupsAirGappedVault'), 'BackupVaultArn'] };
const PHI_CONDITION = { StringEquals: [{ Key: 'aws:ResourceTag/DataClassification', Value: 'PHI' }] };

describe('ResilientBackup at its defaults', () => {
  const stack = newTestStack();
  const backups = new ResilientBackup(stack, 'Backups', { copyTo: COPY_TO });
  const template = Template.fromStack(stack);

  test('a vault encrypted with its own PHI key, retained, locked in compliance mode', () => {
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: {
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupsKey'), 'Arn'] },
        LockConfiguration: { MinRetentionDays: 35, MaxRetentionDays: 2558, ChangeableForDays: 3 },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/phi/TestStack/backups' });
  });

  test('the vault access policy denies deleting recovery points or shortening their lifecycle', () => {
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: {
        Statement: [
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
            Resource: '*',
          },
        ],
      },
    });
  });

  test('daily (35 days, point-in-time), monthly (365) and yearly (2192) rules, each copied to the other Region and the air-gapped vault', () => {
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'Daily',
            Lifecycle: { DeleteAfterDays: 35 },
            EnableContinuousBackup: true,
            CopyActions: [
              { DestinationBackupVaultArn: COPY_TO.destinationVaultArn, Lifecycle: { DeleteAfterDays: 35 } },
              { DestinationBackupVaultArn: TO_AIR_GAPPED, Lifecycle: { DeleteAfterDays: 35 } },
            ],
          }),
          Match.objectLike({
            RuleName: 'Monthly',
            ScheduleExpression: 'cron(0 5 1 * ? *)',
            Lifecycle: { DeleteAfterDays: 365 },
          }),
          Match.objectLike({
            RuleName: 'Yearly',
            ScheduleExpression: 'cron(0 5 1 1 ? *)',
            Lifecycle: { DeleteAfterDays: 2192 },
          }),
        ],
      },
    });
  });

  test('selects every resource tagged DataClassification=PHI, backed up by a backup-only role', () => {
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupsBackupRole'), 'Arn'] },
        ListOfTags: [
          { ConditionKey: 'DataClassification', ConditionType: 'STRINGEQUALS', ConditionValue: 'PHI' },
        ],
        Resources: Match.absent(),
      },
    });
    const managed = (policy: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${policy}`]],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })],
      },
      ManagedPolicyArns: [
        managed('service-role/AWSBackupServiceRolePolicyForBackup'),
        managed('AWSBackupServiceRolePolicyForS3Backup'),
      ],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [
        managed('service-role/AWSBackupServiceRolePolicyForRestores'),
        managed('AWSBackupServiceRolePolicyForS3Restore'),
      ],
    });
    template.allResourcesProperties('AWS::IAM::Role', { Policies: Match.absent() });
  });

  test('a weekly restore test of the latest snapshot or continuous recovery point in the vault', () => {
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      ScheduleExpression: 'cron(0 5 ? * SUN *)',
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        IncludeVaults: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupsVault'), 'BackupVaultArn'] }],
        RecoveryPointTypes: ['SNAPSHOT', 'CONTINUOUS'],
        SelectionWindowDays: 7,
      },
    });
  });

  test('restore tests S3 and DynamoDB PHI, restored with the restore key; no Aurora test without its network', () => {
    const restoreKey = { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupsRestoreKey'), 'Arn'] };
    template.resourceCountIs('AWS::Backup::RestoreTestingSelection', 2);
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'S3',
      ProtectedResourceArns: ['*'],
      ProtectedResourceConditions: PHI_CONDITION,
      IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupsRestoreRole'), 'Arn'] },
      ValidationWindowHours: 4,
      RestoreMetadataOverrides: { encryptionType: 'SSE-KMS', kmsKey: restoreKey },
    });
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'DynamoDB',
      ProtectedResourceConditions: PHI_CONDITION,
      RestoreMetadataOverrides: { encryptionType: 'KMS', kmsMasterKeyArn: restoreKey },
    });
    expect(Object.keys(backups.restoreTests.selections)).toEqual(['S3', 'DynamoDB']);
  });

  test('the restore role may use only the vault and restore keys, and grant them only to AWS resources', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^BackupsRestoreRole') }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Sid: 'UseBackupKeys', Resource: [Match.anyValue(), Match.anyValue()] }),
          Match.objectLike({
            Sid: 'GrantBackupKeysToAwsServices',
            Action: 'kms:CreateGrant',
            Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
          }),
        ],
      },
    });
  });

  test('no alert rule without an alert topic, and no relaxation recorded', () => {
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(backups.node.metadata.filter((m) => m.type === RELAXATION_METADATA_KEY)).toEqual([]);
  });

  test('no unacknowledged finding from the rule packs', () => {
    expectNoUnacknowledgedFindings(backups);
  });
});

describe('ResilientBackup with copy, cold storage, Aurora restore tests and alerts', () => {
  const stack = newTestStack();
  const topic = new sns.Topic(stack, 'Alerts', { enforceSSL: true });
  new ResilientBackup(stack, 'Backups', {
    vaultLock: { minRetentionDays: 35, maxRetentionDays: 3653, changeableForDays: 14 },
    retention: { monthlyDays: 400, yearlyDays: 3653, monthlyColdStorageAfterDays: 30 },
    copyTo: { destinationVaultArn: 'arn:aws:backup:us-west-2:444455556666:backup-vault:phi-dr' },
    restoreTesting: {
      scheduleExpression: 'cron(0 3 ? * MON *)',
      validationWindowHours: 24,
      aurora: { dbSubnetGroupName: 'phi-db-subnets', securityGroupIds: ['sg-0123456789abcdef0'] },
    },
    alertTopic: topic,
  });
  const template = Template.fromStack(stack);

  test('applies the lock settings, retention, cold storage and a copy kept as long as the source', () => {
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 35, MaxRetentionDays: 3653, ChangeableForDays: 14 },
    });
    const copy = (days: number) => [
      {
        DestinationBackupVaultArn: 'arn:aws:backup:us-west-2:444455556666:backup-vault:phi-dr',
        Lifecycle: { DeleteAfterDays: days },
      },
      { DestinationBackupVaultArn: TO_AIR_GAPPED, Lifecycle: { DeleteAfterDays: days } },
    ];
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'Daily', CopyActions: copy(35) }),
          Match.objectLike({
            RuleName: 'Monthly',
            Lifecycle: { DeleteAfterDays: 400, MoveToColdStorageAfterDays: 30 },
            CopyActions: copy(400),
          }),
          Match.objectLike({
            RuleName: 'Yearly',
            Lifecycle: { DeleteAfterDays: 3653 },
            CopyActions: copy(3653),
          }),
        ],
      },
    });
  });

  test('restores Aurora into the given subnet group and security groups, with the restore key', () => {
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'Aurora',
      ProtectedResourceConditions: PHI_CONDITION,
      ValidationWindowHours: 24,
      RestoreMetadataOverrides: {
        dbSubnetGroupName: 'phi-db-subnets',
        vpcSecurityGroupIds: '["sg-0123456789abcdef0"]',
        kmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupsRestoreKey'), 'Arn'] },
      },
    });
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      ScheduleExpression: 'cron(0 3 ? * MON *)',
    });
  });

  test('alerts the topic on failed backup, copy and restore jobs', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.backup'],
        'detail-type': ['Backup Job State Change', 'Copy Job State Change'],
        detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Alerts') } })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': ['Restore Job State Change'], detail: { status: ['FAILED'] } },
    });
  });
});

describe('ResilientBackup without Vault Lock', () => {
  test('is allowed only through withoutVaultLock, which records a relaxation', () => {
    const stack = newTestStack();
    const reason = 'Sandbox account: recovery points are disposable test data without PHI.';
    const backups = new ResilientBackup(stack, 'Backups', { withoutVaultLock: { reason }, copyTo: COPY_TO });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: Match.absent(),
    });
    expect(backups.node.metadata.find((m) => m.type === RELAXATION_METADATA_KEY)?.data).toEqual({
      citation: '164.312(c)(1)',
      setting: 'withoutVaultLock',
      reason,
    });
    // The template evidence rule BackupVaultProtection is acknowledged on the vault with the same reason.
    expectNoUnacknowledgedFindings(backups);
  });
});

describe('ResilientBackup compliance fixture', () => {
  test('the findings helper does fail for a backup role with an unacknowledged AWS-managed policy', () => {
    const stack = newTestStack();
    const vault = new backup.BackupVault(stack, 'PlainVault');
    const plan = backup.BackupPlan.daily35DayRetention(stack, 'PlainPlan', vault);
    plan.addSelection('All', { resources: [backup.BackupResource.fromTag('DataClassification', 'PHI')] });
    new iam.Role(stack, 'Unused', { assumedBy: new iam.ServicePrincipal('backup.amazonaws.com') });
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AwsSolutions-IAM4\[Policy::.*AWSBackupServiceRolePolicyForBackup\]$/),
      ]),
    );
  });
});

describe('ResilientBackup rejects', () => {
  const make = (props: ConstructorParameters<typeof ResilientBackup>[2]) => () =>
    new ResilientBackup(newTestStack(), 'Backups', { copyTo: COPY_TO, ...props });

  test.each([
    ['dailyDays', 30, 35],
    ['monthlyDays', 180, 365],
    ['yearlyDays', 365, 2192],
  ] as const)('rejects %s below its floor', (rule, days, floor) => {
    expect(make({ retention: { [rule]: days } })).toThrow(
      new RegExp(
        `TestStack/Backups: 'retention\\.${rule}' must be an integer from ${floor} to 36500 \\(164\\.308\\(a\\)\\(7\\)\\(ii\\)\\(A\\)\\), got ${days}`,
      ),
    );
  });

  test('rejects a vault without lock unless the named prop says so, with a specific reason', () => {
    expect(make({ withoutVaultLock: { reason: 'n/a' } })).toThrow(
      /TestStack\/Backups: 'withoutVaultLock\.reason' must be a specific reason of at least 20 characters, not boilerplate \(164\.312\(c\)\(1\)\), got "n\/a"/,
    );
    expect(make({ withoutVaultLock: { reason: 'x'.repeat(30) }, vaultLock: {} })).toThrow(
      /'withoutVaultLock' must be absent when vaultLock is set \(164\.312\(c\)\(1\)\)/,
    );
  });

  test('rejects a lock whose minimum exceeds its maximum, or a grace period under 3 days', () => {
    expect(make({ vaultLock: { minRetentionDays: 100, maxRetentionDays: 50 } })).toThrow(
      /'vaultLock\.maxRetentionDays' must be at least vaultLock\.minRetentionDays \(100\) \(164\.312\(c\)\(1\)\), got 50/,
    );
    expect(make({ vaultLock: { minRetentionDays: 7 } })).toThrow(
      /'vaultLock\.minRetentionDays' must be an integer from 35 to 36500 \(164\.312\(c\)\(1\)\), got 7/,
    );
    expect(make({ vaultLock: { changeableForDays: 1 } })).toThrow(
      /'vaultLock\.changeableForDays' must be an integer from 3 to 30 \(164\.308\(a\)\(7\)\(ii\)\(A\), 164\.312\(c\)\(1\)\), got 1/,
    );
  });

  test('rejects a grace period that would leave a compliance-mode lock removable for years', () => {
    expect(make({ vaultLock: { changeableForDays: 36500 } })).toThrow(
      /TestStack\/Backups: 'vaultLock\.changeableForDays' must be an integer from 3 to 30 \(164\.308\(a\)\(7\)\(ii\)\(A\), 164\.312\(c\)\(1\)\), got 36500/,
    );
    expect(make({ vaultLock: { changeableForDays: 31 } })).toThrow(/got 31/);
    expect(make({ vaultLock: { changeableForDays: 2.5 } })).toThrow(/got 2\.5/);
    expect(make({ vaultLock: { changeableForDays: 30 } })).not.toThrow();
  });

  test('rejects a lock minimum above the daily rule or a maximum below the yearly rule', () => {
    expect(make({ vaultLock: { minRetentionDays: 1 } })).toThrow(
      /'vaultLock\.minRetentionDays' must be an integer from 35 to 36500 \(164\.312\(c\)\(1\)\), got 1/,
    );
    expect(make({ vaultLock: { minRetentionDays: 40 }, retention: { dailyDays: 35 } })).toThrow(
      /'retention\.dailyDays' must be within the vault lock's 40 to 2558 days \(backup jobs outside it fail\) \(164\.308\(a\)\(7\)\(ii\)\(A\)\), got 35/,
    );
    expect(make({ vaultLock: { maxRetentionDays: 2000 } })).toThrow(
      /'retention\.yearlyDays' must be within the vault lock's 35 to 2000 days .* got 2192/,
    );
  });

  test('rejects restore tests less often than weekly', () => {
    for (const scheduleExpression of [
      'cron(0 5 1 * ? *)',
      'rate(14 days)',
      'cron(0 5 ? 1 SUN *)',
      'cron(0 5 ? * SUN#1 *)',
    ]) {
      expect(make({ restoreTesting: { scheduleExpression } })).toThrow(
        /'restoreTesting\.scheduleExpression' must be a 'cron\(\.\.\.\)' or 'rate\(\.\.\.\)' expression that runs at least every 7 days \(it runs (up to \d+ days apart|only in some months or years)\)/,
      );
    }
    expect(make({ restoreTesting: { scheduleExpression: 'cron(0 5 ? * MON,THU *)' } })).not.toThrow();
  });

  test('rejects a rule retention outside the vault lock', () => {
    expect(make({ retention: { yearlyDays: 3653 } })).toThrow(
      /'retention\.yearlyDays' must be within the vault lock's 35 to 2558 days .* \(164\.308\(a\)\(7\)\(ii\)\(A\)\), got 3653/,
    );
  });

  test('rejects daily retention over 35 days while continuous backup is on', () => {
    expect(make({ retention: { dailyDays: 40 } })).toThrow(
      /'retention\.dailyDays' must be at most 35 while continuousBackup is on .* \(164\.308\(a\)\(7\)\(ii\)\(A\)\), got 40/,
    );
  });

  test('rejects cold storage less than 90 days before expiry', () => {
    expect(make({ retention: { monthlyColdStorageAfterDays: 300 } })).toThrow(
      /'retention\.monthlyColdStorageAfterDays' must be at least 90 days before retention\.monthlyDays \(365\).* \(164\.308\(a\)\(7\)\(ii\)\(A\)\), got 300/,
    );
  });

  test('rejects a copy destination that is not a backup vault ARN', () => {
    expect(make({ copyTo: { destinationVaultArn: 'arn:aws:s3:::bucket' } })).toThrow(
      /'copyTo\.destinationVaultArn' must be a backup vault ARN .* \(164\.308\(a\)\(7\)\(ii\)\(B\)\), got "arn:aws:s3:::bucket"/,
    );
  });

  test('rejects a validation window over 168 hours and a bad schedule', () => {
    expect(make({ restoreTesting: { validationWindowHours: 200, scheduleExpression: 'weekly' } })).toThrow(
      /'restoreTesting\.scheduleExpression' must be a 'cron\(\.\.\.\)' or 'rate\(\.\.\.\)' expression that runs at least every 7 days \(it is not a 'cron\(\.\.\.\)' or 'rate\(\.\.\.\)' expression\) \(164\.308\(a\)\(7\)\(ii\)\(D\)\), got "weekly"\n.*'restoreTesting\.validationWindowHours' must be an integer from 0 to 168 \(164\.308\(a\)\(7\)\(ii\)\(D\)\), got 200/,
    );
  });
});
