import { S3PublicAccessBlock } from '../../../../../lib/compliance/rules/s3/bucket-public-access-block';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const BLOCK_ALL = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};
const compliant = [
  stackTemplate('Data', {
    Records: { Type: 'AWS::S3::Bucket', Properties: { PublicAccessBlockConfiguration: BLOCK_ALL } },
  }),
];

export const fixture: RuleFixture = {
  rule: S3PublicAccessBlock,
  compliant,
  bad: [
    {
      name: 'public access block deleted by a deletion override',
      templates: mutate(compliant, (r) => deleteProperty(r.Records, 'PublicAccessBlockConfiguration')),
      path: 'PublicAccessBlockConfiguration.BlockPublicAcls',
    },
    {
      name: 'public policies allowed',
      templates: mutate(compliant, (r) =>
        setProperty(r.Records, 'PublicAccessBlockConfiguration.RestrictPublicBuckets', false),
      ),
      path: 'PublicAccessBlockConfiguration.RestrictPublicBuckets',
    },
  ],
};
