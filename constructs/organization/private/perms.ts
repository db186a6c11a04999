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
