import { S3BucketVersioning } from '../../../../../lib/compliance/rules/s3/bucket-versioning';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Data', {
    Records: {
      Type: 'AWS::S3::Bucket',
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
      Metadata: { 'aws:cdk:path': 'Data/Records/Bucket/Resource' },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: S3BucketVersioning,
  compliant,
  bad: [
    {
      name: 'versioning configuration deleted',
      templates: mutate(compliant, (r) => deleteProperty(r.Records, 'VersioningConfiguration')),
      path: 'VersioningConfiguration.Status',
    },
    {
      name: 'versioning suspended',
      templates: mutate(compliant, (r) =>
        setProperty(r.Records, 'VersioningConfiguration.Status', 'Suspended'),
      ),
    },
    {
      name: 'status from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        setProperty(r.Records, 'VersioningConfiguration.Status', { Ref: 'Versioning' });
        Object.assign(t[0]?.template ?? {}, { Parameters: { Versioning: { Type: 'String' } } });
      }),
      expect: 'unverified',
    },
  ],
};
