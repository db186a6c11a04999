import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import {
  HIPAA_ELIGIBLE_IAM_NAMESPACES,
  HIPAA_ELIGIBLE_SERVICES_REFERENCE,
} from '../core/hipaa-eligible-services';
import { PropsCheck } from '../core/validation';
import { BASELINE_CONTROL_PLANE_PREFIXES } from './private/eligible-service-prefixes';
import {
  GLOBAL_SERVICE_PREFIXES,
  LEAVE_ORGANIZATION_ACTIONS,
  SECURITY_SERVICE_TAMPER_ACTIONS,
} from './private/perms';
import { checkList, OU_ID_PATTERN, REGION_PATTERN, ROOT_ID_PATTERN } from './private/validation';

/** The largest SCP document AWS Organizations accepts, in characters. */
export const MAX_SCP_CHARACTERS = 5120;

/**
 * The role that may still manage the security services by default: the role AWS Organizations creates
 * in every account it creates, assumed from the management account.
 */
export const DEFAULT_SECURITY_ADMIN_ROLE_ARNS: readonly string[] = [
  'arn:*:iam::*:role/OrganizationAccountAccessRole',
];

/**
 * The IAM service prefixes the `HipaaEligibleServicesOnly` SCP leaves alone: every prefix of a service on
 * the vendored HIPAA Eligible Services Reference (`constructs/core/data/hipaa-eligible-services.json`),
 * the control-plane services the baseline itself calls (`BASELINE_CONTROL_PLANE_PREFIXES`: Session Manager
 * and Patch Manager channels, CloudWatch, KMS, STS, Organizations, Support, Health, the detective
 * controls …) and the global services. Sorted, without duplicates.
 */
export const PHI_OU_ALLOWED_SERVICE_PREFIXES: readonly string[] = [
  ...new Set([
    ...HIPAA_ELIGIBLE_IAM_NAMESPACES,
    ...BASELINE_CONTROL_PLANE_PREFIXES,
    ...GLOBAL_SERVICE_PREFIXES,
  ]),
].sort();

/** The control-plane prefixes a PHI OU always keeps, re-exported for review and tests. */
export { BASELINE_CONTROL_PLANE_PREFIXES };

