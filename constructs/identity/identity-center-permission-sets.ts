import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sso from 'aws-cdk-lib/aws-sso';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { PropsCheck } from '../core/validation';
import type { AccessRoleSessionDurations } from './access-roles';
import { recordManualAttestation } from './manual-attestation';
import { IdentityCitation } from './private/citations';
import { phiDataPlaneDenyStatements } from './private/phi-data-plane-deny';
import { checkRoleSessionDurations } from './private/session-limits';

/** Why Identity Center's MFA settings need a person to attest to them. */
export const IDENTITY_CENTER_MFA_REASON = 'CloudFormation cannot set Identity Center MFA mode';

/** Properties of {@link IdentityCenterPermissionSets}. */
export interface IdentityCenterPermissionSetsProps {
  /** ARN of the IAM Identity Center instance, e.g. `arn:aws:sso:::instance/ssoins-1234567890abcdef`. */
  readonly instanceArn: string;
  /**
   * Session length of each permission set, from 1 hour to 12 hours (4 hours for administrator and
   * break-glass). Rendered as ISO 8601 (`PT4H`).
   *
   * @default - PT1H for administrator and break-glass, PT4H for developer and auditor (164.312(a)(2)(iii))
   */
  readonly sessionDurations?: AccessRoleSessionDurations;
  /**
   * Name of a customer-managed policy, present in every target account, to set as the permissions
   * boundary of every permission set (e.g. a {@link PermissionsBoundary}'s `managedPolicyName`).
   *
   * @default - no boundary on the roles Identity Center provisions
   */
  readonly permissionsBoundaryPolicyName?: string;
}

/**
 * IAM Identity Center permission sets for the same four roles as {@link AccessRoles} (administrator,
 * developer, auditor, break-glass), with validated session durations and the same PHI data-plane denies
 * for developers and auditors (tag-based only: permission sets span accounts, so no ARNs are listed).
 *
 * Identity Center's MFA settings cannot be set by CloudFormation. The construct records two manual
 * attestations (metadata key `cdk-hipaa-baseline:attestation`) that the compliance report lists: MFA
 * prompted at every sign-in, and phishing-resistant authenticator types.
 *
 * Serves 164.312(d), 164.308(a)(4)(i) and 164.312(a)(2)(iii).
 *
 * @see https://docs.aws.amazon.com/singlesignon/latest/userguide/enable-mfa.html
 */
export class IdentityCenterPermissionSets extends Construct {
  /** Administrator permission set. */
  public readonly administrator: sso.CfnPermissionSet;
  /** Developer permission set, without access to PHI. */
  public readonly developer: sso.CfnPermissionSet;
  /** Auditor permission set. */
  public readonly auditor: sso.CfnPermissionSet;
  /** Break-glass permission set. */
  public readonly breakGlass: sso.CfnPermissionSet;

  constructor(scope: Construct, id: string, props: IdentityCenterPermissionSetsProps) {
    const check = new PropsCheck(scope, id);
    check.matches(
      'instanceArn',
      props.instanceArn,
      /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/,
      'an Identity Center instance ARN (arn:aws:sso:::instance/ssoins-…)',
      Citation.ACCESS_MANAGEMENT,
    );
    check.matches(
      'permissionsBoundaryPolicyName',
      props.permissionsBoundaryPolicyName,
      /^[\w+=,.@-]{1,128}$/,
      'a literal policy name of 1 to 128 characters from [A-Za-z0-9+=,.@_-]',
      Citation.ACCESS_MANAGEMENT,
    );
    checkRoleSessionDurations(check, props.sessionDurations);
    const d = props.sessionDurations ?? {};
    check.throwIfInvalid();
    super(scope, id);

    const partition = Stack.of(this).partition;
    const aws = (name: string) => `arn:${partition}:iam::aws:policy/${name}`;
    const phiDeny = new iam.PolicyDocument({
      statements: phiDataPlaneDenyStatements({ buckets: [], tables: [], keys: [] }),
    });
    const boundary = props.permissionsBoundaryPolicyName
      ? { customerManagedPolicyReference: { name: props.permissionsBoundaryPolicyName, path: '/' } }
      : undefined;
    const permissionSet = (
      setId: string,
      duration: Duration,
      managedPolicies: string[],
      description: string,
      inlinePolicy?: iam.PolicyDocument,
    ) =>
      new sso.CfnPermissionSet(this, setId, {
        instanceArn: props.instanceArn,
        name: setId,
        description,
        sessionDuration: duration.toIsoString(),
        managedPolicies,
        inlinePolicy: inlinePolicy?.toJSON(),
        permissionsBoundary: boundary,
      });

    this.administrator = permissionSet(
      'PlatformAdministrator',
      d.administrator ?? Duration.hours(1),
      [aws('AdministratorAccess')],
      `Platform administrator (${Citation.ACCESS_MANAGEMENT})`,
    );
    this.developer = permissionSet(
      'Developer',
      d.developer ?? Duration.hours(4),
      [aws('ReadOnlyAccess')],
      `Developer, no PHI data-plane access (${Citation.ACCESS_MANAGEMENT})`,
      phiDeny,
    );
    this.auditor = permissionSet(
      'Auditor',
      d.auditor ?? Duration.hours(4),
      [aws('ReadOnlyAccess'), aws('SecurityAudit')],
      `Auditor, read-only, no PHI data-plane access (${Citation.AUDIT_CONTROLS})`,
      phiDeny,
    );
    this.breakGlass = permissionSet(
      'BreakGlass',
      d.breakGlass ?? Duration.hours(1),
      [aws('AdministratorAccess')],
      `Emergency access (${IdentityCitation.EMERGENCY_ACCESS})`,
    );

    recordManualAttestation(this, {
      citation: Citation.AUTHENTICATION,
      setting:
        'IAM Identity Center > Settings > Authentication > MFA: prompt users for MFA "Every time they sign in (always-on)", and if a user has no registered MFA device, "Require them to register an MFA device at sign in"',
      reason: IDENTITY_CENTER_MFA_REASON,
    });
    recordManualAttestation(this, {
      citation: Citation.AUTHENTICATION,
      setting:
        'IAM Identity Center > Settings > Authentication > MFA: allowed authenticator types are "Security keys and built-in authenticators" and "Authenticator apps" only',
      reason: IDENTITY_CENTER_MFA_REASON,
    });
  }
}
