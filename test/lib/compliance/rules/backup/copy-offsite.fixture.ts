import { BackupCopyOffsite } from '../../../../../lib/compliance/rules/backup/copy-offsite';
import type { Json } from '../../../../../lib/compliance/template/cfn-template';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const toVault = { 'Fn::GetAtt': ['Vault', 'BackupVaultName'] };
// As ResilientBackup writes a copyTo built from pseudo parameters in an environment-agnostic stack.
const otherRegion = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':backup:us-west-2:',
      { Ref: 'AWS::AccountId' },
      ':backup-vault:phi-copy',
    ],
  ],
};
const copy = (arn: Json, days: number) => [
  { DestinationBackupVaultArn: arn, Lifecycle: { DeleteAfterDays: days } },
];
const compliant = [
  stackTemplate('Resilience', {
    Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'phi-vault' } },
    Plan: {
      Type: 'AWS::Backup::BackupPlan',
      Properties: {
        BackupPlan: {
          BackupPlanName: 'phi',
          BackupPlanRule: [
            { RuleName: 'Daily', TargetBackupVault: toVault, CopyActions: copy(otherRegion, 35) },
            {
              RuleName: 'Yearly',
              TargetBackupVault: toVault,
              // Another account (the backup account) in the same Region counts as offsite too.
              CopyActions: copy('arn:aws:backup:us-east-1:444455556666:backup-vault:dr', 2192),
            },
          ],
        },
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: BackupCopyOffsite,
  compliant,
  bad: [
    {
      name: 'a rule without copy actions',
      templates: mutate(compliant, (r) => setProperty(r.Plan, 'BackupPlan.BackupPlanRule.1.CopyActions', [])),
      path: 'BackupPlan.BackupPlanRule[1].CopyActions',
    },
    {
      name: 'the copy goes to a vault of the same template',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.Plan,
          'BackupPlan.BackupPlanRule.0.CopyActions',
          copy({ 'Fn::GetAtt': ['Vault', 'BackupVaultArn'] }, 35),
        ),
      ),
      path: 'BackupPlan.BackupPlanRule[0].CopyActions',
    },
    {
      name: "the copy ARN is built from the stack's own Region and account",
      templates: mutate(compliant, (r) =>
        setProperty(
          r.Plan,
          'BackupPlan.BackupPlanRule.0.CopyActions',
          copy(
            {
              'Fn::Join': [
                '',
                [
                  'arn:aws:backup:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':backup-vault:phi-copy',
                ],
              ],
            },
            35,
          ),
        ),
      ),
      path: 'BackupPlan.BackupPlanRule[0].CopyActions',
    },
    {
      name: 'the destination comes from an import no template exports',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.Plan,
          'BackupPlan.BackupPlanRule.0.CopyActions',
          copy({ 'Fn::ImportValue': 'CopyVaultArn' }, 35),
        ),
      ),
      expect: 'unverified',
    },
  ],
};
