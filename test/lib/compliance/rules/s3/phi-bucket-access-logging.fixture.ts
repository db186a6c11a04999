import { S3PhiBucketAccessLogging } from '../../../../../lib/compliance/rules/s3/phi-bucket-access-logging';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const PHI = [{ Key: 'DataClassification', Value: 'PHI' }];
const compliant = [
  stackTemplate('Data', {
    Logs: { Type: 'AWS::S3::Bucket', Properties: { Tags: PHI } },
    Records: {
      Type: 'AWS::S3::Bucket',
      Properties: { Tags: PHI, LoggingConfiguration: { DestinationBucketName: { Ref: 'Logs' } } },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: S3PhiBucketAccessLogging,
  compliant,
  bad: [
    {
      name: 'access logging deleted from the PHI bucket',
      templates: mutate(compliant, (r) => deleteProperty(r.Records, 'LoggingConfiguration')),
      path: 'LoggingConfiguration.DestinationBucketName',
    },
  ],
};
