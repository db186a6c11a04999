import type { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeBuiltIn } from '../../core/private/acknowledge-built-in';
import type { MfaEnforcement } from '../mfa-enforcement';
import { ASSUME_ROLE_ACTIONS } from './perms';

/** Properties of a {@link MfaProtectedRole}. */
export interface MfaProtectedRoleProps {
  /** Account whose MFA-authenticated principals may assume the role. */
  readonly trustedAccount: string;
  /** Longest time since MFA authentication at which the role may be assumed, in seconds. */
  readonly maxMfaAgeSeconds: number;
  /** Longest session. */
  readonly maxSessionDuration: Duration;
  /** Policies of the role. */
  readonly managedPolicies: iam.IManagedPolicy[];
  /** What the role is for. */
  readonly description: string;
  /** The policy attached to the group that denies everything until MFA is used. */
  readonly mfaEnforcement: MfaEnforcement;
}

/**
 * A human-assumable role whose trust requires recent MFA, and an IAM group whose only permission is to
 * assume it (plus MFA self-service through {@link MfaEnforcement}).
 */
export class MfaProtectedRole extends Construct {
  /** The role. */
  public readonly role: iam.Role;
  /** The group whose members may assume the role. */
  public readonly group: iam.Group;

  constructor(scope: Construct, id: string, props: MfaProtectedRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.PrincipalWithConditions(new iam.AccountPrincipal(props.trustedAccount), {
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': props.maxMfaAgeSeconds },
      }),
      maxSessionDuration: props.maxSessionDuration,
      managedPolicies: props.managedPolicies,
      description: props.description,
    });
    this.group = new iam.Group(this, 'Group');
    new iam.ManagedPolicy(this, 'AssumePolicy', {
      description: `Lets members of ${id} assume its role, with MFA`,
      groups: [this.group],
      statements: [
        new iam.PolicyStatement({
          sid: 'AssumeOwnRole',
          actions: [...ASSUME_ROLE_ACTIONS],
          resources: [this.role.roleArn],
        }),
      ],
    });
    props.mfaEnforcement.attachTo(this.group);

    acknowledgeBuiltIn(this.group, [
      {
        ruleId: 'HIPAA.Security-IAMGroupHasUsers',
        reason:
          'Group membership is granted by the joiner-mover-leaver process after access approval, not by this template; an empty group grants nothing, and its members get no access without MFA.',
      },
    ]);
  }

  /**
   * Acknowledges AwsSolutions-IAM4 for an AWS-managed policy attached to the role, with the reason it
   * is needed.
   */
  public acknowledgeAwsManagedPolicy(policyName: string, reason: string): void {
    acknowledgeBuiltIn(this.role, [
      {
        ruleId: `AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policyName}]`,
        reason,
      },
    ]);
  }

  /**
   * Acknowledges, with `reason`, that the role holds the AWS-managed AdministratorAccess policy: the
   * AwsSolutions-IAM4 finding and the `IamNoAdminAccess` template evidence finding.
   */
  public acknowledgeAdministratorAccess(reason: string): void {
    this.acknowledgeAwsManagedPolicy('AdministratorAccess', reason);
    acknowledgeBuiltIn(this.role, [{ ruleId: 'TemplateEvidence-IamNoAdminAccess', reason }]);
  }
}
