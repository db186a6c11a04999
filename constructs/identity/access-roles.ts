import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { type Subscriber, validateSubscribers } from '../core/subscribers';
import { PropsCheck } from '../core/validation';
import { MfaEnforcement } from './mfa-enforcement';
import { PermissionsBoundary } from './permissions-boundary';
import { BreakGlassAlarm } from './private/break-glass-alarm';
import { IdentityCitation } from './private/citations';
import { evidenceReadPolicy } from './private/evidence-read-policy';
import { MfaProtectedRole } from './private/mfa-protected-role';
import { phiDataPlaneDenyStatements } from './private/phi-data-plane-deny';
import { checkRoleSessionDurations, MAX_MFA_AGE_SECONDS } from './private/session-limits';

/** Longest session of each role. */
export interface AccessRoleSessionDurations {
  /** @default Duration.hours(1); from 1 to 4 hours (164.312(a)(2)(iii)) */
  readonly administrator?: Duration;
  /** @default Duration.hours(4); from 1 to 12 hours (164.312(a)(2)(iii)) */
  readonly developer?: Duration;
  /** @default Duration.hours(4); from 1 to 12 hours (164.312(a)(2)(iii)) */
  readonly auditor?: Duration;
  /** @default Duration.hours(1); from 1 to 4 hours (164.312(a)(2)(iii)) */
  readonly breakGlass?: Duration;
}

/** Properties of {@link AccessRoles}. */
export interface AccessRolesProps {
  /**
   * The 12-digit account whose IAM users (or roles) may assume the roles, e.g. an identity account.
   *
   * @default - this stack's account
   */
  readonly trustedAccount?: string;
  /**
   * Longest time since the caller authenticated with MFA at which a role may be assumed, in seconds,
   * from 1 to 43200.
   *
   * @default 3600 - MFA within the last hour (164.312(a)(2)(iii), 164.312(d))
   */
  readonly maxMfaAgeSeconds?: number;
  /**
   * Longest session of each role.
   *
   * @default - 1 hour for administrator and break-glass, 4 hours for developer and auditor (164.312(a)(2)(iii))
   */
  readonly sessionDurations?: AccessRoleSessionDurations;
  /**
   * What developers may do. The PHI data-plane denies and any permissions boundary apply on top.
   *
   * @default - the AWS-managed ReadOnlyAccess policy: developers inspect; pipelines change (164.308(a)(4)(i))
   */
  readonly developerManagedPolicies?: iam.IManagedPolicy[];
  /**
   * PHI buckets developers and auditors are denied object access to by ARN, whatever their tags.
   *
   * @default - only buckets tagged DataClassification=PHI are denied, where S3 evaluates the tag
   */
  readonly phiBuckets?: s3.IBucket[];
  /**
   * PHI tables developers and auditors are denied item access to by ARN, whatever their tags.
   *
   * @default - only tables tagged DataClassification=PHI are denied
   */
  readonly phiTables?: dynamodb.ITable[];
  /**
   * PHI keys developers and auditors may not decrypt with, by ARN, whatever their tags.
   *
   * @default - only keys tagged DataClassification=PHI are denied
   */
  readonly phiKeys?: kms.IKey[];
  /**
   * Bucket of compliance evidence that auditors may read (objects, and decrypt with its key).
   *
   * @default - auditors get no object read beyond ReadOnlyAccess, and no decrypt
   */
  readonly evidenceBucket?: s3.IBucket;
  /**
   * Topic notified when the break-glass role is assumed. If it is encrypted, its key must let
   * `events.amazonaws.com` call `kms:GenerateDataKey*` and `kms:Decrypt`.
   *
   * @default - a new topic encrypted with a new PhiKey, TLS-only (164.312(a)(2)(ii), 164.312(b))
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Who the new break-glass alarm topic pages: email addresses, HTTPS endpoints or chat webhooks.
   * Rejected together with `alarmTopic` (an existing topic keeps its own subscribers).
   *
   * @default - no subscriber: a `cdk-hipaa-baseline:unsubscribed-topic` warning says break-glass use
   *   pages nobody (164.312(a)(2)(ii)); the reference app makes this a configuration error
   */
  readonly alarmSubscribers?: Subscriber[];
  /**
   * The MFA enforcement policy attached to every group.
   *
   * @default - a new {@link MfaEnforcement} (164.312(d))
   */
  readonly mfaEnforcement?: MfaEnforcement;
  /**
   * The permissions boundary of the four roles. Pass the stack-wide boundary when you apply one with
   * {@link PermissionsBoundary.applyTo}. Synthesis fails if a role ends up without a boundary.
   *
   * @default - a new {@link PermissionsBoundary} for these roles: even administrator and break-glass
   *   cannot disable audit, detection or keys (164.308(a)(4)(i), 164.312(b))
   */
  readonly permissionsBoundary?: PermissionsBoundary | iam.IManagedPolicy;
}

