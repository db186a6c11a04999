import { AuditBucketObjectLock } from '../../../../../lib/compliance/rules/s3/audit-bucket-object-lock';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const locked = (days: number) => ({
  ObjectLockEnabled: true,
  ObjectLockConfiguration: {
    ObjectLockEnabled: 'Enabled',
    Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: days } },
  },
});
const compliant = [
  stackTemplate('AccountBaseline', {
    TrailLogs: { Type: 'AWS::S3::Bucket', Properties: locked(2192) },
    Trail: {
      Type: 'AWS::CloudTrail::Trail',
      Properties: { IsLogging: true, S3BucketName: { Ref: 'TrailLogs' } },
    },
    ConfigHistory: { Type: 'AWS::S3::Bucket', Properties: locked(2557) },
    Delivery: {
      Type: 'AWS::Config::DeliveryChannel',
      Properties: { S3BucketName: { Ref: 'ConfigHistory' } },
    },
    Findings: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 7 } },
        },
      },
    },
    Export: {
      Type: 'AWS::GuardDuty::PublishingDestination',
      Properties: {
        DetectorId: 'abc',
        DestinationType: 'S3',
        DestinationProperties: { DestinationArn: { 'Fn::GetAtt': ['Findings', 'Arn'] }, KmsKeyArn: 'k' },
      },
    },
    // Nothing delivers audit logs here: not judged.
    Documents: { Type: 'AWS::S3::Bucket', Properties: {} },
  }),
];

export const fixture: RuleFixture = {
  rule: AuditBucketObjectLock,
  compliant,
  bad: [
    {
      name: 'the trail bucket has no Object Lock',
      templates: mutate(compliant, (r) => {
        deleteProperty(r.TrailLogs, 'ObjectLockEnabled');
        deleteProperty(r.TrailLogs, 'ObjectLockConfiguration');
      }),
      path: 'ObjectLockEnabled',
    },
    {
      name: 'the Config bucket locks in GOVERNANCE mode',
      templates: mutate(compliant, (r) =>
        setProperty(r.ConfigHistory, 'ObjectLockConfiguration.Rule.DefaultRetention.Mode', 'GOVERNANCE'),
      ),
      path: 'ObjectLockConfiguration.Rule.DefaultRetention.Mode',
    },
    {
      name: 'the findings bucket locks for one year only',
      templates: mutate(compliant, (r) =>
        setProperty(r.Findings, 'ObjectLockConfiguration.Rule.DefaultRetention', {
          Mode: 'COMPLIANCE',
          Days: 365,
        }),
      ),
      path: 'ObjectLockConfiguration.Rule.DefaultRetention.Days',
    },
    {
      name: 'the lock period comes from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        (t[0] as { template: { Parameters?: unknown } }).template.Parameters = {
          LockDays: { Type: 'Number' },
        };
        setProperty(r.TrailLogs, 'ObjectLockConfiguration.Rule.DefaultRetention.Days', { Ref: 'LockDays' });
      }),
      expect: 'unverified',
    },
  ],
};
