import { ConfigRecorderCoverage } from '../../../../../lib/compliance/rules/config/recorder-coverage';
import type { StackTemplate } from '../../../../../lib/compliance/template/cfn-template';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

/** A copy of `templates` without the resource `logicalId`. */
const withoutResource = (templates: readonly StackTemplate[], logicalId: string) =>
  mutate(templates, (_r, copy) => {
    for (const t of copy) delete (t.template.Resources as Record<string, unknown>)[logicalId];
  });

const compliant = [
  stackTemplate(
    'Baseline',
    {
      Recorder: {
        Type: 'AWS::Config::ConfigurationRecorder',
        Properties: {
          RoleARN: 'arn:aws:iam::111122223333:role/config',
          RecordingGroup: {
            AllSupported: true,
            IncludeGlobalResourceTypes: { 'Fn::If': ['IsHome', true, false] },
          },
        },
      },
      Channel: { Type: 'AWS::Config::DeliveryChannel', Properties: { S3BucketName: 'config-history' } },
      Pack: { Type: 'AWS::Config::ConformancePack', Properties: { ConformancePackName: 'HIPAA-Security' } },
    },
    { Conditions: { IsHome: { 'Fn::Equals': ['us-east-1', 'us-east-1'] } } },
  ),
];

export const fixture: RuleFixture = {
  rule: ConfigRecorderCoverage,
  compliant,
  bad: [
    {
      name: 'recording limited to listed resource types',
      templates: mutate(compliant, (r) => setProperty(r.Recorder, 'RecordingGroup.AllSupported', false)),
      path: 'RecordingGroup.AllSupported',
    },
    {
      name: 'global resource types not recorded',
      templates: mutate(compliant, (r) =>
        deleteProperty(r.Recorder, 'RecordingGroup.IncludeGlobalResourceTypes'),
      ),
      path: 'RecordingGroup.IncludeGlobalResourceTypes',
    },
    {
      name: 'delivery channel removed',
      templates: withoutResource(compliant, 'Channel'),
      path: 'Properties',
    },
    {
      name: 'conformance pack removed',
      templates: withoutResource(compliant, 'Pack'),
    },
    {
      name: 'global recording decided by a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        setProperty(r.Recorder, 'RecordingGroup.IncludeGlobalResourceTypes', { Ref: 'RecordGlobal' });
        (t[0] as unknown as { template: Record<string, unknown> }).template.Parameters = {
          RecordGlobal: { Type: 'String' },
        };
      }),
      expect: 'unverified',
    },
  ],
};
