import { Token } from 'aws-cdk-lib';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { HardenedRepository } from '../../compute/hardened-repository';
import { reasonProblem } from '../../core/acknowledge';
import { Citation } from '../../core/citations';
import { checkRetentionProfile } from '../../core/retention';
import type { PropsCheck } from '../../core/validation';
import type { PhiFargateServiceProps } from '../phi-fargate-service';
import { describeFargateMemory, FARGATE_CPU_VALUES, fargateMemoryValues } from './fargate-sizes';
import { isRootUser } from './root-user';
import { looksLikeSecretName } from './secret-names';

/** CPU units of a task when `cpu` is not given (half a vCPU). */
export const DEFAULT_CPU = 512;
/** Memory in MiB when `memoryLimitMiB` is not given: the least Fargate accepts with `cpu` (twice the CPU units). */
export const defaultMemoryMiB = (cpu: number): number => fargateMemoryValues(cpu)[0] ?? cpu * 2;
/** The user the container runs as when `user` is not given: an unprivileged UID and GID. */
export const DEFAULT_USER = '1000:1000';

/** An image digest as ECR reports it. */
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** A Docker image tag. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** A user or group: a name or a numeric id. */
const USER_PART = /^(?:[a-z_][a-z0-9_-]{0,31}|\d{1,10})$/;
/** An environment variable name. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/;

const IMAGE_ALLOWED =
  "{ repository, digest: 'sha256:<64 hex digits>' } for any ECR repository, or { repository: HardenedRepository, tag } " +
  "with a tag other than 'latest' (its tags are immutable); a public registry, a mutable tag or 'latest' cannot be pinned to the image that was scanned";

/** The image as the container definition takes it, once validated. */
export interface ValidatedImage {
  /** The ECR repository to pull from (granted to the execution role). */
  readonly repository: ecr.IRepository;
  /** The digest or immutable tag. */
  readonly reference: string;
}

const isRepository = (value: unknown): value is ecr.IRepository =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ecr.IRepository).repositoryUriForTagOrDigest === 'function' &&
  typeof (value as ecr.IRepository).grantPull === 'function';

/** A readable summary of an image prop for an error message (never a construct dump). */
function describeImage(image: unknown): string {
  if (typeof image !== 'object' || image === null) return String(image);
  const { repository, digest, tag } = image as Record<string, unknown>;
  const repo =
    repository instanceof HardenedRepository
      ? `HardenedRepository ${repository.node.path}`
      : isRepository(repository)
        ? `ecr.IRepository ${repository.node.path}`
        : repository === undefined
          ? 'no repository'
          : `${(repository as object)?.constructor?.name ?? typeof repository} (not an ECR repository)`;
  const ref =
    digest !== undefined ? `digest ${String(digest)}` : tag !== undefined ? `tag ${String(tag)}` : '';
  return `{ ${[repo, ref].filter((s) => s !== '').join(', ')} }`;
}

/** Validates `image` and returns the repository and reference, or undefined after recording a problem. */
function validateImage(check: PropsCheck, image: unknown): ValidatedImage | undefined {
  const problem = {
    prop: 'image',
    received: describeImage(image),
    allowed: IMAGE_ALLOWED,
    citation: Citation.INTEGRITY,
  };
  if (typeof image !== 'object' || image === null) return void check.require(false, problem);
  const { repository, digest, tag } = image as { repository?: unknown; digest?: unknown; tag?: unknown };
  const ecrRepository = repository instanceof HardenedRepository ? repository.repository : repository;
  if (!isRepository(ecrRepository) || (digest === undefined) === (tag === undefined))
    return void check.require(false, problem);
  if (digest !== undefined) {
    const ok = typeof digest === 'string' && !Token.isUnresolved(digest) && DIGEST.test(digest);
    return check.require(ok, problem)
      ? { repository: ecrRepository, reference: digest as string }
      : undefined;
  }
  const ok =
    repository instanceof HardenedRepository &&
    typeof tag === 'string' &&
    !Token.isUnresolved(tag) &&
    TAG.test(tag) &&
    tag.toLowerCase() !== 'latest';
  return check.require(ok, problem) ? { repository: ecrRepository, reference: tag as string } : undefined;
}

function validateUser(check: PropsCheck, user: unknown): void {
  if (user === undefined) return;
  const parts = typeof user === 'string' && !Token.isUnresolved(user) ? user.split(':') : [];
  check.require(
    parts.length >= 1 &&
      parts.length <= 2 &&
      parts.every((p) => USER_PART.test(p)) &&
      !isRootUser(user as string),
    {
      prop: 'user',
      received: user,
      allowed: `a non-root user as 'uid', 'uid:gid', 'name' or 'name:group' (e.g. '${DEFAULT_USER}'); root, 0 and tokens are refused`,
      citation: Citation.ACCESS_CONTROL,
    },
  );
}

