import { EcsServiceNoPublicIp } from '../../../../../lib/compliance/rules/ecs/service-no-public-ip';
import type { CfnResourceJson } from '../../../../../lib/compliance/template/cfn-template';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const network = (assign?: string) => ({
  AwsvpcConfiguration: {
    ...(assign ? { AssignPublicIp: assign } : {}),
    SecurityGroups: [{ 'Fn::GetAtt': ['TaskSecurityGroup', 'GroupId'] }],
    Subnets: [{ Ref: 'AppSubnet1' }, { Ref: 'AppSubnet2' }],
  },
});
const compliant = [
  stackTemplate('Workload', {
    Api: {
      Type: 'AWS::ECS::Service',
      Properties: {
        LaunchType: 'FARGATE',
        PlatformVersion: 'LATEST',
        NetworkConfiguration: network('DISABLED'),
      },
    },
    Worker: {
      Type: 'AWS::ECS::Service',
      Properties: {
        CapacityProviderStrategy: [
          { CapacityProvider: 'FARGATE', Weight: 1 },
          { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
        ],
        NetworkConfiguration: network(),
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: EcsServiceNoPublicIp,
  compliant,
  bad: [
    {
      name: 'tasks get a public IP address',
      templates: mutate(compliant, (r) =>
        setProperty(r.Api, 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp', 'ENABLED'),
      ),
      path: 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp',
    },
    {
      name: 'the EC2 launch type',
      templates: mutate(compliant, (r) => setProperty(r.Api, 'LaunchType', 'EC2')),
      path: 'LaunchType',
    },
    {
      name: 'neither a launch type nor a capacity provider (the cluster default may be EC2)',
      templates: mutate(compliant, (r) => deleteProperty(r.Api, 'LaunchType')),
      path: 'LaunchType',
    },
    {
      name: 'an EC2 Auto Scaling capacity provider',
      templates: mutate(compliant, (r, templates) => {
        const resources = (templates[0]?.template.Resources ?? {}) as Record<string, CfnResourceJson>;
        resources.AsgProvider = { Type: 'AWS::ECS::CapacityProvider', Properties: {} };
        setProperty(r.Worker, 'CapacityProviderStrategy', [
          { CapacityProvider: { Ref: 'AsgProvider' }, Weight: 1 },
        ]);
      }),
      path: 'CapacityProviderStrategy',
    },
    {
      name: 'a capacity provider imported from another stack no template exports',
      templates: mutate(compliant, (r) =>
        setProperty(r.Worker, 'CapacityProviderStrategy', [
          { CapacityProvider: { 'Fn::ImportValue': 'SharedProvider' }, Weight: 1 },
        ]),
      ),
      expect: 'unverified',
    },
  ],
};
