import { GuardDutyDetectorFeatures } from '../../../../../lib/compliance/rules/guardduty/detector-features';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

type Feature = {
  Name: string;
  Status: string;
  AdditionalConfiguration?: Feature[];
};

const enabled = (Name: string): Feature => ({ Name, Status: 'ENABLED' });
const features = (): Feature[] => [
  ...[
    'S3_DATA_EVENTS',
    'EKS_AUDIT_LOGS',
    'EBS_MALWARE_PROTECTION',
    'RDS_LOGIN_EVENTS',
    'LAMBDA_NETWORK_LOGS',
  ].map(enabled),
  {
    ...enabled('RUNTIME_MONITORING'),
    AdditionalConfiguration: [
      'EKS_ADDON_MANAGEMENT',
      'ECS_FARGATE_AGENT_MANAGEMENT',
      'EC2_AGENT_MANAGEMENT',
    ].map(enabled),
  },
];
const compliant = [
  stackTemplate('Detection', {
    Detector: {
      Type: 'AWS::GuardDuty::Detector',
      Properties: { Enable: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES', Features: features() },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: GuardDutyDetectorFeatures,
  compliant,
  bad: [
    {
      name: 'features deleted by a deletion override',
      templates: mutate(compliant, (r) => deleteProperty(r.Detector, 'Features')),
      path: 'Features',
    },
    {
      name: 'RDS login monitoring disabled',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.Detector,
          'Features',
          features().map((f) => (f.Name === 'RDS_LOGIN_EVENTS' ? { ...f, Status: 'DISABLED' } : f)),
        ),
      ),
      path: 'Features[RDS_LOGIN_EVENTS].Status',
    },
    {
      name: 'EC2 runtime agent dropped',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.Detector,
          'Features',
          features().map((f) =>
            f.Name === 'RUNTIME_MONITORING'
              ? { ...f, AdditionalConfiguration: f.AdditionalConfiguration?.slice(0, 2) }
              : f,
          ),
        ),
      ),
      path: 'AdditionalConfiguration',
    },
    {
      name: 'findings published every six hours',
      templates: mutate(compliant, (r) => setProperty(r.Detector, 'FindingPublishingFrequency', 'SIX_HOURS')),
      path: 'FindingPublishingFrequency',
    },
  ],
};
