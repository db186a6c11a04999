/**
 * ECR repository name under which GuardDuty publishes its Runtime Monitoring sidecar for Fargate. The
 * repository sits in an AWS-owned account that differs per Region, so a statement naming it must leave
 * the account open.
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/ecs-runtime-agent-ecr-image-uri.html
 */
export const GUARDDUTY_AGENT_REPOSITORY = 'aws-guardduty-agent-fargate';

/** Actions the task execution role needs to pull an image (besides `ecr:GetAuthorizationToken`). */
export const ECR_PULL_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
] as const;

/** ECR's registry log-in; it accepts no resource-level restriction, so it needs `Resource: '*'`. */
export const ECR_AUTH_ACTIONS = ['ecr:GetAuthorizationToken'] as const;

/**
 * Actions the SSM agent in a task uses for ECS Exec sessions (Session Manager data channels) and the
 * log-group lookup ECS Exec makes; neither accepts a resource-level restriction, so `Resource: '*'`.
 */
export const EXEC_WILDCARD_ACTIONS = [
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
  'logs:DescribeLogGroups',
] as const;

/** Actions the SSM agent in a task uses to write ECS Exec session logs to the session log group. */
export const EXEC_LOG_ACTIONS = [
  'logs:CreateLogStream',
  'logs:DescribeLogStreams',
  'logs:PutLogEvents',
] as const;

/**
 * Paths the SSM agent writes to when ECS Exec is on. They get writable task volumes, so the root file
 * system stays read-only (ECS Exec otherwise requires a writable root file system).
 *
 * @see https://github.com/aws/containers-roadmap/issues/1359
 */
export const EXEC_AGENT_PATHS: Readonly<Record<string, string>> = {
  'ssm-managed-agents': '/managed-agents',
  'ssm-state': '/var/lib/amazon/ssm',
  'ssm-logs': '/var/log/amazon/ssm',
};
