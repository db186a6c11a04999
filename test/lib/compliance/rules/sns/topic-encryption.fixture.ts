import { SnsTopicEncryption } from '../../../../../lib/compliance/rules/sns/topic-encryption';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Alerts', {
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
    TopicPolicy: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [{ Ref: 'Topic' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AllowPublishThroughSSLOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: 'sns:Publish',
              Resource: { Ref: 'Topic' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: SnsTopicEncryption,
  compliant,
  bad: [
    {
      name: 'unencrypted topic',
      templates: mutate(compliant, (r) => deleteProperty(r.Topic, 'KmsMasterKeyId')),
      path: 'KmsMasterKeyId',
    },
    {
      name: 'AWS managed key',
      templates: mutate(compliant, (r) => setProperty(r.Topic, 'KmsMasterKeyId', 'alias/aws/sns')),
      path: 'KmsMasterKeyId',
    },
    {
      name: 'topic policy without the TLS deny',
      templates: mutate(compliant, (r) =>
        setProperty(r.TopicPolicy, 'PolicyDocument.Statement.0.Effect', 'Allow'),
      ),
      path: 'Properties',
    },
    {
      name: 'no topic policy',
      templates: mutate(compliant, (r) =>
        setProperty(r.TopicPolicy, 'Topics', ['arn:aws:sns:us-east-1:111122223333:other']),
      ),
    },
    {
      name: 'TLS condition value from an import',
      templates: mutate(compliant, (r) =>
        setProperty(r.TopicPolicy, 'PolicyDocument.Statement.0.Condition', {
          Bool: { 'aws:SecureTransport': { 'Fn::ImportValue': 'TlsFlag' } },
        }),
      ),
      expect: 'unverified',
    },
  ],
};
