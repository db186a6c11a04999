import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { HardenedRepository } from '../compute/hardened-repository';
import { Citation } from '../core/citations';
import { dataDomainFromId } from '../core/naming';
import { PhiClassification } from '../core/phi-classification';
import { acknowledgeResourceWildcards, acknowledgeWildcards } from '../core/policy-findings';
import { ManagedPolicyRole } from '../core/private/managed-policy-role';
import { selectPrivateSubnets } from '../core/private-subnets';
import { recordRelaxation } from '../core/report-metadata';
import type { RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { PermissionsBoundary } from '../identity/permissions-boundary';
import { AuditLogGroup } from '../storage/audit-log-group';
import { allowExecSessions } from './private/exec-sessions';
import {
  DEFAULT_CPU,
  DEFAULT_USER,
  defaultMemoryMiB,
  type ValidatedImage,
  validateFargateServiceProps,
} from './private/fargate-service-validation';
import {
  ECR_AUTH_ACTIONS,
  ECR_PULL_ACTIONS,
  EXEC_AGENT_PATHS,
  GUARDDUTY_AGENT_REPOSITORY,
} from './private/perms';

export { FARGATE_CPU_VALUES } from './private/fargate-sizes';
export { looksLikeSecretName } from './private/secret-names';

/** The container port when `containerPort` is not given (TLS terminated in the container). */
export const DEFAULT_CONTAINER_PORT = 8443;
/** Name of the application container in the task definition. */
export const APP_CONTAINER_NAME = 'app';

/** An image pinned by its digest, from any ECR repository. */
export interface PhiImageByDigest {
  /** The ECR repository holding the image. */
  readonly repository: ecr.IRepository | HardenedRepository;
  /** The image digest, `sha256:` and 64 hex digits. */
  readonly digest: string;
}

/** An image by tag from a {@link HardenedRepository}, whose tags are immutable. */
export interface PhiImageByTag {
  /** The hardened repository holding the image. */
  readonly repository: HardenedRepository;
  /** The tag; `latest` is refused. */
  readonly tag: string;
}

/** The image a {@link PhiFargateService} runs: one that cannot change after it was scanned. */
export type PhiServiceImage = PhiImageByDigest | PhiImageByTag;

/** Properties of a {@link PhiFargateService}. */
export interface PhiFargateServiceProps {
  /** The VPC the tasks run in. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of `vpc` for the tasks' network interfaces. Public subnets are refused.
   *
   * @default - the VPC's `application` subnet group when it has one (see PhiVpc), else its isolated
   *   subnets, else its private subnets with egress (164.312(e)(1))
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * The cluster to run in. With `enableExecuteCommand`, its `executeCommandConfiguration` must set a KMS
   * key, logging OVERRIDE and an encrypted CloudWatch log group.
   *
   * @default - a new cluster with enhanced Container Insights, ephemeral task storage encrypted with a
   *   new {@link PhiKey} and, only with `enableExecuteCommand`, ECS Exec sessions encrypted with a
   *   {@link PhiKey} and logged to an encrypted {@link AuditLogGroup} (164.312(b))
   */
  readonly cluster?: ecs.ICluster;
  /** The image: by digest from any ECR repository, or by tag from a {@link HardenedRepository}. */
  readonly image: PhiServiceImage;
  /**
   * CPU units of a task: 256, 512, 1024, 2048, 4096, 8192 or 16384.
   *
   * @default 512
   */
  readonly cpu?: number;
  /**
   * Memory of a task in MiB, one of the sizes Fargate accepts with `cpu`.
   *
   * @default - the least Fargate accepts with `cpu` (twice the CPU units: 1024 with the default cpu)
   */
  readonly memoryLimitMiB?: number;
  /**
   * The port the container listens on (serve TLS on it; a load balancer re-encrypts to it).
   *
   * @default 8443
   */
  readonly containerPort?: number;
  /**
   * Number of tasks, from 1 to 5000.
   *
   * @default 2 - one task can fail or be replaced while the other serves (164.308(a)(1)(ii)(B))
   */
  readonly desiredCount?: number;
  /**
   * Plain configuration for the container. A name that looks like a secret (PASSWORD, SECRET, TOKEN,
   * KEY, CREDENTIAL…) is refused: put it in `secrets`. Note that cdk-nag's AwsSolutions-ECS2 flags any
   * environment variable; acknowledge it in the app if the values are plain configuration.
   *
   * @default - none (164.312(a)(1))
   */
  readonly environment?: Record<string, string>;
  /**
   * Secrets Manager secrets injected as environment variables when a task starts; the execution role
   * may read exactly these secrets (and decrypt with their keys). SSM parameters are not accepted.
   *
   * @default - none
   */
  readonly secrets?: Record<string, secretsmanager.ISecret>;
  /**
   * The user the container runs as: `uid`, `uid:gid`, `name` or `name:group`. Root is refused.
   *
   * @default '1000:1000' (164.312(a)(1))
   */
  readonly user?: string;
  /**
   * Turn on ECS Exec (an interactive shell into running tasks), with the reason recorded as a
   * relaxation in the compliance report. Sessions are encrypted with a KMS key and logged to an
   * encrypted log group kept as long as `logRetention`; the SSM agent gets writable volumes so the
   * root file system stays read-only.
   *
   * @default - off: nobody can open a shell in a task (164.312(a)(1))
   */
  readonly enableExecuteCommand?: { readonly reason: string };
  /**
   * How long container logs (and ECS Exec session logs) are kept.
   *
   * @default RetentionProfile.SIX_YEARS (164.316(b)(2)(i))
   */
  readonly logRetention?: RetentionProfile;
  /**
   * The key that encrypts the container log group.
   *
   * @default - a new {@link PhiKey}, domain `logs-<id>` (164.312(a)(2)(iv))
   */
  readonly logsEncryptionKey?: kms.IKey;
  /**
   * A permissions boundary for the task role, the execution role and any role below this construct.
   *
   * @default - none set here: the roles take the boundary `PermissionsBoundary.applyTo(stack, …)` sets
   *   (164.308(a)(4)(i))
   */
  readonly permissionsBoundary?: PermissionsBoundary | iam.IManagedPolicy;
}

/**
 * An ECS service on Fargate for PHI workloads, hardened in code: the container runs as a non-root user
 * with a read-only root file system (a writable ephemeral volume at `/tmp`), not privileged, every
 * Linux capability dropped, an init process; logs go through the awslogs driver (blocking, so no line is
 * dropped) to an encrypted {@link AuditLogGroup} kept six years. The image is pinned by digest or by an
 * immutable tag. Tasks get no public IP, run in private subnets behind a security group without
 * ingress (HTTPS egress only), on platform version LATEST, and deployments roll back on failure.
 *
 * The task and execution roles have no AWS-managed or inline policy; grants land in customer-managed
 * policies. The execution role may pull the app image and GuardDuty's Runtime Monitoring agent (the
 * sidecar GuardDuty adds to Fargate tasks when ECS_FARGATE_AGENT_MANAGEMENT is on, see ThreatDetection).
 * In isolated subnets tasks need the VPC endpoints ecr.api, ecr.dkr, logs and secretsmanager and the S3
 * gateway endpoint; GuardDuty creates the `guardduty-data` endpoint itself under automated agent management.
 *
 * Serves 164.312(a)(1), 164.312(c)(1), 164.312(b), 164.312(a)(2)(iv), 164.316(b)(2)(i) and 164.308(a)(1)(ii)(B).
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-tasks-containers.html
 */
export class PhiFargateService extends Construct implements iam.IGrantable, ec2.IConnectable {
  /** The service; register it with a load balancer (`targets: [svc.service]`). */
  public readonly service: ecs.FargateService;
  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The application container. */
  public readonly container: ecs.ContainerDefinition;
  /** The cluster the service runs in. */
  public readonly cluster: ecs.ICluster;
  /** The security group of the tasks: no ingress until a load balancer or `connections` allows it. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Network connections of the tasks. */
  public readonly connections: ec2.Connections;
  /** The container log group. */
  public readonly logGroup: AuditLogGroup;
  /** The role the application acts as; grants to it land in a customer-managed policy. */
  public readonly taskRole: iam.Role;
  /** The role ECS and Fargate use to pull images, write logs and read `secrets`. */
  public readonly executionRole: iam.Role;
  /** The principal the application acts as (the task role). */
  public readonly grantPrincipal: iam.IPrincipal;
  /** The ECS Exec session log group, when this construct created the cluster with exec on. */
  public readonly execLogGroup?: AuditLogGroup;

  constructor(scope: Construct, id: string, props: PhiFargateServiceProps) {
    const check = new PropsCheck(scope, id);
    const image = validateFargateServiceProps(check, props);
    const fallback =
      props.vpc.isolatedSubnets.length > 0
        ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }
        : { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const subnets = selectPrivateSubnets(check, props.vpc, props.vpcSubnets, fallback);
    check.throwIfInvalid();
    super(scope, id);
    const validated = image as ValidatedImage;
    const exec = props.enableExecuteCommand !== undefined;
    if (props.enableExecuteCommand)
      recordRelaxation(this, {
        citation: Citation.ACCESS_CONTROL,
        setting: 'enableExecuteCommand',
        reason: props.enableExecuteCommand.reason,
      });

    this.logGroup = new AuditLogGroup(this, 'Logs', {
      encryptionKey: props.logsEncryptionKey,
      retention: props.logRetention,
    });
    if (props.cluster) this.cluster = props.cluster;
    else {
      if (exec) this.execLogGroup = new AuditLogGroup(this, 'ExecLogs', { retention: props.logRetention });
      this.cluster = this.createCluster(props.vpc);
    }
    this.taskRole = new ManagedPolicyRole(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `Task role of ${this.node.path}`,
    });
    this.executionRole = new ManagedPolicyRole(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `Task execution role of ${this.node.path}: image pull, logs, secrets`,
    });
    this.grantPrincipal = this.taskRole;

    const cpu = props.cpu ?? DEFAULT_CPU;
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu,
      memoryLimitMiB: props.memoryLimitMiB ?? defaultMemoryMiB(cpu),
      taskRole: this.taskRole,
      executionRole: this.executionRole,
      runtimePlatform: { operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    this.container = this.addAppContainer(props, validated, exec);
    this.allowGuardDutyAgentPull();

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Fargate service ${this.node.path}: no ingress, HTTPS egress only`,
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS endpoints');
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: props.desiredCount ?? 2,
      assignPublicIp: false,
      vpcSubnets: { subnets },
      securityGroups: [this.securityGroup],
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });
    this.connections = this.service.connections;
    const execConfig = this.cluster.executeCommandConfiguration;
    if (exec && execConfig) {
      // Set on the CloudFormation resource: the L2 option would widen the session key's policy.
      (this.service.node.defaultChild as ecs.CfnService).enableExecuteCommand = true;
      allowExecSessions(this.taskRole, execConfig);
    }
    acknowledgeResourceWildcards(this.executionRole, {
      actions: [...ECR_AUTH_ACTIONS],
      reason:
        'ecr:GetAuthorizationToken (the registry log-in before an image pull) accepts no resource-level restriction; the pulls themselves are limited to the image repository and the GuardDuty agent repository.',
    });
    if (props.permissionsBoundary) PermissionsBoundary.applyTo(this, props.permissionsBoundary);
    PhiClassification.mark(this);
  }

  /** Lets the task role read `secret` (and decrypt with its key), e.g. for secrets fetched at runtime. */
  public grantSecretRead(secret: secretsmanager.ISecret): iam.Grant {
    return secret.grantRead(this.taskRole);
  }

  private createCluster(vpc: ec2.IVpc): ecs.Cluster {
    const storageKey = new PhiKey(this, 'StorageKey', {
      dataDomain: dataDomainFromId(this, 'task-storage-'),
    });
    let executeCommandConfiguration: ecs.ExecuteCommandConfiguration | undefined;
    if (this.execLogGroup) {
      const sessionKey = new PhiKey(this, 'ExecKey', { dataDomain: dataDomainFromId(this, 'exec-') });
      executeCommandConfiguration = {
        kmsKey: sessionKey.key,
        logging: ecs.ExecuteCommandLogging.OVERRIDE,
        logConfiguration: {
          cloudWatchLogGroup: this.execLogGroup.logGroup,
          cloudWatchEncryptionEnabled: true,
        },
      };
    }
    return new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
      executeCommandConfiguration,
      managedStorageConfiguration: { fargateEphemeralStorageKmsKey: storageKey.key },
    });
  }

  private addAppContainer(
    props: PhiFargateServiceProps,
    image: ValidatedImage,
    exec: boolean,
  ): ecs.ContainerDefinition {
    const linuxParameters = new ecs.LinuxParameters(this, 'LinuxParameters', { initProcessEnabled: true });
    linuxParameters.dropCapabilities(ecs.Capability.ALL);
    const container = this.taskDefinition.addContainer('App', {
      containerName: APP_CONTAINER_NAME,
      image: ecs.ContainerImage.fromEcrRepository(image.repository, image.reference),
      essential: true,
      readonlyRootFilesystem: true,
      privileged: false,
      user: props.user ?? DEFAULT_USER,
      linuxParameters,
      portMappings: [
        { containerPort: props.containerPort ?? DEFAULT_CONTAINER_PORT, protocol: ecs.Protocol.TCP },
      ],
      environment: props.environment,
      secrets: Object.fromEntries(
        Object.entries(props.secrets ?? {}).map(([name, secret]) => [
          name,
          ecs.Secret.fromSecretsManager(secret),
        ]),
      ),
      // Blocking: a container that cannot deliver its logs stalls rather than dropping audit records.
      logging: ecs.LogDrivers.awsLogs({
        logGroup: this.logGroup.logGroup,
        streamPrefix: APP_CONTAINER_NAME,
        mode: ecs.AwsLogDriverMode.BLOCKING,
      }),
    });
    const volumes: Record<string, string> = { tmp: '/tmp', ...(exec ? EXEC_AGENT_PATHS : {}) };
    for (const [name, containerPath] of Object.entries(volumes)) {
      this.taskDefinition.addVolume({ name });
      container.addMountPoints({ sourceVolume: name, containerPath, readOnly: false });
    }
    return container;
  }

  /** Lets the execution role pull GuardDuty's Runtime Monitoring sidecar for Fargate in this Region. */
  private allowGuardDutyAgentPull(): void {
    const statement = new iam.PolicyStatement({
      actions: [...ECR_PULL_ACTIONS],
      resources: [
        Stack.of(this).formatArn({
          service: 'ecr',
          account: '*',
          resource: 'repository',
          resourceName: GUARDDUTY_AGENT_REPOSITORY,
        }),
      ],
    });
    this.executionRole.addToPrincipalPolicy(statement);
    acknowledgeWildcards(
      this.executionRole,
      [statement],
      "GuardDuty publishes its Fargate Runtime Monitoring agent in an AWS-owned account that differs per Region; the statement names the agent's repository and this Region, only the owning account is open.",
    );
  }
}
