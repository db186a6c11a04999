import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { HardenedRepository } from '../../../constructs/compute/hardened-repository';
import {
  looksLikeSecretName,
  PhiFargateService,
  type PhiFargateServiceProps,
} from '../../../constructs/containers/phi-fargate-service';
import { RELAXATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import { RetentionProfile } from '../../../constructs/core/retention';
import { PermissionsBoundary } from '../../../constructs/identity/permissions-boundary';
import { PhiVpc } from '../../../constructs/network/phi-vpc';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const DIGEST = `sha256:${'0f'.repeat(32)}`;
const REASON = 'Break-glass debugging of production incidents under ticket OPS-1234';

/** A stack with a PhiVpc and a HardenedRepository, and a service built from `props`. */
function build(props: Partial<PhiFargateServiceProps> = {}) {
  const stack = newTestStack();
  const network = new PhiVpc(stack, 'Network');
  const images = new HardenedRepository(stack, 'Images');
  const make = () =>
    new PhiFargateService(stack, 'Api', {
      vpc: network.vpc,
      image: { repository: images, tag: 'v1.2.3' },
      ...props,
    });
  return { stack, network, images, make };
}

type Statement = { Action: string | string[]; Resource: unknown };
const statementsOf = (template: Template, logicalIdPrefix: string): Statement[] =>
  Object.entries(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter(([id]) => id.startsWith(logicalIdPrefix))
    .flatMap(
      ([, p]) =>
        (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
          .Statement,
    );

describe('PhiFargateService at its defaults', () => {
  const { stack, network, images, make } = build();
  const api = make();
  const records = new sqs.Queue(stack, 'Records');
  records.grantSendMessages(api);
  api.grantSecretRead(new secretsmanager.Secret(stack, 'ApiKey'));
  const template = Template.fromStack(stack);

  test('runs a non-root, read-only, unprivileged container with every capability dropped', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['FARGATE'],
      Cpu: '512',
      Memory: '1024',
      Volumes: [{ Name: 'tmp' }],
      ContainerDefinitions: [
        Match.objectLike({
          Name: 'app',
          Essential: true,
          ReadonlyRootFilesystem: true,
          Privileged: false,
          User: '1000:1000',
          LinuxParameters: { Capabilities: { Drop: ['ALL'] }, InitProcessEnabled: true },
          MountPoints: [{ ContainerPath: '/tmp', ReadOnly: false, SourceVolume: 'tmp' }],
          PortMappings: [{ ContainerPort: 8443, Protocol: 'tcp' }],
          Environment: Match.absent(),
          Image: {
            'Fn::Join': [
              '',
              Match.arrayWith([{ Ref: Match.stringLikeRegexp('^ImagesRepository') }, ':v1.2.3']),
            ],
          },
        }),
      ],
    });
  });

  test('logs through awslogs, blocking, to its own encrypted log group kept six years', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          LogConfiguration: {
            LogDriver: 'awslogs',
            Options: Match.objectLike({
              'awslogs-group': { Ref: Match.stringLikeRegexp('^ApiLogsLogGroup') },
              mode: 'blocking',
            }),
          },
        }),
      ],
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        RetentionInDays: 2192,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiLogsKey'), 'Arn'] },
      },
      DeletionPolicy: 'Retain',
    });
    expect(api.logGroup.retention).toBe(RetentionProfile.SIX_YEARS);
  });

  test('runs two Fargate tasks on LATEST in the application subnets, without public IPs, rolling back failed deployments', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      PlatformVersion: 'LATEST',
      DesiredCount: 2,
      EnableExecuteCommand: Match.absent(),
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
      }),
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          AssignPublicIp: 'DISABLED',
          SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiSecurityGroup'), 'GroupId'] }],
          Subnets: network.vpc
            .selectSubnets(network.applicationSubnets)
            .subnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) })),
        },
      },
    });
  });

  test('has a security group with no ingress and HTTPS egress only', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Fargate service TestStack/Api'),
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [
        { CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp', Description: Match.anyValue() },
      ],
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('creates a cluster with enhanced Container Insights, encrypted task storage and no ECS Exec', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }],
      Configuration: {
        ManagedStorageConfiguration: {
          FargateEphemeralStorageKmsKeyId: { Ref: Match.stringLikeRegexp('^ApiStorageKey') },
        },
        ExecuteCommandConfiguration: Match.absent(),
      },
    });
    expect(api.execLogGroup).toBeUndefined();
  });

  test('roles have no AWS-managed or inline policy; Resource * only for the ECR log-in', () => {
    const roles = Object.entries(template.findResources('AWS::IAM::Role')).filter(([id]) =>
      id.startsWith('Api'),
    );
    expect(roles).toHaveLength(2);
    for (const [, role] of roles) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
    }
    expect(
      Object.keys(template.findResources('AWS::IAM::Policy')).filter((id) => id.startsWith('Api')),
    ).toEqual([]);
    const execution = statementsOf(template, 'ApiExecutionRole');
    const wildcard = execution.filter((s) => s.Resource === '*');
    expect(wildcard.flatMap((s) => s.Action)).toEqual(['ecr:GetAuthorizationToken']);
    expect(JSON.stringify(execution)).toContain(
      'arn:aws:ecr:us-east-1:*:repository/aws-guardduty-agent-fargate',
    );
    expect(JSON.stringify(execution)).toContain(
      stack.getLogicalId(images.repository.node.defaultChild as ecr.CfnRepository),
    );
  });

  test('grants to the service land in the task role, never the execution role', () => {
    const task = JSON.stringify(statementsOf(template, 'ApiTaskRole'));
    expect(task).toContain('sqs:SendMessage');
    expect(task).toContain('secretsmanager:GetSecretValue');
    const execution = JSON.stringify(statementsOf(template, 'ApiExecutionRole'));
    expect(execution).not.toContain('sqs:');
    expect(execution).not.toContain('secretsmanager:');
    expect(api.grantPrincipal).toBe(api.taskRole);
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(api);
    expectNoUnacknowledgedFindings(images);
  });
});