/** A role people assume, and the group whose members may assume it. */
export interface AccessRole {
  /** The role; its trust requires MFA. */
  readonly role: iam.Role;
  /** The group; its only permissions are assuming the role and MFA self-service. */
  readonly group: iam.Group;
}

/**
 * The four roles people use to reach the AWS account, each with an IAM group whose only permission is
 * to assume it, and the {@link MfaEnforcement} policy on every group:
 *
 * | Role | Permissions | Session |
 * |---|---|---|
 * | administrator | AdministratorAccess | 1 h (≤ 4 h) |
 * | developer | ReadOnlyAccess (or `developerManagedPolicies`), minus the PHI data plane | 4 h (≤ 12 h) |
 * | auditor | ReadOnlyAccess + SecurityAudit + evidence read, minus the PHI data plane | 4 h (≤ 12 h) |
 * | break-glass | AdministratorAccess; every use notifies `alarmTopic` | 1 h (≤ 4 h) |
 *
 * Every role trusts only the account (`trustedAccount`), with `aws:MultiFactorAuthPresent: true` and
 * `aws:MultiFactorAuthAge < maxMfaAgeSeconds`. The PHI data-plane deny covers S3 objects, DynamoDB items,
 * KMS decryption and secrets by the `DataClassification=PHI` tag where the service evaluates
 * `aws:ResourceTag`, the listed `phiBuckets`/`phiTables`/`phiKeys` by ARN, and database logins
 * (`rds-db:connect`, RDS Data API) everywhere, since those support no tags. Every role has a
 * {@link PermissionsBoundary}, so even the administrator and break-glass roles cannot disable audit,
 * detection or keys.
 *
 * Break-glass alarms come from CloudTrail through EventBridge: they need a trail, and arrive in
 * us-east-1 for the global STS endpoint (or the Region of a regional endpoint).
 *
 * Serves 164.308(a)(4)(i), 164.312(a)(1), 164.312(a)(2)(ii), 164.312(a)(2)(iii) and 164.312(d).
 */
export class AccessRoles extends Construct {
  /** The platform administrator role. */
  public readonly administrator: AccessRole;
  /** The developer role, without access to PHI. */
  public readonly developer: AccessRole;
  /** The auditor role: read-only plus compliance evidence. */
  public readonly auditor: AccessRole;
  /** The emergency-access role. */
  public readonly breakGlass: AccessRole;
  /** The MFA enforcement policy attached to every group. */
  public readonly mfaEnforcement: MfaEnforcement;
  /** The permissions boundary of the four roles. */
  public readonly permissionsBoundary: iam.IManagedPolicy;
  /** The topic notified when the break-glass role is assumed. */
  public readonly breakGlassAlarmTopic: sns.ITopic;
  /** The rule that watches for the break-glass role being assumed. */
  public readonly breakGlassRule: events.Rule;

