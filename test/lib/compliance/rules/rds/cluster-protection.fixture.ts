import { RdsClusterProtection } from '../../../../../lib/compliance/rules/rds/cluster-protection';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Data', {
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Records: {
      Type: 'AWS::RDS::DBCluster',
      Properties: {
        StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
        BackupRetentionPeriod: 35,
        DeletionProtection: true,
        EnableIAMDatabaseAuthentication: true,
      },
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    },
  }),
];

export const fixture: RuleFixture = {
  rule: RdsClusterProtection,
  compliant,
  bad: [
    {
      name: 'one day of backups by an override',
      templates: mutate(compliant, (r) => setProperty(r.Records, 'BackupRetentionPeriod', 1)),
      path: 'BackupRetentionPeriod',
    },
    {
      name: 'deletion protection off',
      templates: mutate(compliant, (r) => setProperty(r.Records, 'DeletionProtection', false)),
      path: 'DeletionProtection',
    },
    {
      name: 'IAM authentication off',
      templates: mutate(compliant, (r) => setProperty(r.Records, 'EnableIAMDatabaseAuthentication', false)),
      path: 'EnableIAMDatabaseAuthentication',
    },
    {
      name: 'backup window from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        setProperty(r.Records, 'BackupRetentionPeriod', { Ref: 'Days' });
        Object.assign(t[0]?.template ?? {}, { Parameters: { Days: { Type: 'Number' } } });
      }),
      expect: 'unverified',
    },
  ],
};
