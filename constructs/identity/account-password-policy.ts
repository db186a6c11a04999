import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { acknowledgeDeploymentTimeFunction } from '../core/private/deployment-time-function';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { AuditLogGroup } from '../storage/audit-log-group';
import { IdentityCitation } from './private/citations';
import { LAMBDA_LOG_ACTIONS, UPDATE_PASSWORD_POLICY_ACTIONS } from './private/perms';

/** Shortest password the toolkit accepts (NIST SP 800-63B and CIS recommend 14 for IAM users). */
export const MIN_PASSWORD_LENGTH = 14;
/** Longest password IAM accepts. */
export const MAX_PASSWORD_LENGTH = 128;
/** Previous passwords IAM users may not reuse: the most IAM remembers. */
export const PASSWORD_REUSE_PREVENTION = 24;
/** Longest password age the toolkit accepts, in days. */
export const MAX_PASSWORD_AGE_DAYS = 90;

/** Properties of an {@link AccountPasswordPolicy}. Weaker values than the defaults are rejected. */
export interface AccountPasswordPolicyProps {
  /**
   * Minimum password length, from 14 to 128.
   *
   * @default 14 (164.308(a)(5)(ii)(D))
   */
  readonly minimumLength?: number;
  /**
   * Require at least one symbol. Only `true` is accepted.
   *
   * @default true (164.308(a)(5)(ii)(D))
   */
  readonly requireSymbols?: boolean;
  /**
   * Require at least one digit. Only `true` is accepted.
   *
   * @default true (164.308(a)(5)(ii)(D))
   */
  readonly requireNumbers?: boolean;
  /**
   * Require at least one uppercase letter. Only `true` is accepted.
   *
   * @default true (164.308(a)(5)(ii)(D))
   */
  readonly requireUppercase?: boolean;
  /**
   * Require at least one lowercase letter. Only `true` is accepted.
   *
   * @default true (164.308(a)(5)(ii)(D))
   */
  readonly requireLowercase?: boolean;
  /**
   * Number of previous passwords a user may not reuse. Only 24, the most IAM remembers, is accepted.
   *
   * @default 24 (164.308(a)(5)(ii)(D))
   */
  readonly passwordReusePrevention?: number;
  /**
   * Days before a password expires, from 1 to 90.
   *
   * @default 90 (164.308(a)(5)(ii)(D))
   */
  readonly maxPasswordAgeDays?: number;
  /**
   * Whether a user whose password expired must ask an administrator to reset it. `false` lets the user
   * set a new password at the next sign-in, which still forces the change.
   *
   * @default false - users change an expired password themselves at sign-in
   */
  readonly hardExpiry?: boolean;
  /**
   * Whether users may change their own password, e.g. when they suspect it was disclosed. Only `true`
   * is accepted.
   *
   * @default true (164.308(a)(5)(ii)(D))
   */
  readonly allowUsersToChangePassword?: boolean;
  /**
   * Key that encrypts the log group of the function that applies the policy.
   *
   * @default - a new PhiKey for the log group (164.312(a)(2)(iv))
   */
  readonly logsEncryptionKey?: kms.IKey;
}

/** The password policy in force, after defaults. */
export interface AccountPasswordPolicySettings {
  readonly minimumLength: number;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercase: boolean;
  readonly requireLowercase: boolean;
  readonly passwordReusePrevention: number;
  readonly maxPasswordAgeDays: number;
  readonly hardExpiry: boolean;
  readonly allowUsersToChangePassword: boolean;
}

/**
 * Sets the account's IAM password policy through a custom resource that calls
 * `iam:UpdateAccountPasswordPolicy` on create and update.
 *
 * On stack deletion the policy is deliberately left in place: deleting it would fall back to IAM's
 * default policy (8 characters, no complexity), which weakens every IAM user in the account. The
 * password policy is account-wide, so deploy one per account, in one Region, and put it in a stack with
 * no other `AwsCustomResource` (they would share its function and role; synthesis fails if one does).
 *
 * The function's role may only call `iam:UpdateAccountPasswordPolicy` and write its own logs, which go
 * to a KMS-encrypted log group kept six years.
 *
 * Serves 164.308(a)(5)(ii)(D) (password management).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
 */
