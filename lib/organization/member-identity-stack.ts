import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AccountPasswordPolicy } from '../../constructs/identity/account-password-policy';
import { MfaEnforcement } from '../../constructs/identity/mfa-enforcement';
import { PermissionsBoundary } from '../../constructs/identity/permissions-boundary';

/** The name of the permissions boundary workload roles of a member account use. */
export const MEMBER_BOUNDARY_NAME = 'hipaa-member-boundary';

/**
 * The account-wide identity baseline of every member account, deployed by its own StackSet to the home
 * Region only (IAM is global): the account password policy, the deny-without-MFA policy and the
 * permissions boundary `hipaa-member-boundary` for workload roles. The password policy's provider role
 * must be the only custom-resource role of its stack, which is why this is a stack of its own.
 */
export class MemberIdentityStack extends Stack {
  /** The IAM account password policy. */
  public readonly passwordPolicy: AccountPasswordPolicy;
  /** The deny-without-MFA managed policy. */
  public readonly mfa: MfaEnforcement;
  /** The permissions boundary for workload roles, applied to this stack's roles too. */
  public readonly boundary: PermissionsBoundary;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { analyticsReporting: false, ...props });
    this.boundary = new PermissionsBoundary(this, 'Boundary', { managedPolicyName: MEMBER_BOUNDARY_NAME });
    PermissionsBoundary.applyTo(this, this.boundary);
    this.passwordPolicy = new AccountPasswordPolicy(this, 'PasswordPolicy');
    this.mfa = new MfaEnforcement(this, 'Mfa');
  }
}
