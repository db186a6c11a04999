import { S3TlsOnlyPolicy } from '../../../../../lib/compliance/rules/s3/bucket-tls-only-policy';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Data', {
    Records: { Type: 'AWS::S3::Bucket', Properties: {} },
    RecordsPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'Records' },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Resource: [
                { 'Fn::GetAtt': ['Records', 'Arn'] },
                { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Records', 'Arn'] }, '/*']] },
              ],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: S3TlsOnlyPolicy,
  compliant,
  bad: [
    {
      name: 'bucket policy for another bucket only',
      templates: mutate(compliant, (r) => setProperty(r.RecordsPolicy, 'Bucket', 'some-other-bucket')),
      path: 'Properties',
    },
    {
      name: 'TLS deny turned into a deny of TLS requests',
      templates: mutate(compliant, (r) =>
        setProperty(r.RecordsPolicy, 'PolicyDocument.Statement.0.Condition.Bool.aws:SecureTransport', 'true'),
      ),
    },
    {
      name: 'deny limited to one principal',
      templates: mutate(compliant, (r) =>
        setProperty(r.RecordsPolicy, 'PolicyDocument.Statement.0.Principal', {
          AWS: 'arn:aws:iam::111122223333:root',
        }),
      ),
    },
    {
      name: 'TLS condition from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        setProperty(r.RecordsPolicy, 'PolicyDocument.Statement.0.Condition.Bool.aws:SecureTransport', {
          Ref: 'RequireTls',
        });
        (t[0] as unknown as { template: Record<string, unknown> }).template.Parameters = {
          RequireTls: { Type: 'String' },
        };
      }),
      expect: 'unverified',
    },
  ],
};