export class AccountPasswordPolicy extends Construct {
  /** The settings applied. */
  public readonly settings: AccountPasswordPolicySettings;
  /** The role of the function that applies the policy. */
  public readonly role: iam.Role;
  /** The only policy of that role. */
  public readonly providerPolicy: iam.ManagedPolicy;
  /** The log group of the function that applies the policy. */
  public readonly logGroup: AuditLogGroup;
  /** The custom resource. */
  public readonly resource: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: AccountPasswordPolicyProps = {}) {
    const check = new PropsCheck(scope, id);
    const citation = IdentityCitation.PASSWORD_MANAGEMENT;
    check.integerInRange(
      'minimumLength',
      props.minimumLength,
      MIN_PASSWORD_LENGTH,
      MAX_PASSWORD_LENGTH,
      citation,
    );
    for (const prop of [
      'requireSymbols',
      'requireNumbers',
      'requireUppercase',
      'requireLowercase',
      'allowUsersToChangePassword',
    ] as const) {
      check.require(props[prop] !== false, { prop, received: props[prop], allowed: 'true', citation });
    }
    check.require(
      props.passwordReusePrevention === undefined ||
        props.passwordReusePrevention === PASSWORD_REUSE_PREVENTION,
      {
        prop: 'passwordReusePrevention',
        received: props.passwordReusePrevention,
        allowed: `${PASSWORD_REUSE_PREVENTION}, the most previous passwords IAM remembers`,
        citation,
      },
    );
    check.integerInRange('maxPasswordAgeDays', props.maxPasswordAgeDays, 1, MAX_PASSWORD_AGE_DAYS, citation);
    check.throwIfInvalid();
    super(scope, id);

    this.settings = {
      minimumLength: props.minimumLength ?? MIN_PASSWORD_LENGTH,
      requireSymbols: true,
      requireNumbers: true,
      requireUppercase: true,
      requireLowercase: true,
      passwordReusePrevention: PASSWORD_REUSE_PREVENTION,
      maxPasswordAgeDays: props.maxPasswordAgeDays ?? MAX_PASSWORD_AGE_DAYS,
      hardExpiry: props.hardExpiry ?? false,
      allowUsersToChangePassword: true,
    };

    this.logGroup = new AuditLogGroup(this, 'ProviderLogs', {
      encryptionKey:
        props.logsEncryptionKey ??
        new PhiKey(this, 'ProviderLogsKey', { dataDomain: 'logs-account-password-policy' }).key,
    });
    this.role = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Applies the IAM account password policy (${IdentityCitation.PASSWORD_MANAGEMENT})`,
    });
    const policy = new iam.ManagedPolicy(this, 'ProviderPolicy', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'SetAccountPasswordPolicy',
          actions: [...UPDATE_PASSWORD_POLICY_ACTIONS],
          // iam:UpdateAccountPasswordPolicy has no resource-level permissions: IAM requires '*'.
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'WriteOwnLogs',
          actions: [...LAMBDA_LOG_ACTIONS],
          resources: [this.logGroup.logGroup.logGroupArn],
        }),
      ],
    });

    const s = this.settings;
    const call: cr.AwsSdkCall = {
      service: 'IAM',
      action: 'updateAccountPasswordPolicy',
      parameters: {
        MinimumPasswordLength: s.minimumLength,
        RequireSymbols: s.requireSymbols,
        RequireNumbers: s.requireNumbers,
        RequireUppercaseCharacters: s.requireUppercase,
        RequireLowercaseCharacters: s.requireLowercase,
        AllowUsersToChangePassword: s.allowUsersToChangePassword,
        MaxPasswordAge: s.maxPasswordAgeDays,
        PasswordReusePrevention: s.passwordReusePrevention,
        HardExpiry: s.hardExpiry,
      },
      physicalResourceId: cr.PhysicalResourceId.of('AccountPasswordPolicy'),
    };
    this.resource = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::AccountPasswordPolicy',
      onCreate: call,
      onUpdate: call,
      // No onDelete: removing the policy would weaken every IAM user in the account.
      role: this.role,
      logGroup: this.logGroup.logGroup,
      installLatestAwsSdk: false,
    });
    this.providerPolicy = policy;
    // The function must not run before its role can call the API.
    this.resource.node.addDependency(policy);

    this.node.addValidation({ validate: () => this.sharedProviderProblems() });
    this.acknowledgeUnfixableFindings(policy);
  }

  /** Other AwsCustomResources in the stack would run in this function, with this role. */
  private sharedProviderProblems(): string[] {
    const others = Stack.of(this)
      .node.findAll()
      .filter((c) => c instanceof cr.AwsCustomResource && c !== this.resource)
      .map((c) => c.node.path);
    if (others.length === 0) return [];
    return [
      `${this.node.path}: shares its AwsCustomResource function and role with ${others.join(', ')}; ` +
        `put AccountPasswordPolicy in a stack of its own so that role keeps only iam:UpdateAccountPasswordPolicy (${IdentityCitation.PASSWORD_MANAGEMENT})`,
    ];
  }

  private acknowledgeUnfixableFindings(policy: iam.ManagedPolicy): void {
    const noResourceLevel =
      'iam:UpdateAccountPasswordPolicy has no resource-level permissions, so IAM only accepts Resource "*"; the statement grants that single action and nothing else.';
    acknowledgeBuiltIn(policy, [
      { ruleId: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: noResourceLevel },
      {
        ruleId:
          'LeastPrivilege-NoWriteOnAnyResource[{"Action":"iam:UpdateAccountPasswordPolicy","Effect":"Allow","Resource":"*","Sid":"SetAccountPasswordPolicy"}]',
        reason: noResourceLevel,
      },
    ]);
    const provider = Stack.of(this).node.tryFindChild(
      `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
    );
    if (!provider) return;
    acknowledgeDeploymentTimeFunction(
      provider,
      'The function only calls the global IAM API, which has no VPC endpoint; it handles no PHI and is invoked only by CloudFormation during deployment.',
    );
  }
}