describe('PhiFargateService with ECS Exec', () => {
  const { stack, make } = build({ enableExecuteCommand: { reason: REASON } });
  const api = make();
  const template = Template.fromStack(stack);

  test('encrypts sessions with a KMS key and logs them to an encrypted log group kept six years', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', {
      Configuration: Match.objectLike({
        ExecuteCommandConfiguration: {
          KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiExecKey'), 'Arn'] },
          Logging: 'OVERRIDE',
          LogConfiguration: {
            CloudWatchEncryptionEnabled: true,
            CloudWatchLogGroupName: { Ref: Match.stringLikeRegexp('^ApiExecLogsLogGroup') },
          },
        },
      }),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 2192,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiExecLogsKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::ECS::Service', { EnableExecuteCommand: true });
  });

  test("leaves the session key's policy without kms:* and scopes the task role to the session key and log group", () => {
    const keys = template.findResources('AWS::KMS::Key');
    const [execKeyId, execKey] = Object.entries(keys).find(([id]) => id.startsWith('ApiExecKey')) ?? [];
    expect(JSON.stringify(execKey?.Properties.KeyPolicy)).not.toContain('"kms:*"');
    const task = statementsOf(template, 'ApiTaskRole');
    expect(
      task
        .filter((s) => s.Resource === '*')
        .flatMap((s) => s.Action)
        .sort(),
    ).toEqual([
      'logs:DescribeLogGroups',
      'ssmmessages:CreateControlChannel',
      'ssmmessages:CreateDataChannel',
      'ssmmessages:OpenControlChannel',
      'ssmmessages:OpenDataChannel',
    ]);
    expect(task).toContainEqual({
      Action: 'kms:Decrypt',
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [execKeyId, 'Arn'] },
    });
  });

  test('keeps the root file system read-only, with writable volumes for the SSM agent', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          ReadonlyRootFilesystem: true,
          MountPoints: Match.arrayWith([
            { ContainerPath: '/managed-agents', ReadOnly: false, SourceVolume: 'ssm-managed-agents' },
            { ContainerPath: '/var/lib/amazon/ssm', ReadOnly: false, SourceVolume: 'ssm-state' },
            { ContainerPath: '/var/log/amazon/ssm', ReadOnly: false, SourceVolume: 'ssm-logs' },
          ]),
        }),
      ],
    });
  });

  test('records the relaxation with its reason and has no unacknowledged findings', () => {
    const relaxations = api.node.metadata
      .filter((m) => m.type === RELAXATION_METADATA_KEY)
      .map((m) => m.data);
    expect(relaxations).toEqual([
      { citation: '164.312(a)(1)', setting: 'enableExecuteCommand', reason: REASON },
    ]);
    expectNoUnacknowledgedFindings(api);
  });

  test('accepts a given cluster whose ECS Exec configuration is audited', () => {
    const { stack: other, network, images } = build();
    const cluster = new ecs.Cluster(other, 'Shared', {
      vpc: network.vpc,
      executeCommandConfiguration: {
        kmsKey: new kms.Key(other, 'ExecKey', { enableKeyRotation: true }),
        logging: ecs.ExecuteCommandLogging.OVERRIDE,
        logConfiguration: {
          cloudWatchLogGroup: new logs.LogGroup(other, 'ExecLogs'),
          cloudWatchEncryptionEnabled: true,
        },
      },
    });
    const svc = new PhiFargateService(other, 'Api', {
      vpc: network.vpc,
      cluster,
      image: { repository: images, tag: 'v1' },
      enableExecuteCommand: { reason: REASON },
    });
    expect(svc.cluster).toBe(cluster);
    Template.fromStack(other).hasResourceProperties('AWS::ECS::Service', { EnableExecuteCommand: true });
  });
});

