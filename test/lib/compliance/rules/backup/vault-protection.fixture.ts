import { BackupVaultProtection } from '../../../../../lib/compliance/rules/backup/vault-protection';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Resilience', {
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Vault: {
      Type: 'AWS::Backup::BackupVault',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BackupVaultName: 'phi-vault',
        EncryptionKeyArn: { 'Fn::GetAtt': ['Key', 'Arn'] },
        LockConfiguration: { MinRetentionDays: 35, MaxRetentionDays: 2558, ChangeableForDays: 3 },
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: BackupVaultProtection,
  compliant,
  bad: [
    {
      name: 'Vault Lock removed',
      templates: mutate(compliant, (r) => deleteProperty(r.Vault, 'LockConfiguration')),
      path: 'LockConfiguration',
    },
    {
      name: 'lock in governance mode (no ChangeableForDays)',
      templates: mutate(compliant, (r) => deleteProperty(r.Vault, 'LockConfiguration.ChangeableForDays')),
      path: 'LockConfiguration.ChangeableForDays',
    },
    {
      name: 'minimum retention lowered to 7 days',
      templates: mutate(compliant, (r) => setProperty(r.Vault, 'LockConfiguration.MinRetentionDays', 7)),
      path: 'LockConfiguration.MinRetentionDays',
    },
    {
      name: 'AWS-owned key and deleted with the stack',
      templates: mutate(compliant, (r) => {
        deleteProperty(r.Vault, 'EncryptionKeyArn');
        delete (r.Vault as Record<string, unknown>).DeletionPolicy;
      }),
      path: 'EncryptionKeyArn',
    },
    {
      name: 'minimum retention from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        setProperty(r.Vault, 'LockConfiguration.MinRetentionDays', { Ref: 'MinDays' });
        (t[0] as unknown as { template: Record<string, unknown> }).template.Parameters = {
          MinDays: { Type: 'Number' },
        };
      }),
      expect: 'unverified',
    },
  ],
};
