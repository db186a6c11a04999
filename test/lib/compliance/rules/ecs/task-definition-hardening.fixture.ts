import { EcsTaskDefinitionHardening } from '../../../../../lib/compliance/rules/ecs/task-definition-hardening';
import type { Json } from '../../../../../lib/compliance/template/cfn-template';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const DIGEST = `sha256:${'a1'.repeat(32)}`;
// As PhiFargateService renders an image by tag from a HardenedRepository.
const ecrImage = (suffix: string): Json => ({
  'Fn::Join': [
    '',
    [
      { 'Fn::Select': [4, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Images', 'Arn'] }] }] },
      '.dkr.ecr.',
      { 'Fn::Select': [3, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Images', 'Arn'] }] }] },
      '.',
      { Ref: 'AWS::URLSuffix' },
      '/',
      { Ref: 'Images' },
      suffix,
    ],
  ],
});
const container = (name: string, image: Json) => ({
  Name: name,
  Essential: true,
  Image: image,
  ReadonlyRootFilesystem: true,
  Privileged: false,
  User: '1000:1000',
  LinuxParameters: { Capabilities: { Drop: ['ALL'] }, InitProcessEnabled: true },
  LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'Logs' } } },
  Environment: [
    { Name: 'LOG_LEVEL', Value: 'info' },
    { Name: 'KMS_KEY_ARN', Value: 'arn:aws:kms:…' },
  ],
  Secrets: [{ Name: 'DB_PASSWORD', ValueFrom: { Ref: 'DbSecret' } }],
});
const compliant = [
  stackTemplate('Workload', {
    Images: { Type: 'AWS::ECR::Repository', Properties: { ImageTagMutability: 'IMMUTABLE' } },
    Task: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        RequiresCompatibilities: ['FARGATE'],
        ContainerDefinitions: [
          container('app', ecrImage(':v1.2.3')),
          container('proxy', `public.ecr.aws/nginx/nginx@${DIGEST}`),
        ],
      },
    },
  }),
];
const change = (path: string, value: unknown) =>
  mutate(compliant, (r) => setProperty(r.Task, `ContainerDefinitions.0.${path}`, value));

export const fixture: RuleFixture = {
  rule: EcsTaskDefinitionHardening,
  compliant,
  bad: [
    {
      name: 'a writable root file system',
      templates: change('ReadonlyRootFilesystem', false),
      path: 'ContainerDefinitions[0].ReadonlyRootFilesystem',
    },
    {
      name: 'a privileged container',
      templates: change('Privileged', true),
      path: 'ContainerDefinitions[0].Privileged',
    },
    { name: 'running as root', templates: change('User', '0:0'), path: 'ContainerDefinitions[0].User' },
    {
      name: 'no user (the image default, often root)',
      templates: mutate(compliant, (r) => {
        delete (r.Task as { Properties: { ContainerDefinitions: Record<string, unknown>[] } }).Properties
          .ContainerDefinitions[1]?.User;
      }),
      path: 'ContainerDefinitions[1].User',
    },
    {
      name: 'capabilities not dropped',
      templates: change('LinuxParameters', { InitProcessEnabled: true }),
      path: 'ContainerDefinitions[0].LinuxParameters.Capabilities.Drop',
    },
    {
      name: 'logs to another driver',
      templates: change('LogConfiguration', { LogDriver: 'json-file' }),
      path: 'ContainerDefinitions[0].LogConfiguration.LogDriver',
    },
    {
      name: 'a secret in the plain environment',
      templates: change('Environment', [{ Name: 'STRIPE_SECRET_KEY', Value: 'sk_live_…' }]),
      path: 'ContainerDefinitions[0].Environment[0].Name',
    },
    {
      name: 'the latest tag of an ECR repository',
      templates: change('Image', ecrImage(':latest')),
      path: 'ContainerDefinitions[0].Image',
    },
    {
      name: 'a public image by mutable tag',
      templates: change('Image', 'docker.io/library/nginx:1.27'),
      path: 'ContainerDefinitions[0].Image',
    },
    {
      name: 'an image from a parameter',
      templates: mutate(compliant, (r, templates) => {
        setProperty(r.Task, 'ContainerDefinitions.0.Image', { Ref: 'ImageUri' });
        (templates[0] as { template: { Parameters?: unknown } }).template.Parameters = {
          ImageUri: { Type: 'String' },
        };
      }),
      expect: 'unverified',
    },
  ],
};