const TARGET_PATTERN = new RegExp(`${ROOT_ID_PATTERN.source}|${OU_ID_PATTERN.source}`);
const ROLE_ARN_PATTERN = /^arn:(\*|aws|aws-us-gov|aws-cn):iam::(\*|\d{12}):role\/[\w+=,.@/*-]{1,512}$/;

/** An SCP document, as rendered into the policy's content. */
export interface ScpDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

/** Properties of {@link ServiceControlPolicies}. */
export interface ServiceControlPoliciesProps {
  /**
   * The organization root (`r-…`) or OU (`ou-…`) ids the baseline SCPs are attached to. Tokens are
   * rejected so the attachment can be reviewed at synth time (164.308(a)(1)(ii)(B)).
   */
  readonly targetIds: string[];
  /**
   * The Regions workloads may use. Requests to other Regions are denied, except for the global services
   * in `GLOBAL_SERVICE_PREFIXES` (iam, organizations, sts, cloudfront, route53, route53domains, support,
   * budgets, ce, cur, health, account, waf, trustedadvisor, shield, globalaccelerator) whose endpoints
   * live in one Region (164.308(a)(4)(i)).
   */
  readonly allowedRegions: string[];
  /**
   * IAM role ARN patterns (ArnLike, `*` allowed for the account and partition) that may still
   * change or disable CloudTrail, GuardDuty, Security Hub, Config, Access Analyzer, Macie and
   * Inspector.
   *
   * @default - only `arn:*:iam::*:role/OrganizationAccountAccessRole`, the role Organizations creates
   * for the management account; every other principal is denied (164.312(b))
   */
  readonly securityAdminRoleArns?: string[];
  /**
   * OUs that hold PHI. An extra SCP attached to them denies every service that is not on AWS's HIPAA
   * Eligible Services Reference, as vendored and dated in `constructs/core/data/hipaa-eligible-services.json`
   * (`PHI_OU_ALLOWED_SERVICE_PREFIXES`: the baseline's control-plane services and the global services
   * stay allowed).
   *
   * @default - no OU is restricted to HIPAA-eligible services; a BAA covers only eligible services
   * (164.308(a)(4)(i))
   */
  readonly phiOrganizationalUnitIds?: string[];
}

/**
 * The baseline service control policies of a HIPAA organization: members cannot leave the
 * organization, cannot disable or alter the security services and the trail (except the
 * security-admin roles), cannot use Regions outside `allowedRegions`, and, in PHI OUs, cannot use
 * services that are not HIPAA-eligible. Each document is checked against the 5,120-character limit at
 * synth time. SCPs only filter: they grant nothing.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 */
export class ServiceControlPolicies extends Construct {
  /** The SCP that denies `organizations:LeaveOrganization`. */
  public readonly denyLeaveOrganization: organizations.CfnPolicy;
  /** The SCP that protects the security services and the trail. */
  public readonly protectSecurityServices: organizations.CfnPolicy;
  /** The SCP that denies Regions outside `allowedRegions`. */
  public readonly restrictRegions: organizations.CfnPolicy;
  /** The SCP that denies non-HIPAA-eligible services in the PHI OUs, when any are given. */
  public readonly hipaaEligibleServicesOnly?: organizations.CfnPolicy;
  /** Every SCP document, by construct id, as JSON. */
  public readonly documents: Readonly<Record<string, ScpDocument>>;

  constructor(scope: Construct, id: string, props: ServiceControlPoliciesProps) {
    const check = new PropsCheck(scope, id);
    const targetAllowed = 'a non-empty list of root ids (r-…) or OU ids (ou-…-…), not tokens';
    checkList(
      check,
      'targetIds',
      props.targetIds,
      TARGET_PATTERN,
      targetAllowed,
      Citation.RISK_MANAGEMENT,
      true,
    );
    checkList(
      check,
      'allowedRegions',
      props.allowedRegions,
      REGION_PATTERN,
      'a non-empty list of Region names such as "us-east-1", not tokens',
      Citation.ACCESS_MANAGEMENT,
      true,
    );
    checkList(
      check,
      'securityAdminRoleArns',
      props.securityAdminRoleArns,
      ROLE_ARN_PATTERN,
      'a non-empty list of IAM role ARN patterns such as "arn:aws:iam::*:role/SecurityAdmin", not tokens',
      Citation.AUDIT_CONTROLS,
      false,
    );
    checkList(
      check,
      'phiOrganizationalUnitIds',
      props.phiOrganizationalUnitIds,
      OU_ID_PATTERN,
      'a non-empty list of OU ids (ou-…-…), not tokens',
      Citation.ACCESS_MANAGEMENT,
      false,
    );
    check.throwIfInvalid();
    super(scope, id);

    const admins = props.securityAdminRoleArns ?? [...DEFAULT_SECURITY_ADMIN_ROLE_ARNS];
    const documents: Record<string, ScpDocument> = {};
    const policy = (
      name: string,
      description: string,
      statement: Record<string, unknown>,
      targets: string[],
    ) => {
      const document: ScpDocument = { Version: '2012-10-17', Statement: [statement] };
      const size = JSON.stringify(document).length;
      if (size > MAX_SCP_CHARACTERS) {
        throw new Error(
          `${this.node.path}/${name}: the SCP document is ${size} characters; AWS Organizations allows ${MAX_SCP_CHARACTERS} (${Citation.RISK_MANAGEMENT})`,
        );
      }
      documents[name] = document;
      return new organizations.CfnPolicy(this, name, {
        name: `hipaa-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
        description,
        type: 'SERVICE_CONTROL_POLICY',
        content: document,
        targetIds: targets,
      });
    };

    this.denyLeaveOrganization = policy(
      'DenyLeaveOrganization',
      `Member accounts cannot leave the organization and its guardrails (${Citation.RISK_MANAGEMENT})`,
      {
        Sid: 'DenyLeaveOrganization',
        Effect: 'Deny',
        Action: [...LEAVE_ORGANIZATION_ACTIONS],
        Resource: '*',
      },
      props.targetIds,
    );
    this.protectSecurityServices = policy(
      'ProtectSecurityServices',
      `Only security admins can disable or alter the trail and security services (${Citation.AUDIT_CONTROLS})`,
      {
        Sid: 'DenySecurityServiceTampering',
        Effect: 'Deny',
        Action: [...SECURITY_SERVICE_TAMPER_ACTIONS],
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': admins } },
      },
      props.targetIds,
    );
    this.restrictRegions = policy(
      'RestrictRegions',
      `Workloads stay in the approved Regions (${Citation.ACCESS_MANAGEMENT})`,
      {
        Sid: 'DenyUnapprovedRegions',
        Effect: 'Deny',
        NotAction: GLOBAL_SERVICE_PREFIXES.map((p) => `${p}:*`),
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': props.allowedRegions } },
      },
      props.targetIds,
    );
    if (props.phiOrganizationalUnitIds) {
      this.hipaaEligibleServicesOnly = policy(
        'HipaaEligibleServicesOnly',
        `PHI accounts use only HIPAA-eligible services (reference of ${HIPAA_ELIGIBLE_SERVICES_REFERENCE.retrieved}) (${Citation.ACCESS_MANAGEMENT})`,
        {
          Sid: 'DenyNonEligibleServices',
          Effect: 'Deny',
          NotAction: PHI_OU_ALLOWED_SERVICE_PREFIXES.map((p) => `${p}:*`),
          Resource: '*',
        },
        props.phiOrganizationalUnitIds,
      );
    }
    this.documents = documents;
  }
}