describe('PhiFargateService options', () => {
  test('pins an image by digest from any ECR repository', () => {
    const { stack, network } = build();
    const shared = ecr.Repository.fromRepositoryName(stack, 'Shared', 'shared/api');
    new PhiFargateService(stack, 'Api', { vpc: network.vpc, image: { repository: shared, digest: DIGEST } });
    const task = Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition');
    expect(JSON.stringify(task)).toContain(`/shared/api@${DIGEST}`);
  });

  test('injects Secrets Manager secrets and lets only the execution role read them', () => {
    const { stack } = build();
    const secret = new secretsmanager.Secret(stack, 'DbSecret');
    const svc = new PhiFargateService(stack, 'Worker', {
      vpc: (stack.node.findChild('Network') as PhiVpc).vpc,
      image: { repository: stack.node.findChild('Images') as HardenedRepository, digest: DIGEST },
      environment: { LOG_LEVEL: 'info', KMS_KEY_ARN: 'arn:aws:kms:us-east-1:111122223333:key/1' },
      secrets: { DB_PASSWORD: secret },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Environment: [
            { Name: 'LOG_LEVEL', Value: 'info' },
            { Name: 'KMS_KEY_ARN', Value: 'arn:aws:kms:us-east-1:111122223333:key/1' },
          ],
          Secrets: [{ Name: 'DB_PASSWORD', ValueFrom: { Ref: Match.stringLikeRegexp('^DbSecret') } }],
        }),
      ],
    });
    expect(JSON.stringify(statementsOf(template, 'WorkerExecutionRole'))).toContain(
      'secretsmanager:GetSecretValue',
    );
    expect(JSON.stringify(statementsOf(template, 'WorkerTaskRole'))).not.toContain('secretsmanager:');
    expect(svc.container.containerName).toBe('app');
  });

  test('sizes memory from cpu and honours port, count and user', () => {
    const { stack, make } = build({ cpu: 1024, containerPort: 9443, desiredCount: 3, user: 'app:app' });
    make();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '1024',
      Memory: '2048',
      ContainerDefinitions: [
        Match.objectLike({ User: 'app:app', PortMappings: [{ ContainerPort: 9443, Protocol: 'tcp' }] }),
      ],
    });
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 3 });
  });

  test('applies a given permissions boundary to the task and execution roles', () => {
    const { stack, make } = build();
    const boundary = new PermissionsBoundary(stack, 'Boundary');
    const unbounded = make();
    const bounded = new PhiFargateService(stack, 'Bounded', {
      vpc: (stack.node.findChild('Network') as PhiVpc).vpc,
      image: { repository: stack.node.findChild('Images') as HardenedRepository, tag: 'v2' },
      permissionsBoundary: boundary,
    });
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
    const boundaryRef = {
      Ref: stack.getLogicalId(boundary.policy.node.defaultChild as iam.CfnManagedPolicy),
    };
    for (const role of [bounded.taskRole, bounded.executionRole]) {
      const rendered = roles[stack.getLogicalId(role.node.defaultChild as iam.CfnRole)];
      expect(rendered?.Properties.PermissionsBoundary).toEqual(boundaryRef);
    }
    expect(
      roles[stack.getLogicalId(unbounded.taskRole.node.defaultChild as iam.CfnRole)]?.Properties
        .PermissionsBoundary,
    ).toBeUndefined();
  });

  test('defaults to private subnets with egress in a VPC without isolated subnets', () => {
    const stack = newTestStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 1 });
    const images = new HardenedRepository(stack, 'Images');
    new PhiFargateService(stack, 'Api', { vpc, image: { repository: images, tag: 'v1' } });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: {
        AwsvpcConfiguration: Match.objectLike({
          Subnets: vpc.privateSubnets.map((s) => ({
            Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet),
          })),
        }),
      },
    });
  });

  test('is a load balancer target: the listener opens only the container port from the balancer', () => {
    const { stack, network, make } = build();
    const svc = make();
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc: network.vpc, internetFacing: false });
    alb
      .addListener('Https', {
        port: 443,
        certificates: [
          elbv2.ListenerCertificate.fromArn('arn:aws:acm:us-east-1:111122223333:certificate/abc'),
        ],
      })
      .addTargets('Api', { port: 8443, protocol: elbv2.ApplicationProtocol.HTTPS, targets: [svc.service] });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiSecurityGroup'), 'GroupId'] },
      FromPort: 8443,
      ToPort: 8443,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlbSecurityGroup'), 'GroupId'] },
    });
  });
});

