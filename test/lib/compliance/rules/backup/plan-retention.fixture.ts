import { BackupPlanRetention } from '../../../../../lib/compliance/rules/backup/plan-retention';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const toVault = { 'Fn::GetAtt': ['Vault', 'BackupVaultName'] };
const compliant = [
  stackTemplate('Resilience', {
    Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'phi-vault' } },
    Plan: {
      Type: 'AWS::Backup::BackupPlan',
      Properties: {
        BackupPlan: {
          BackupPlanName: 'phi',
          BackupPlanRule: [
            { RuleName: 'Daily', TargetBackupVault: toVault, Lifecycle: { DeleteAfterDays: 35 } },
            {
              RuleName: 'Yearly',
              TargetBackupVault: toVault,
              Lifecycle: { DeleteAfterDays: 2192 },
              CopyActions: [
                {
                  DestinationBackupVaultArn: 'arn:aws:backup:us-west-2:444455556666:backup-vault:dr',
                  Lifecycle: { DeleteAfterDays: 2192 },
                },
              ],
            },
            // No DeleteAfterDays: kept indefinitely.
            { RuleName: 'Forever', TargetBackupVault: toVault },
          ],
        },
      },
    },
    RestoreTests: {
      Type: 'AWS::Backup::RestoreTestingPlan',
      Properties: {
        RestoreTestingPlanName: 'phi_restore_tests',
        ScheduleExpression: 'cron(0 5 ? * SUN *)',
        RecoveryPointSelection: {
          Algorithm: 'LATEST_WITHIN_WINDOW',
          IncludeVaults: [{ 'Fn::GetAtt': ['Vault', 'BackupVaultArn'] }],
          RecoveryPointTypes: ['SNAPSHOT'],
        },
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: BackupPlanRetention,
  compliant,
  bad: [
    {
      name: 'daily recovery points deleted after 7 days',
      templates: mutate(compliant, (r) =>
        setProperty(r.Plan, 'BackupPlan.BackupPlanRule.0.Lifecycle.DeleteAfterDays', 7),
      ),
      path: 'BackupPlan.BackupPlanRule[0].Lifecycle.DeleteAfterDays',
    },
    {
      name: 'copies deleted after 14 days',
      templates: mutate(compliant, (r) =>
        setProperty(r.Plan, 'BackupPlan.BackupPlanRule.1.CopyActions.0.Lifecycle.DeleteAfterDays', 14),
      ),
      path: 'CopyActions[0].Lifecycle.DeleteAfterDays',
    },
    {
      name: 'restore testing plan removed',
      templates: mutate(compliant, (_r, t) => {
        for (const stack of t) delete (stack.template.Resources as Record<string, unknown>).RestoreTests;
      }),
      path: 'TargetBackupVault',
    },
    {
      name: 'restore tests select another vault',
      templates: mutate(compliant, (r) =>
        setProperty(r.RestoreTests, 'RecoveryPointSelection.IncludeVaults', [
          'arn:aws:backup:us-east-1:111122223333:backup-vault:other',
        ]),
      ),
      path: 'TargetBackupVault',
    },
    {
      name: 'retention from an import',
      templates: mutate(compliant, (r) =>
        setProperty(r.Plan, 'BackupPlan.BackupPlanRule.0.Lifecycle.DeleteAfterDays', {
          'Fn::ImportValue': 'DailyDays',
        }),
      ),
      expect: 'unverified',
    },
  ],
};
