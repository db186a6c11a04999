import { EcrRepositoryHardening } from '../../../../../lib/compliance/rules/ecr/repository-hardening';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Workload', {
    // As HardenedRepository renders it.
    Images: {
      Type: 'AWS::ECR::Repository',
      Properties: {
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
        EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': ['ImagesKey', 'Arn'] } },
        EmptyOnDelete: false,
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: EcrRepositoryHardening,
  compliant,
  bad: [
    {
      name: 'no scan on push',
      templates: mutate(compliant, (r) =>
        setProperty(r.Images, 'ImageScanningConfiguration.ScanOnPush', false),
      ),
      path: 'ImageScanningConfiguration.ScanOnPush',
    },
    {
      name: 'mutable tags',
      templates: mutate(compliant, (r) => setProperty(r.Images, 'ImageTagMutability', 'MUTABLE')),
      path: 'ImageTagMutability',
    },
    {
      name: 'immutable tags with mutable exclusions',
      templates: mutate(compliant, (r) =>
        setProperty(r.Images, 'ImageTagMutability', 'IMMUTABLE_WITH_EXCLUSION'),
      ),
      path: 'ImageTagMutability',
    },
    {
      name: 'default AES256 encryption',
      templates: mutate(compliant, (r) => deleteProperty(r.Images, 'EncryptionConfiguration')),
      path: 'EncryptionConfiguration.EncryptionType',
    },
    {
      name: 'the AWS-managed ECR key',
      templates: mutate(compliant, (r) => deleteProperty(r.Images, 'EncryptionConfiguration.KmsKey')),
      path: 'EncryptionConfiguration.KmsKey',
    },
  ],
};
