import { EcsClusterInsights } from '../../../../../lib/compliance/rules/ecs/cluster-insights';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Workload', {
    // As PhiFargateService creates its cluster with ECS Exec on.
    Cluster: {
      Type: 'AWS::ECS::Cluster',
      Properties: {
        ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }],
        Configuration: {
          ExecuteCommandConfiguration: {
            KmsKeyId: { 'Fn::GetAtt': ['ExecKey', 'Arn'] },
            Logging: 'OVERRIDE',
            LogConfiguration: {
              CloudWatchEncryptionEnabled: true,
              CloudWatchLogGroupName: { Ref: 'ExecLogs' },
            },
          },
        },
      },
    },
    Service: {
      Type: 'AWS::ECS::Service',
      Properties: { Cluster: { Ref: 'Cluster' }, EnableExecuteCommand: true, LaunchType: 'FARGATE' },
    },
    // Without ECS Exec, no execute-command configuration is needed.
    PlainCluster: {
      Type: 'AWS::ECS::Cluster',
      Properties: { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] },
    },
  }),
];
const exec = 'Configuration.ExecuteCommandConfiguration';

export const fixture: RuleFixture = {
  rule: EcsClusterInsights,
  compliant,
  bad: [
    {
      name: 'Container Insights disabled',
      templates: mutate(compliant, (r) =>
        setProperty(r.PlainCluster, 'ClusterSettings', [{ Name: 'containerInsights', Value: 'disabled' }]),
      ),
      path: 'ClusterSettings',
    },
    {
      name: 'no cluster settings at all',
      templates: mutate(compliant, (r) => deleteProperty(r.Cluster, 'ClusterSettings')),
      path: 'ClusterSettings',
    },
    {
      name: 'ECS Exec sessions not encrypted with a KMS key',
      templates: mutate(compliant, (r) => deleteProperty(r.Cluster, `${exec}.KmsKeyId`)),
      path: `${exec}.KmsKeyId`,
    },
    {
      name: 'ECS Exec logging left at DEFAULT',
      templates: mutate(compliant, (r) => setProperty(r.Cluster, `${exec}.Logging`, 'DEFAULT')),
      path: `${exec}.Logging`,
    },
    {
      name: 'ECS Exec logs not encrypted',
      templates: mutate(compliant, (r) =>
        setProperty(r.Cluster, `${exec}.LogConfiguration.CloudWatchEncryptionEnabled`, false),
      ),
      path: `${exec}.LogConfiguration.CloudWatchEncryptionEnabled`,
    },
    {
      name: 'a service allows ECS Exec on a cluster without an execute-command configuration',
      templates: mutate(compliant, (r) => deleteProperty(r.Cluster, 'Configuration')),
      path: exec,
    },
  ],
};
