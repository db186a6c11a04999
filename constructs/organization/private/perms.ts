/** Leaving the organization would drop every guardrail and organization-wide control at once. */
export const LEAVE_ORGANIZATION_ACTIONS: readonly string[] = ['organizations:LeaveOrganization'];

/**
 * Actions that disable or alter the organization's security services and trail. Denied by SCP to
 * everyone but the security-admin roles.
 */
export const SECURITY_SERVICE_TAMPER_ACTIONS: readonly string[] = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:PutInsightSelectors',
  'guardduty:DeleteDetector',
  'guardduty:DisassociateFromMasterAccount',
  'guardduty:DisassociateFromAdministratorAccount',
  'guardduty:UpdateDetector',
  'guardduty:DeletePublishingDestination',
  'guardduty:StopMonitoringMembers',
  'securityhub:DisableSecurityHub',
  'securityhub:BatchDisableStandards',
  'securityhub:DisassociateFromAdministratorAccount',
  'securityhub:DisassociateFromMasterAccount',
  'config:StopConfigurationRecorder',
  'config:DeleteConfigurationRecorder',
  'config:DeleteDeliveryChannel',
  'config:DeleteConformancePack',
  'config:DeleteConfigurationAggregator',
  'access-analyzer:DeleteAnalyzer',
  'macie2:DisableMacie',
  'macie2:DisassociateFromAdministratorAccount',
  'inspector2:Disable',
  'inspector2:DisassociateMember',
];

/**
 * Global services whose API endpoints live in us-east-1 (or have no Region) and must keep working when
 * Regions are restricted: identity, organization, account, billing, support and edge services.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
 */
export const GLOBAL_SERVICE_PREFIXES: readonly string[] = [
  'iam',
  'organizations',
  'sts',
  'cloudfront',
  'route53',
  'route53domains',
  'support',
  'budgets',
  'ce',
  'cur',
  'health',
  'account',
  'waf',
  'trustedadvisor',
  'shield',
  'globalaccelerator',
];

/** Organizations actions a service's delegated-admin API performs on the caller's behalf. */
export const DELEGATION_ORGANIZATIONS_ACTIONS: readonly string[] = [
  'organizations:EnableAWSServiceAccess',
  'organizations:RegisterDelegatedAdministrator',
  'organizations:ListDelegatedAdministrators',
  'organizations:ListAWSServiceAccessForOrganization',
  'organizations:DescribeOrganization',
  'organizations:DescribeAccount',
];

/** Per-service actions that register the delegated administrator (management account). */
export const DELEGATE_ADMIN_ACTIONS = {
  guardDuty: ['guardduty:EnableOrganizationAdminAccount'],
  inspector: ['inspector2:EnableDelegatedAdminAccount'],
  macie: ['macie2:EnableOrganizationAdminAccount'],
} as const;

/** Per-service actions that turn on auto-enable for member accounts (delegated-admin account). */
export const AUTO_ENABLE_ACTIONS = {
  guardDuty: ['guardduty:UpdateOrganizationConfiguration'],
  inspector: ['inspector2:UpdateOrganizationConfiguration'],
  macie: ['macie2:UpdateOrganizationConfiguration'],
} as const;

/**
 * The services resource control policies govern, as IAM prefixes: S3, KMS, STS, SQS and Secrets Manager
 * (the services RCPs supported at launch; each holds or unlocks ePHI).
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 */
export const RCP_SERVICE_PREFIXES: readonly string[] = ['s3', 'kms', 'sts', 'sqs', 'secretsmanager'];

/**
 * Actions the identity-perimeter RCP denies to principals outside the organization: every action of S3,
 * KMS, SQS and Secrets Manager, and the STS actions that take an organization principal's context.
 * `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, `sts:SetSourceIdentity` and
 * `sts:TagSession` are left out as in AWS's data-perimeter example: federated callers carry no
 * `aws:PrincipalOrgID`, so denying them would lock out single sign-on (their trust is governed by the
 * identity providers the roles trust).
 *
 * @see https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/resource_control_policies/identity_perimeter_rcp.json
 */
export const IDENTITY_PERIMETER_ACTIONS: readonly string[] = [
  's3:*',
  'sqs:*',
  'kms:*',
  'secretsmanager:*',
  'sts:AssumeRole',
  'sts:DecodeAuthorizationMessage',
  'sts:GetAccessKeyInfo',
  'sts:GetFederationToken',
  'sts:GetServiceBearerToken',
  'sts:GetSessionToken',
  'sts:SetContext',
];

/** Every action of the RCP services: the scope of the confused-deputy and TLS statements. */
export const RCP_SERVICE_ACTIONS: readonly string[] = RCP_SERVICE_PREFIXES.map((p) => `${p}:*`);
