import { VpcFlowLogsAll } from '../../../../../lib/compliance/rules/vpc/flow-logs-all';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Network', {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.40.0.0/16' } },
    FlowLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: {} },
    FlowLog: {
      Type: 'AWS::EC2::FlowLog',
      Properties: {
        ResourceId: { Ref: 'Vpc' },
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: { Ref: 'FlowLogGroup' },
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: VpcFlowLogsAll,
  compliant,
  bad: [
    {
      name: 'the flow log records only rejected traffic',
      templates: mutate(compliant, (r) => setProperty(r.FlowLog, 'TrafficType', 'REJECT')),
    },
    {
      name: 'the flow log removed',
      templates: mutate(compliant, (_r, t) => {
        for (const stack of t) delete (stack.template.Resources as Record<string, unknown>).FlowLog;
      }),
    },
    {
      name: 'the flow log has no destination',
      templates: mutate(compliant, (r) => deleteProperty(r.FlowLog, 'LogGroupName')),
    },
    {
      name: 'the traffic type comes from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        (t[0]?.template as { Parameters?: unknown }).Parameters = { Traffic: { Type: 'String' } };
        setProperty(r.FlowLog, 'TrafficType', { Ref: 'Traffic' });
      }),
      expect: 'unverified',
    },
  ],
};
