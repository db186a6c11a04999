import type { TemplateRule } from '../template/rule';
import { CognitoUserPoolSecurity } from './cognito/user-pool-security';
import { Ec2InstanceHardening } from './ec2/instance-hardening';
import { SecurityGroupAdminPorts } from './ec2/security-group-admin-ports';
import { AccountPasswordPolicyStrength } from './iam/account-password-policy-strength';
import { IamMfaEnforcementAttached } from './iam/mfa-enforcement-attached';
import { IamNoAdminAccess } from './iam/no-admin-access';
import { IamRolePermissionsBoundary } from './iam/role-permissions-boundary';
import { VpcDefaultSecurityGroupRestricted } from './vpc/default-security-group-restricted';
import { VpcFlowLogsAll } from './vpc/flow-logs-all';
import { SubnetNoPublicIpOnLaunch } from './vpc/subnet-no-public-ip-on-launch';

/** The identity, network and compute template evidence rules, in report order. */
export const ACCESS_RULES: readonly TemplateRule[] = [
  IamMfaEnforcementAttached,
  IamRolePermissionsBoundary,
  IamNoAdminAccess,
  AccountPasswordPolicyStrength,
  CognitoUserPoolSecurity,
  VpcFlowLogsAll,
  VpcDefaultSecurityGroupRestricted,
  SubnetNoPublicIpOnLaunch,
  SecurityGroupAdminPorts,
  Ec2InstanceHardening,
];
