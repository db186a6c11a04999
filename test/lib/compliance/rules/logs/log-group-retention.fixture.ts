import { LogGroupRetention } from '../../../../../lib/compliance/rules/logs/log-group-retention';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Audit', {
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Logs: {
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 2192, KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    },
    Forever: {
      Type: 'AWS::Logs::LogGroup',
      Properties: { KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    },
  }),
];

export const fixture: RuleFixture = {
  rule: LogGroupRetention,
  compliant,
  bad: [
    {
      name: 'retention lowered to 7 days by an override',
      templates: mutate(compliant, (r) => setProperty(r.Logs, 'RetentionInDays', 7)),
      path: 'RetentionInDays',
    },
    {
      name: 'retention chosen by a condition that resolves to 30 days',
      templates: mutate(compliant, (r, t) => {
        setProperty(r.Logs, 'RetentionInDays', { 'Fn::If': ['Short', 30, 2192] });
        Object.assign(t[0]?.template ?? {}, { Conditions: { Short: { 'Fn::Equals': ['a', 'a'] } } });
      }),
    },
    {
      name: 'key removed',
      templates: mutate(compliant, (r) => deleteProperty(r.Logs, 'KmsKeyId')),
      path: 'KmsKeyId',
    },
    {
      name: 'deleted with the stack',
      templates: mutate(compliant, (r) => {
        delete (r.Logs as Record<string, unknown>).DeletionPolicy;
      }),
      path: 'DeletionPolicy',
    },
  ],
};
