import { DynamoDbTableRecovery } from '../../../../../lib/compliance/rules/dynamodb/table-recovery';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Data', {
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Events: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
        },
        DeletionProtectionEnabled: true,
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    },
  }),
];

export const fixture: RuleFixture = {
  rule: DynamoDbTableRecovery,
  compliant,
  bad: [
    {
      name: 'point-in-time recovery deleted by a deletion override',
      templates: mutate(compliant, (r) => deleteProperty(r.Events, 'PointInTimeRecoverySpecification')),
      path: 'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled',
    },
    {
      name: 'deletion protection off',
      templates: mutate(compliant, (r) => setProperty(r.Events, 'DeletionProtectionEnabled', false)),
      path: 'DeletionProtectionEnabled',
    },
    {
      name: 'AWS-owned key',
      templates: mutate(compliant, (r) => deleteProperty(r.Events, 'SSESpecification')),
      path: 'SSESpecification.KMSMasterKeyId',
    },
  ],
};
