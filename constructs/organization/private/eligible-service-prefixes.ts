/**
 * IAM service prefixes the baseline itself calls in every account of a PHI OU, whether or not AWS lists
 * the service on its HIPAA Eligible Services Reference. They configure, monitor, patch or audit the
 * account and hold no PHI, so the `HipaaEligibleServicesOnly` SCP never denies them:
 *
 * - Session Manager and Patch Manager: `ssm`, `ssmmessages`, `ec2messages` (the SSM Agent's channels);
 * - the CloudWatch agent and alarms: `cloudwatch`, `logs`;
 * - keys and identity: `kms`, `sts`, `iam`, `sso`, `access-analyzer`;
 * - the organization, support and health events: `organizations`, `support`, `health`;
 * - the detective controls and their delivery: `config`, `cloudtrail`, `guardduty`, `securityhub`,
 *   `inspector2`, `macie2`, `sns`, `events`, `lambda`, `backup`;
 * - deployment: `cloudformation`, `servicecatalog`, `s3` and `ecr` (CDK assets), `tag`, `resource-groups`.
 *
 * The replay test in `test/lib/organization/phi-ou-scp-replay.test.ts` proves that no SCP attached to a PHI
 * OU denies an action the baseline's own roles and runbooks use.
 */
export const BASELINE_CONTROL_PLANE_PREFIXES: readonly string[] = [
  'access-analyzer',
  'backup',
  'cloudformation',
  'cloudtrail',
  'cloudwatch',
  'config',
  'ec2messages',
  'ecr',
  'events',
  'guardduty',
  'health',
  'iam',
  'inspector2',
  'kms',
  'lambda',
  'logs',
  'macie2',
  'organizations',
  'resource-groups',
  's3',
  'securityhub',
  'servicecatalog',
  'sns',
  'sso',
  'ssm',
  'ssmmessages',
  'sts',
  'support',
  'tag',
];
