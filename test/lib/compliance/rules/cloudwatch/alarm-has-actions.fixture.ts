import { AlarmHasActions } from '../../../../../lib/compliance/rules/cloudwatch/alarm-has-actions';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Baseline', {
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    RootUsage: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        MetricName: 'RootAccountUsage',
        Namespace: 'CISBenchmark',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        Threshold: 1,
        AlarmActions: [{ Ref: 'Topic' }],
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: AlarmHasActions,
  compliant,
  bad: [
    {
      name: 'actions disabled',
      templates: mutate(compliant, (r) => setProperty(r.RootUsage, 'ActionsEnabled', false)),
      path: 'ActionsEnabled',
    },
    {
      name: 'no alarm action',
      templates: mutate(compliant, (r) => deleteProperty(r.RootUsage, 'AlarmActions')),
      path: 'AlarmActions',
    },
    {
      name: 'actions enabled by a condition that cannot be decided',
      templates: mutate(compliant, (r, t) => {
        setProperty(r.RootUsage, 'ActionsEnabled', { 'Fn::If': ['Notify', true, false] });
        (t[0] as unknown as { template: Record<string, unknown> }).template.Conditions = {
          Notify: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
        };
      }),
      expect: 'unverified',
    },
  ],
};
