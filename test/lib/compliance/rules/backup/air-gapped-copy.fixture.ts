import { BackupAirGappedVault } from '../../../../../lib/compliance/rules/backup/air-gapped-copy';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const toVault = { 'Fn::GetAtt': ['Vault', 'BackupVaultName'] };
const toAirGapped = { 'Fn::GetAtt': ['AirGapped', 'BackupVaultArn'] };
const compliant = [
  stackTemplate('Resilience', {
    Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'phi-vault' } },
    AirGapped: {
      Type: 'AWS::Backup::LogicallyAirGappedBackupVault',
      DeletionPolicy: 'Retain',
      Properties: { BackupVaultName: 'phi-air-gapped', MinRetentionDays: 35, MaxRetentionDays: 2558 },
    },
    Plan: {
      Type: 'AWS::Backup::BackupPlan',
      Properties: {
        BackupPlan: {
          BackupPlanName: 'phi',
          BackupPlanRule: [
            {
              RuleName: 'Daily',
              TargetBackupVault: toVault,
              CopyActions: [
                {
                  DestinationBackupVaultArn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:phi-copy',
                  Lifecycle: { DeleteAfterDays: 35 },
                },
                { DestinationBackupVaultArn: toAirGapped, Lifecycle: { DeleteAfterDays: 35 } },
              ],
            },
            {
              RuleName: 'Yearly',
              TargetBackupVault: toVault,
              CopyActions: [{ DestinationBackupVaultArn: toAirGapped, Lifecycle: { DeleteAfterDays: 2192 } }],
            },
          ],
        },
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: BackupAirGappedVault,
  compliant,
  bad: [
    {
      name: 'a rule copies only to a standard vault',
      templates: mutate(compliant, (r) =>
        setProperty(r.Plan, 'BackupPlan.BackupPlanRule.0.CopyActions', [
          {
            DestinationBackupVaultArn: { 'Fn::GetAtt': ['Vault', 'BackupVaultArn'] },
            Lifecycle: { DeleteAfterDays: 35 },
          },
        ]),
      ),
      path: 'BackupPlan.BackupPlanRule[0].CopyActions',
    },
    {
      name: 'yearly copies outlive what the air-gapped vault accepts',
      templates: mutate(compliant, (r) => setProperty(r.AirGapped, 'MaxRetentionDays', 365)),
      path: 'BackupPlan.BackupPlanRule[1].CopyActions[0].Lifecycle.DeleteAfterDays',
    },
    {
      name: 'the air-gapped vault is removed',
      templates: mutate(compliant, (_r, t) => {
        for (const stack of t) delete (stack.template.Resources as Record<string, unknown>).AirGapped;
      }),
      path: 'CopyActions',
    },
  ],
};
