import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { SdkCall } from '../../patching/private/sdk-call';
import { AUTO_ENABLE_ACTIONS, DELEGATE_ADMIN_ACTIONS, DELEGATION_ORGANIZATIONS_ACTIONS } from './perms';

const DELEGATION_REASON =
  'Delegated-administrator and Organizations service-access APIs act on the organization itself; GuardDuty, Inspector and Macie define no resource type for them, so IAM accepts only Resource * and the call can only hand security administration to the configured account.';
const AUTO_ENABLE_REASON =
  'Organization configuration APIs of GuardDuty, Inspector and Macie act on the administrator account setting, which has no resource type in IAM; the call can only turn monitoring on for member accounts.';

/** Names of the service-linked roles the security services create when they are first used. */
const SERVICE_LINKED_ROLES: Readonly<Record<string, string>> = {
  'guardduty.amazonaws.com': 'AWSServiceRoleForAmazonGuardDuty',
  'inspector2.amazonaws.com': 'AWSServiceRoleForAmazonInspector2',
  'macie.amazonaws.com': 'AWSServiceRoleForAmazonMacie',
};

/** Lets the call create the service-linked role of one security service, and nothing else. */
function serviceLinkedRole(scope: Construct, service: string): iam.PolicyStatement {
  const stack = Stack.of(scope);
  return new iam.PolicyStatement({
    actions: ['iam:CreateServiceLinkedRole'],
    resources: [
      `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/${service}/${SERVICE_LINKED_ROLES[service]}`,
    ],
    conditions: { StringEquals: { 'iam:AWSServiceName': service } },
  });
}

function call(
  service: string,
  action: string,
  parameters: Record<string, unknown>,
  id: string,
): cr.AwsSdkCall {
  return { service, action, parameters, physicalResourceId: cr.PhysicalResourceId.of(id) };
}

/**
 * Registers `adminAccountId` as the delegated administrator of GuardDuty, Inspector and Macie. Made in
 * the management account. Nothing is undone on delete: removing the delegation would stop monitoring.
 */
export function delegateSecurityAdministration(scope: Construct, adminAccountId: string): SdkCall[] {
  const calls: [string, cr.AwsSdkCall, readonly string[], string][] = [
    [
      'GuardDutyAdmin',
      call(
        'GuardDuty',
        'enableOrganizationAdminAccount',
        { AdminAccountId: adminAccountId },
        'guardduty-org-admin',
      ),
      DELEGATE_ADMIN_ACTIONS.guardDuty,
      'guardduty.amazonaws.com',
    ],
    [
      'InspectorAdmin',
      call(
        'Inspector2',
        'enableDelegatedAdminAccount',
        { delegatedAdminAccountId: adminAccountId },
        'inspector2-org-admin',
      ),
      DELEGATE_ADMIN_ACTIONS.inspector,
      'inspector2.amazonaws.com',
    ],
    [
      'MacieAdmin',
      call('Macie2', 'enableOrganizationAdminAccount', { adminAccountId }, 'macie2-org-admin'),
      DELEGATE_ADMIN_ACTIONS.macie,
      'macie.amazonaws.com',
    ],
  ];
  return calls.map(
    ([id, sdkCall, actions, service]) =>
      new SdkCall(scope, id, {
        onCreate: sdkCall,
        onUpdate: sdkCall,
        statements: [
          new iam.PolicyStatement({
            actions: [...actions, ...DELEGATION_ORGANIZATIONS_ACTIONS],
            resources: ['*'],
          }),
          serviceLinkedRole(scope, service),
        ],
        wildcardResourceReason: DELEGATION_REASON,
      }),
  );
}

/** GuardDuty protection plans turned on for every member account. */
export const GUARDDUTY_FEATURES = [
  'S3_DATA_EVENTS',
  'EKS_AUDIT_LOGS',
  'EBS_MALWARE_PROTECTION',
  'RDS_LOGIN_EVENTS',
  'LAMBDA_NETWORK_LOGS',
  'RUNTIME_MONITORING',
] as const;

/** Runtime-monitoring agents GuardDuty manages in member accounts. */
const RUNTIME_AGENTS = ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'];

/**
 * Turns on GuardDuty (all features), Inspector (EC2, ECR, Lambda, Lambda code) and Macie for every
 * member account. Made in the delegated-admin account, where GuardDuty and Macie are already enabled.
 */