function validateEnvironment(check: PropsCheck, props: PhiFargateServiceProps): void {
  const environment = props.environment ?? {};
  const secrets = props.secrets ?? {};
  for (const [name, value] of Object.entries(environment)) {
    check.require(ENV_NAME.test(name) && typeof value === 'string', {
      prop: `environment.${name}`,
      received: typeof value === 'string' ? name : value,
      allowed: 'a variable name of letters, digits, _ . - (not starting with a digit) with a string value',
      citation: Citation.INTEGRITY,
    });
    check.require(!looksLikeSecretName(name), {
      prop: 'environment',
      received: name,
      allowed:
        'plain configuration only: a name that looks like a secret (PASSWORD, SECRET, TOKEN, KEY, CREDENTIAL…) belongs in `secrets` as a Secrets Manager secret, injected at start and never written into the task definition',
      citation: Citation.ACCESS_CONTROL,
    });
  }
  for (const [name, secret] of Object.entries(secrets)) {
    const isSecret =
      typeof secret === 'object' &&
      secret !== null &&
      typeof (secret as { secretArn?: unknown }).secretArn === 'string' &&
      typeof (secret as { grantRead?: unknown }).grantRead === 'function' &&
      !('parameterArn' in secret);
    check.require(ENV_NAME.test(name) && isSecret, {
      prop: `secrets.${name}`,
      received: isSecret ? name : `${(secret as object)?.constructor?.name ?? typeof secret} under ${name}`,
      allowed:
        'a secretsmanager.ISecret under a valid variable name (SSM parameters and ecs.Secret values are not accepted: Secrets Manager secrets are KMS-encrypted, rotated and access-logged)',
      citation: Citation.ACCESS_CONTROL,
    });
    check.require(!(name in environment), {
      prop: `secrets.${name}`,
      received: name,
      allowed: 'a name not also given in `environment`',
      citation: Citation.INTEGRITY,
    });
  }
}

/** True when a cluster's ECS Exec configuration encrypts sessions and logs them to encrypted CloudWatch Logs. */
export function auditsExecSessions(config: ecs.ExecuteCommandConfiguration | undefined): boolean {
  return (
    config?.kmsKey !== undefined &&
    config.logging === ecs.ExecuteCommandLogging.OVERRIDE &&
    config.logConfiguration?.cloudWatchLogGroup !== undefined &&
    config.logConfiguration.cloudWatchEncryptionEnabled === true
  );
}

/**
 * Records every problem with a PhiFargateService's props (the subnets are checked by the construct) and
 * returns the validated image.
 */
export function validateFargateServiceProps(
  check: PropsCheck,
  props: PhiFargateServiceProps,
): ValidatedImage | undefined {
  const image = validateImage(check, props.image);
  const cpuOk = check.oneOf('cpu', props.cpu, FARGATE_CPU_VALUES, Citation.RISK_MANAGEMENT);
  const cpu = props.cpu ?? DEFAULT_CPU;
  if (cpuOk && props.memoryLimitMiB !== undefined)
    check.require(fargateMemoryValues(cpu).includes(props.memoryLimitMiB), {
      prop: 'memoryLimitMiB',
      received: props.memoryLimitMiB,
      allowed: `a memory size Fargate accepts with cpu ${cpu}: ${describeFargateMemory(cpu)}`,
      citation: Citation.RISK_MANAGEMENT,
    });
  check.integerInRange('containerPort', props.containerPort, 1, 65535, Citation.TRANSMISSION_SECURITY);
  check.integerInRange('desiredCount', props.desiredCount, 1, 5000, Citation.RISK_MANAGEMENT);
  validateEnvironment(check, props);
  validateUser(check, props.user);
  checkRetentionProfile(check, 'logRetention', props.logRetention);
  if (props.enableExecuteCommand !== undefined) {
    check.require(reasonProblem(props.enableExecuteCommand.reason) === undefined, {
      prop: 'enableExecuteCommand.reason',
      received: props.enableExecuteCommand.reason,
      allowed:
        'a specific reason of at least 20 characters, not boilerplate (it is recorded as a relaxation)',
      citation: Citation.ACCESS_CONTROL,
    });
    if (props.cluster)
      check.require(auditsExecSessions(props.cluster.executeCommandConfiguration), {
        prop: 'cluster',
        received: `${props.cluster.node.path} without an audited executeCommandConfiguration`,
        allowed:
          'with enableExecuteCommand, a cluster whose executeCommandConfiguration sets kmsKey, logging OVERRIDE and a CloudWatch log group with cloudWatchEncryptionEnabled (or no cluster: one is created)',
        citation: Citation.AUDIT_CONTROLS,
      });
  }
  return image;
}