  constructor(scope: Construct, id: string, props: AccessRolesProps = {}) {
    const check = new PropsCheck(scope, id);
    check.matches(
      'trustedAccount',
      props.trustedAccount,
      /^\d{12}$/,
      'a literal 12-digit AWS account id',
      Citation.ACCESS_CONTROL,
    );
    check.integerInRange(
      'maxMfaAgeSeconds',
      props.maxMfaAgeSeconds,
      1,
      MAX_MFA_AGE_SECONDS,
      IdentityCitation.AUTOMATIC_LOGOFF,
    );
    checkRoleSessionDurations(check, props.sessionDurations);
    validateSubscribers(check, 'alarmSubscribers', props.alarmSubscribers);
    check.require(props.alarmTopic === undefined || (props.alarmSubscribers ?? []).length === 0, {
      prop: 'alarmSubscribers',
      received: props.alarmSubscribers,
      allowed: 'no subscribers when `alarmTopic` is given (subscribe them to the existing topic)',
      citation: IdentityCitation.EMERGENCY_ACCESS,
    });
    const d = props.sessionDurations ?? {};
    check.throwIfInvalid();
    super(scope, id);

    this.mfaEnforcement = props.mfaEnforcement ?? new MfaEnforcement(this, 'MfaEnforcement');
    const boundary = props.permissionsBoundary ?? new PermissionsBoundary(this, 'PermissionsBoundary');
    this.permissionsBoundary = boundary instanceof PermissionsBoundary ? boundary.policy : boundary;
    PermissionsBoundary.applyTo(this, this.permissionsBoundary);
    const common = {
      trustedAccount: props.trustedAccount ?? Stack.of(this).account,
      maxMfaAgeSeconds: props.maxMfaAgeSeconds ?? 3600,
      mfaEnforcement: this.mfaEnforcement,
    };
    const aws = (name: string) => iam.ManagedPolicy.fromAwsManagedPolicyName(name);

    const admin = new MfaProtectedRole(this, 'Administrator', {
      ...common,
      maxSessionDuration: d.administrator ?? Duration.hours(1),
      managedPolicies: [aws('AdministratorAccess')],
      description: `Platform administrator, MFA required (${Citation.ACCESS_MANAGEMENT})`,
    });
    admin.acknowledgeAdministratorAccess(
      'Platform administrators operate every service; the role needs recent MFA, sessions end within an hour by default, and its permissions boundary denies disabling audit, detection and keys.',
    );
    this.administrator = admin;

    const phiDeny = {
      buckets: props.phiBuckets ?? [],
      tables: props.phiTables ?? [],
      keys: props.phiKeys ?? [],
    };
    const developer = new MfaProtectedRole(this, 'Developer', {
      ...common,
      maxSessionDuration: d.developer ?? Duration.hours(4),
      managedPolicies: [
        ...(props.developerManagedPolicies ?? [aws('ReadOnlyAccess')]),
        new iam.ManagedPolicy(this, 'DeveloperPhiDeny', {
          description: `Denies developers the PHI data plane (${Citation.ACCESS_MANAGEMENT})`,
          statements: phiDataPlaneDenyStatements(phiDeny),
        }),
      ],
      description: `Developer, no PHI data-plane access, MFA required (${Citation.ACCESS_MANAGEMENT})`,
    });
    if (!props.developerManagedPolicies) {
      developer.acknowledgeAwsManagedPolicy(
        'ReadOnlyAccess',
        'Developers inspect configuration, metrics and logs read-only; AWS maintains the list as services change, and a customer-managed policy explicitly denies the PHI data plane.',
      );
    }
    this.developer = developer;

    const auditor = new MfaProtectedRole(this, 'Auditor', {
      ...common,
      maxSessionDuration: d.auditor ?? Duration.hours(4),
      managedPolicies: [
        aws('ReadOnlyAccess'),
        aws('SecurityAudit'),
        new iam.ManagedPolicy(this, 'AuditorPhiDeny', {
          description: `Denies auditors the PHI data plane, except the evidence bucket (${Citation.ACCESS_MANAGEMENT})`,
          statements: phiDataPlaneDenyStatements({ ...phiDeny, except: props.evidenceBucket }),
        }),
        ...(props.evidenceBucket
          ? [evidenceReadPolicy(this, 'AuditorEvidenceRead', props.evidenceBucket)]
          : []),
      ],
      description: `Auditor, read-only and compliance evidence, MFA required (${Citation.AUDIT_CONTROLS})`,
    });
    const auditReason =
      'Auditors review configuration and security settings of every service; AWS maintains these read-only policies as services change, and a customer-managed policy explicitly denies the PHI data plane.';
    auditor.acknowledgeAwsManagedPolicy('ReadOnlyAccess', auditReason);
    auditor.acknowledgeAwsManagedPolicy('SecurityAudit', auditReason);
    this.auditor = auditor;

    const breakGlass = new MfaProtectedRole(this, 'BreakGlass', {
      ...common,
      maxSessionDuration: d.breakGlass ?? Duration.hours(1),
      managedPolicies: [aws('AdministratorAccess')],
      description: `Emergency access, MFA required; every use raises an alarm (${IdentityCitation.EMERGENCY_ACCESS})`,
    });
    breakGlass.acknowledgeAdministratorAccess(
      'Emergency access must not be blocked by a missing permission; every assumption raises an alarm, MFA is required, sessions end within an hour and its permissions boundary still denies disabling audit.',
    );
    this.breakGlass = breakGlass;

    const alarm = new BreakGlassAlarm(this, 'BreakGlassAlarm', {
      role: breakGlass.role,
      topic: props.alarmTopic,
      subscribers: props.alarmSubscribers,
    });
    this.breakGlassAlarmTopic = alarm.topic;
    this.breakGlassRule = alarm.rule;
  }
}
