import { S3BucketEncryption } from '../../../../../lib/compliance/rules/s3/bucket-encryption';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const PHI = [{ Key: 'DataClassification', Value: 'PHI' }];
const kms = {
  ServerSideEncryptionByDefault: {
    SSEAlgorithm: 'aws:kms',
    KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] },
  },
};
const compliant = [
  stackTemplate('Data', {
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Records: {
      Type: 'AWS::S3::Bucket',
      Properties: { Tags: PHI, BucketEncryption: { ServerSideEncryptionConfiguration: [kms] } },
    },
    Scratch: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: S3BucketEncryption,
  compliant,
  bad: [
    {
      name: 'PHI bucket switched to S3-managed keys by an override',
      templates: mutate(compliant, (r) =>
        setProperty(r.Records, 'BucketEncryption.ServerSideEncryptionConfiguration', [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ]),
      ),
      path: 'SSEAlgorithm',
    },
    {
      name: 'KMS key removed from the PHI bucket',
      templates: mutate(compliant, (r) =>
        setProperty(r.Records, 'BucketEncryption.ServerSideEncryptionConfiguration', [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
        ]),
      ),
      path: 'KMSMasterKeyID',
    },
    {
      name: 'default encryption deleted',
      templates: mutate(compliant, (r) => deleteProperty(r.Scratch, 'BucketEncryption')),
      path: 'SSEAlgorithm',
    },
  ],
};
