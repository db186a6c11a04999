/**
 * IAM permissions of `hipaa-baseline posture` and the {@link ScheduledPostureCollector}.
 *
 * The auditor role (`constructs/identity/access-roles.ts`) is given exactly {@link POSTURE_READ_ACTIONS}, so a
 * posture run by an auditor reads compliance state and nothing else: no resource configuration, no data.
 * None of these actions supports resource-level permissions usefully (the Service Authorization Reference
 * lists no resource type for most of them; conformance-pack ARNs for the two conformance-pack reads and
 * instance ARNs for `ssm:DescribeInstancePatchStates` and `ssm:DescribeInstancePatches` are not known before
 * the collector lists them; `ssm:DescribeAvailablePatches` reads the patch catalog, which has no ARN), so
 * policies grant them on `Resource: '*'`.
 *
 * `sts:GetCallerIdentity` is called to learn the account and needs no permission. With `--role-arn`, the
 * caller also needs {@link POSTURE_ASSUME_ACTIONS} on those roles, and each role needs the read actions.
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsconfig.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecurityhub.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
 */
export const POSTURE_READ_ACTIONS = [
  // Whether AWS Config is recording at all: without a recorder, conformance-pack results are not current.
  'config:DescribeConfigurationRecorderStatus',
  // Lists conformance packs when --conformance-pack is not given.
  'config:DescribeConformancePacks',
  // Per-rule compliance of a conformance pack.
  'config:DescribeConformancePackCompliance',
  // Per-resource evaluation results of a conformance pack.
  'config:GetConformancePackComplianceDetails',
  // Finds which CloudFormation stack deployed an observed resource (its aws:cloudformation:* tags).
  'config:SelectResourceConfig',
  // Which Security Hub standards are enabled.
  'securityhub:GetEnabledStandards',
  // Active, failed control findings.
  'securityhub:GetFindings',
  // Restore jobs of the window: status, creation and completion dates, resource type (measured recovery).
  'backup:ListRestoreJobs',
  // Resource types AWS Backup protects: a protected type with no restore in the window is a finding.
  'backup:ListProtectedResources',
  // Managed instances whose patch state is read.
  'ssm:DescribeInstanceInformation',
  // Per-instance patch compliance counts and the time of the last scan or install.
  'ssm:DescribeInstancePatchStates',
  // The missing and failed patches of an instance whose counts show one: id, severity, classification.
  'ssm:DescribeInstancePatches',
  // Release dates of those patches from the patch catalog (the patch deadlines run from release).
  'ssm:DescribeAvailablePatches',
] as const;

/** What the caller needs on each `--role-arn` to collect from other accounts. */
export const POSTURE_ASSUME_ACTIONS = ['sts:AssumeRole'] as const;

/** The IAM action each API operation the collector calls is authorized by, for access-denied messages. */
export const ACTION_FOR_OPERATION: Readonly<Record<string, string>> = {
  DescribeConfigurationRecorderStatus: 'config:DescribeConfigurationRecorderStatus',
  DescribeConformancePacks: 'config:DescribeConformancePacks',
  DescribeConformancePackCompliance: 'config:DescribeConformancePackCompliance',
  GetConformancePackComplianceDetails: 'config:GetConformancePackComplianceDetails',
  SelectResourceConfig: 'config:SelectResourceConfig',
  GetEnabledStandards: 'securityhub:GetEnabledStandards',
  GetFindings: 'securityhub:GetFindings',
  ListRestoreJobs: 'backup:ListRestoreJobs',
  ListProtectedResources: 'backup:ListProtectedResources',
  DescribeInstanceInformation: 'ssm:DescribeInstanceInformation',
  DescribeInstancePatchStates: 'ssm:DescribeInstancePatchStates',
  DescribeInstancePatches: 'ssm:DescribeInstancePatches',
  DescribeAvailablePatches: 'ssm:DescribeAvailablePatches',
  AssumeRole: 'sts:AssumeRole',
  GetCallerIdentity: 'sts:GetCallerIdentity',
};
