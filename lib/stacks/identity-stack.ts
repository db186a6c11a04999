import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { Subscriber } from '../../constructs/core/subscribers';
import { AccessRoles } from '../../constructs/identity/access-roles';
import { AccountPasswordPolicy } from '../../constructs/identity/account-password-policy';
import { AppClientAudience, AppUserPool } from '../../constructs/identity/app-user-pool';
import { PermissionsBoundary } from '../../constructs/identity/permissions-boundary';

/** Properties of an {@link IdentityStack}. */
export interface IdentityStackProps extends StackProps {
  /**
   * Where the clinician app receives its authorization code.
   *
   * @default ['https://clinician.example.com/callback'] - replace before deploying
   */
  readonly clinicianCallbackUrls?: string[];
  /**
   * 12-digit account whose MFA-authenticated principals may assume the access roles.
   *
   * @default - this stack's account
   */
  readonly trustedAccount?: string;
  /**
   * Bucket of compliance evidence auditors may read.
   *
   * @default - no evidence bucket
   */
  readonly evidenceBucket?: s3.IBucket;
  /**
   * Who is paged when the break-glass role is assumed. Rejected together with `breakGlassAlarmTopicArn`.
   *
   * @default - nobody: a warning names the topic (164.312(a)(2)(ii)); the reference app requires
   *   `hipaaBaseline.alerts.breakGlass`
   */
  readonly breakGlassSubscribers?: Subscriber[];
  /**
   * ARN of an existing topic (with its own subscribers, in this stack's Region) to notify instead of a new
   * one. Its key, if any, must let `events.amazonaws.com` call `kms:GenerateDataKey*` and `kms:Decrypt`.
   *
   * @default - a new encrypted topic subscribed to `breakGlassSubscribers` (164.312(a)(2)(ii))
   */
  readonly breakGlassAlarmTopicArn?: string;
}

/**
 * The reference identity layer (strategies 2, 7 and 9): the IAM account password policy, MFA-protected
 * administrator, developer, auditor and break-glass roles with their groups, a permissions boundary on
 * every role and user in the stack, and a Cognito user pool with one clinician app client.
 *
 * IAM is global: deploy this stack once per account, in us-east-1 so the break-glass alarm sees
 * CloudTrail's STS events for the global endpoint.
 */
export class IdentityStack extends Stack {
  /** The account password policy. */
  public readonly passwordPolicy: AccountPasswordPolicy;
  /** The permissions boundary applied to every role and user in this stack. */
  public readonly boundary: PermissionsBoundary;
  /** The access roles and groups. */
  public readonly access: AccessRoles;
  /** The app user pool. */
  public readonly users: AppUserPool;
  /** The clinician app client. */
  public readonly clinicianClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: IdentityStackProps = {}) {
    super(scope, id, props);
    this.passwordPolicy = new AccountPasswordPolicy(this, 'PasswordPolicy');
    this.boundary = new PermissionsBoundary(this, 'Boundary');
    PermissionsBoundary.applyTo(this, this.boundary);
    this.access = new AccessRoles(this, 'Access', {
      trustedAccount: props.trustedAccount,
      evidenceBucket: props.evidenceBucket,
      permissionsBoundary: this.boundary,
      alarmTopic: props.breakGlassAlarmTopicArn
        ? sns.Topic.fromTopicArn(this, 'BreakGlassAlarmTopic', props.breakGlassAlarmTopicArn)
        : undefined,
      alarmSubscribers: props.breakGlassSubscribers,
    });
    this.users = new AppUserPool(this, 'AppUsers');
    this.clinicianClient = this.users.addAppClient('ClinicianApp', {
      audience: AppClientAudience.CLINICIAN,
      callbackUrls: props.clinicianCallbackUrls ?? ['https://clinician.example.com/callback'],
    });
  }
}