export function autoEnableForMembers(scope: Construct): SdkCall[] {
  const listDetectors = new SdkCall(scope, 'GuardDutyDetector', {
    onCreate: call('GuardDuty', 'listDetectors', {}, 'guardduty-detector'),
    onUpdate: call('GuardDuty', 'listDetectors', {}, 'guardduty-detector'),
    statements: [new iam.PolicyStatement({ actions: ['guardduty:ListDetectors'], resources: ['*'] })],
    wildcardResourceReason: AUTO_ENABLE_REASON,
  });
  const guardDuty = call(
    'GuardDuty',
    'updateOrganizationConfiguration',
    {
      DetectorId: listDetectors.resource.getResponseField('DetectorIds.0'),
      AutoEnableOrganizationMembers: 'ALL',
      Features: GUARDDUTY_FEATURES.map((Name) => ({
        Name,
        AutoEnable: 'ALL',
        ...(Name === 'RUNTIME_MONITORING'
          ? { AdditionalConfiguration: RUNTIME_AGENTS.map((n) => ({ Name: n, AutoEnable: 'ALL' })) }
          : {}),
      })),
    },
    'guardduty-org-config',
  );
  const inspector = call(
    'Inspector2',
    'updateOrganizationConfiguration',
    { autoEnable: { ec2: true, ecr: true, lambda: true, lambdaCode: true } },
    'inspector2-org-config',
  );
  const macie = call('Macie2', 'updateOrganizationConfiguration', { autoEnable: true }, 'macie2-org-config');
  const update = (id: string, sdkCall: cr.AwsSdkCall, actions: readonly string[]) =>
    new SdkCall(scope, id, {
      onCreate: sdkCall,
      onUpdate: sdkCall,
      statements: [new iam.PolicyStatement({ actions: [...actions], resources: ['*'] })],
      wildcardResourceReason: AUTO_ENABLE_REASON,
    });
  return [
    listDetectors,
    update('GuardDutyAutoEnable', guardDuty, AUTO_ENABLE_ACTIONS.guardDuty),
    update('InspectorAutoEnable', inspector, AUTO_ENABLE_ACTIONS.inspector),
    update('MacieAutoEnable', macie, AUTO_ENABLE_ACTIONS.macie),
  ];
}

/** Service principals registered through Organizations so the admin account can run them org-wide. */
export const ORGANIZATIONS_DELEGATED_SERVICES = [
  'access-analyzer.amazonaws.com',
  'config.amazonaws.com',
] as const;

/**
 * The Region of the AWS Organizations endpoint of the stack's partition: `us-gov-west-1` in GovCloud,
 * `cn-northwest-1` in China, otherwise `us-east-1` (also when the stack's Region is not known at synth
 * time).
 */
export function organizationsEndpointRegion(stack: Stack): string {
  const region = Token.isUnresolved(stack.region) ? '' : stack.region;
  if (region.startsWith('us-gov-')) return 'us-gov-west-1';
  if (region.startsWith('cn-')) return 'cn-northwest-1';
  return 'us-east-1';
}

/**
 * Enables trusted access for, and registers `adminAccountId` as the delegated administrator of, IAM
 * Access Analyzer and AWS Config (which have no delegation API of their own). Made in the management
 * account; an account already registered is not an error.
 */
export function registerOrganizationsDelegates(scope: Construct, adminAccountId: string): SdkCall[] {
  const region = organizationsEndpointRegion(Stack.of(scope));
  return ORGANIZATIONS_DELEGATED_SERVICES.map((servicePrincipal) => {
    const name = servicePrincipal.split('.')[0];
    const enable: cr.AwsSdkCall = {
      ...call(
        'Organizations',
        'enableAWSServiceAccess',
        { ServicePrincipal: servicePrincipal },
        `${name}-access`,
      ),
      region,
    };
    const access = new SdkCall(scope, `${name}-access`, {
      onCreate: enable,
      onUpdate: enable,
      statements: [
        new iam.PolicyStatement({ actions: ['organizations:EnableAWSServiceAccess'], resources: ['*'] }),
      ],
      wildcardResourceReason: DELEGATION_REASON,
    });
    const register: cr.AwsSdkCall = {
      ...call(
        'Organizations',
        'registerDelegatedAdministrator',
        { AccountId: adminAccountId, ServicePrincipal: servicePrincipal },
        `${name}-delegate`,
      ),
      region,
      ignoreErrorCodesMatching: 'AccountAlreadyRegisteredException',
    };
    const delegate = new SdkCall(scope, `${name}-delegate`, {
      onCreate: register,
      onUpdate: register,
      statements: [
        new iam.PolicyStatement({
          actions: ['organizations:RegisterDelegatedAdministrator'],
          resources: ['*'],
        }),
      ],
      wildcardResourceReason: DELEGATION_REASON,
    });
    delegate.node.addDependency(access);
    return delegate;
  });
}
