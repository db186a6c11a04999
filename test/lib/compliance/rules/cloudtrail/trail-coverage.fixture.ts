import { CloudTrailTrailCoverage } from '../../../../../lib/compliance/rules/cloudtrail/trail-coverage';
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
    Trail: {
      Type: 'AWS::CloudTrail::Trail',
      Properties: {
        IsLogging: true,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        KMSKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
        S3BucketName: 'audit-logs',
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: CloudTrailTrailCoverage,
  compliant,
  bad: [
    {
      name: 'single-Region trail by an override',
      templates: mutate(compliant, (r) => setProperty(r.Trail, 'IsMultiRegionTrail', false)),
      path: 'IsMultiRegionTrail',
    },
    {
      name: 'log file validation deleted',
      templates: mutate(compliant, (r) => deleteProperty(r.Trail, 'EnableLogFileValidation')),
      path: 'EnableLogFileValidation',
    },
    {
      name: 'logging stopped',
      templates: mutate(compliant, (r) => setProperty(r.Trail, 'IsLogging', false)),
      path: 'IsLogging',
    },
  ],
};