describe('PhiFargateService rejects insecure or invalid props', () => {
  const attempt = (props: Partial<PhiFargateServiceProps>) => build(props).make;

  test('rejects public subnets', () => {
    const stack = newTestStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 1 });
    const images = new HardenedRepository(stack, 'Images');
    expect(
      () =>
        new PhiFargateService(stack, 'Api', {
          vpc,
          vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
          image: { repository: images, tag: 'v1' },
        }),
    ).toThrow(
      /TestStack\/Api: 'vpcSubnets' must be at least one subnet, none of them public .*\(164\.312\(e\)\(1\)\)/,
    );
  });

  test.each([
    ['a public registry image', () => ecs.ContainerImage.fromRegistry('nginx:1.27')],
    [
      'a mutable tag on a repository that is not hardened',
      (s: Stack) => ({ repository: new ecr.Repository(s, 'Plain'), tag: 'v1' }),
    ],
    [
      'the latest tag',
      (s: Stack) => ({ repository: s.node.findChild('Images') as HardenedRepository, tag: 'latest' }),
    ],
    [
      'a digest that is not sha256',
      (s: Stack) => ({ repository: s.node.findChild('Images') as HardenedRepository, digest: 'md5:abc' }),
    ],
    [
      'both a tag and a digest',
      (s: Stack) => ({
        repository: s.node.findChild('Images') as HardenedRepository,
        tag: 'v1',
        digest: DIGEST,
      }),
    ],
  ])('rejects %s as the image', (_name, image) => {
    const { stack, network } = build();
    expect(
      () =>
        new PhiFargateService(stack, 'Api', {
          vpc: network.vpc,
          image: image(stack) as unknown as PhiFargateServiceProps['image'],
        }),
    ).toThrow(
      /TestStack\/Api: 'image' must be \{ repository, digest: 'sha256:<64 hex digits>' \}.*immutable.*\(164\.312\(c\)\(1\)\), got /,
    );
  });

  test('rejects CPU and memory Fargate does not accept', () => {
    expect(attempt({ cpu: 300 })).toThrow(
      /'cpu' must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got 300/,
    );
    expect(attempt({ cpu: 512, memoryLimitMiB: 3000 })).toThrow(
      /'memoryLimitMiB' must be a memory size Fargate accepts with cpu 512: 1024 to 4096 MiB in steps of 1024 .*got 3000/,
    );
    expect(attempt({ memoryLimitMiB: 1536, cpu: 256 })).toThrow(/with cpu 256: 512, 1024, 2048 MiB/);
  });

  test('rejects a secret-looking environment variable without echoing its value', () => {
    const error = (() => {
      try {
        attempt({ environment: { DB_PASSWORD: 'hunter2-do-not-print' } })();
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(
      /'environment' must be plain configuration only: .* belongs in `secrets` as a Secrets Manager secret.*\(164\.312\(a\)\(1\)\), got "DB_PASSWORD"/,
    );
    expect(error?.message).not.toContain('hunter2');
  });

  test('rejects an SSM parameter or an ecs.Secret in secrets', () => {
    const { stack, network, images } = build();
    const parameter = ssm.StringParameter.fromStringParameterName(stack, 'Param', '/app/api-key');
    expect(
      () =>
        new PhiFargateService(stack, 'Api', {
          vpc: network.vpc,
          image: { repository: images, tag: 'v1' },
          secrets: {
            API_KEY: parameter as unknown as secretsmanager.ISecret,
            OTHER: ecs.Secret.fromSsmParameter(parameter) as unknown as secretsmanager.ISecret,
          },
        }),
    ).toThrow(
      /'secrets.API_KEY' must be a secretsmanager.ISecret .*\(164\.312\(a\)\(1\)\)[\s\S]*'secrets.OTHER' must be/,
    );
  });

  test.each(['root', '0', '0:0', 'root:root', '0:1000'])('rejects running as %s', (user) => {
    expect(attempt({ user })).toThrow(/'user' must be a non-root user .*\(164\.312\(a\)\(1\)\), got /);
  });

  test('rejects ECS Exec without a specific reason, and on a cluster whose sessions are not audited', () => {
    expect(attempt({ enableExecuteCommand: { reason: 'debug' } })).toThrow(
      /'enableExecuteCommand.reason' must be a specific reason .*\(164\.312\(a\)\(1\)\), got "debug"/,
    );
    const { stack, network, images } = build();
    const cluster = new ecs.Cluster(stack, 'Plain', { vpc: network.vpc });
    expect(
      () =>
        new PhiFargateService(stack, 'Api', {
          vpc: network.vpc,
          cluster,
          image: { repository: images, tag: 'v1' },
          enableExecuteCommand: { reason: REASON },
        }),
    ).toThrow(
      /'cluster' must be with enableExecuteCommand, a cluster whose executeCommandConfiguration sets kmsKey.*\(164\.312\(b\)\)/,
    );
  });

  test('rejects a port, task count or log retention out of range, all at once', () => {
    const lookAlike = { days: 30, logGroupRetention: 30 } as unknown as RetentionProfile;
    expect(attempt({ containerPort: 70000, desiredCount: 0, logRetention: lookAlike })).toThrow(
      /'containerPort' must be an integer from 1 to 65535 .*got 70000\n.*'desiredCount' must be an integer from 1 to 5000 .*got 0\n.*'logRetention' must be a RetentionProfile/,
    );
  });
});

describe('looksLikeSecretName', () => {
  test.each(['DB_PASSWORD', 'apiKey', 'STRIPE_SECRET_KEY', 'GITHUBTOKEN', 'AWS_CREDENTIALS', 'private-key'])(
    '%s looks like a secret',
    (name) => expect(looksLikeSecretName(name)).toBe(true),
  );
  test.each(['LOG_LEVEL', 'KMS_KEY_ARN', 'DB_SECRET_ID', 'TOKEN_URL', 'MONKEY_COUNT', 'PWD'])(
    '%s does not',
    (name) => expect(looksLikeSecretName(name)).toBe(false),
  );
});

describe('the compliance helper can fail for Fargate services', () => {
  test('a default FargateService from a public image is flagged by cdk-nag and the template rules', () => {
    const stack = newTestStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('web', {
      image: ecs.ContainerImage.fromRegistry('nginx:latest'),
      environment: { API_TOKEN: 'x' },
    });
    const service = new ecs.FargateService(stack, 'Web', {
      cluster: new ecs.Cluster(stack, 'Cluster', { vpc }),
      taskDefinition: task,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      minHealthyPercent: 100,
    });
    expect(service.taskDefinition).toBe(task);
    const rules = new Set(collectUnacknowledgedFindings(stack).map((f) => f.ruleName));
    for (const rule of [
      'AwsSolutions-ECS2',
      'AwsSolutions-ECS4',
      'AwsSolutions-ECS7',
      'TemplateEvidence-EcsTaskDefinitionHardening',
      'TemplateEvidence-EcsClusterInsights',
      'TemplateEvidence-EcsServiceNoPublicIp',
    ])
      expect({ rule, found: rules.has(rule) }).toEqual({ rule, found: true });
  });
});
