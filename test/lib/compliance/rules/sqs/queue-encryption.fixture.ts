import { SqsQueueEncryption } from '../../../../../lib/compliance/rules/sqs/queue-encryption';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Workload', {
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    DeadLetters: {
      Type: 'AWS::SQS::Queue',
      Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] }, MessageRetentionPeriod: 1209600 },
    },
    DeadLettersPolicy: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [{ Ref: 'DeadLetters' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sqs:*',
              Resource: { 'Fn::GetAtt': ['DeadLetters', 'Arn'] },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: SqsQueueEncryption,
  compliant,
  bad: [
    {
      name: 'SQS-managed encryption instead of a customer-managed key',
      templates: mutate(compliant, (r) => {
        deleteProperty(r.DeadLetters, 'KmsMasterKeyId');
        setProperty(r.DeadLetters, 'SqsManagedSseEnabled', true);
      }),
      path: 'KmsMasterKeyId',
    },
    {
      name: 'TLS deny narrowed to SendMessage',
      templates: mutate(compliant, (r) =>
        setProperty(r.DeadLettersPolicy, 'PolicyDocument.Statement.0.Action', 'sqs:SendMessage'),
      ),
      path: 'Properties',
    },
    {
      name: 'queue policy removed',
      templates: mutate(compliant, (_r, t) => {
        for (const stack of t) delete (stack.template.Resources as Record<string, unknown>).DeadLettersPolicy;
      }),
    },
    {
      name: 'policy document from an import',
      templates: mutate(compliant, (r) =>
        setProperty(r.DeadLettersPolicy, 'PolicyDocument.Statement', [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 'sqs:*',
            Resource: { 'Fn::GetAtt': ['DeadLetters', 'Arn'] },
            Condition: { 'Fn::ImportValue': 'SecureTransportCondition' },
          },
        ]),
      ),
      expect: 'unverified',
    },
  ],
};
