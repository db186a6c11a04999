import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { reasonProblem } from '../core/acknowledge';
import { Citation } from '../core/citations';
import { recordRelaxation } from '../core/report-metadata';
import { PropsCheck } from '../core/validation';
import type { SdkCall } from '../patching/private/sdk-call';
import { ORG_CONTROL_METADATA_KEY, type OrgWideControl } from './private/org-controls';
import { IDENTITY_PERIMETER_ACTIONS, RCP_SERVICE_ACTIONS, RCP_SERVICE_PREFIXES } from './private/perms';
import { enablePolicyType } from './private/policy-type';
import {
  ACCOUNT_ID_PATTERN,
  checkList,
  ORG_ID_PATTERN,
  OU_ID_PATTERN,
  ROOT_ID_PATTERN,
} from './private/validation';

export { RCP_SERVICE_PREFIXES } from './private/perms';

/** The largest RCP document AWS Organizations accepts, in characters. */
export const MAX_RCP_CHARACTERS = 5120;

/** The policy type of a resource control policy. */
export const RESOURCE_CONTROL_POLICY_TYPE = 'RESOURCE_CONTROL_POLICY';

const TARGET_PATTERN = new RegExp(`${ROOT_ID_PATTERN.source}|${OU_ID_PATTERN.source}`);

/** An RCP document, as rendered into the policy's content. */
export interface RcpDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

/** Accounts outside the organization that may still reach its resources (recorded as a relaxation). */
export interface TrustedExternalAccounts {
  /** The 12-digit accounts, e.g. the Elastic Load Balancing log-delivery account of a Region. */
  readonly accountIds: string[];
  /** Why they need access: at least 20 characters, not boilerplate. */
  readonly reason: string;
}

/** Properties of {@link ResourceControlPolicies}. */
export interface ResourceControlPoliciesProps {
  /**
   * The organization id (`o-…`): only its principals, and AWS services acting for it, reach the
   * resources. Tokens are rejected: the perimeter must be reviewable at synth time (164.312(a)(1)).
   */
  readonly organizationId: string;
  /**
   * The root (`r-…`) or OU (`ou-…`) ids the RCPs are attached to, e.g. the PHI OUs. Tokens are rejected
   * (164.308(a)(4)(i)).
   */
  readonly targetIds: string[];
  /**
   * Accounts outside the organization whose principals (and AWS services acting for them) may still
   * reach the resources, e.g. the ELB account that delivers access logs in Regions opened before
   * August 2022.
   *
   * @default - none: every principal outside the organization is denied (164.312(a)(1))
   */
  readonly trustedExternalAccounts?: TrustedExternalAccounts;
}

/**
 * The data perimeter of a HIPAA organization as resource control policies, which bound what any
 * resource policy of a member account can grant: S3 buckets, KMS keys, STS role trust, SQS queues and
 * Secrets Manager secrets of the targeted accounts cannot be reached by principals outside the
 * organization (`aws:PrincipalOrgID`), AWS services reach them only on behalf of the organization
 * (`aws:SourceOrgID`, the confused-deputy guard), and no request to them is served without TLS — even
 * when a bucket or key policy says otherwise. The RCP policy type is enabled on the root by an SDK call
 * (CloudFormation cannot), and each document is checked against the 5,120-character limit at synth.
 * RCPs do not apply to the management account, to service-linked roles or to AWS managed KMS keys.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 * @see https://github.com/aws-samples/data-perimeter-policy-examples/tree/main/resource_control_policies
 */
export class ResourceControlPolicies extends Construct {
  /** The RCP that keeps principals outside the organization (and services acting for them) out. */
  public readonly resourcePerimeter: organizations.CfnPolicy;
  /** The RCP that denies requests made without TLS. */
  public readonly secureTransport: organizations.CfnPolicy;
  /** The call that enables the RCP policy type on the organization root. */
  public readonly policyType: SdkCall;
  /** Every RCP document, by construct id, as JSON. */
  public readonly documents: Readonly<Record<string, RcpDocument>>;
  /** The organization-wide control these policies apply, as recorded for the compliance report. */
  public readonly orgWideControl: OrgWideControl;

  constructor(scope: Construct, id: string, props: ResourceControlPoliciesProps) {
    const check = new PropsCheck(scope, id);
    check.matches(
      'organizationId',
      props.organizationId ?? '',
      ORG_ID_PATTERN,
      'an organization id (o- and 10 to 32 lowercase letters or digits), not a token',
      Citation.ACCESS_CONTROL,
    );
    checkList(
      check,
      'targetIds',
      props.targetIds,
      TARGET_PATTERN,
      'a non-empty list of root ids (r-…) or OU ids (ou-…-…), not tokens',
      Citation.ACCESS_MANAGEMENT,
      true,
    );
    const trusted = props.trustedExternalAccounts;
    if (trusted) {
      checkList(
        check,
        'trustedExternalAccounts.accountIds',
        trusted.accountIds,
        ACCOUNT_ID_PATTERN,
        'a non-empty list of 12-digit account ids outside the organization, not tokens',
        Citation.ACCESS_CONTROL,
        true,
      );
      check.require(reasonProblem(trusted.reason) === undefined, {
        prop: 'trustedExternalAccounts.reason',
        received: trusted.reason,
        allowed: 'a specific reason of at least 20 characters, not boilerplate',
        citation: Citation.ACCESS_CONTROL,
      });
    }
    check.throwIfInvalid();
    super(scope, id);

    this.policyType = enablePolicyType(
      this,
      'PolicyType',
      props.organizationId,
      RESOURCE_CONTROL_POLICY_TYPE,
    );
    const documents: Record<string, RcpDocument> = {};
    const policy = (name: string, description: string, statements: Record<string, unknown>[]) => {
      const document: RcpDocument = { Version: '2012-10-17', Statement: statements };
      const size = JSON.stringify(document).length;
      if (size > MAX_RCP_CHARACTERS) {
        throw new Error(
          `${this.node.path}/${name}: the RCP document is ${size} characters; AWS Organizations allows ${MAX_RCP_CHARACTERS}: trust fewer external accounts (${Citation.ACCESS_CONTROL})`,
        );
      }
      documents[name] = document;
      const cfn = new organizations.CfnPolicy(this, name, {
        name: `hipaa-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
        description,
        type: RESOURCE_CONTROL_POLICY_TYPE,
        content: document,
        targetIds: props.targetIds,
      });
      cfn.node.addDependency(this.policyType);
      return cfn;
    };

    const orgId = props.organizationId;
    const external = trusted?.accountIds ?? [];
    this.resourcePerimeter = policy(
      'ResourcePerimeter',
      `Only the organization's principals, and AWS services acting for it, reach S3, KMS, STS, SQS and Secrets Manager resources (${Citation.ACCESS_CONTROL})`,
      [
        {
          Sid: 'EnforceOrgIdentities',
          Effect: 'Deny',
          Principal: '*',
          Action: [...IDENTITY_PERIMETER_ACTIONS],
          Resource: '*',
          Condition: {
            StringNotEqualsIfExists: {
              'aws:PrincipalOrgID': orgId,
              ...(external.length > 0 ? { 'aws:PrincipalAccount': external } : {}),
            },
            // AWS service principals carry no organization; the next statement bounds them instead.
            BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
          },
        },
        {
          Sid: 'EnforceConfusedDeputyProtection',
          Effect: 'Deny',
          Principal: '*',
          Action: [...RCP_SERVICE_ACTIONS],
          Resource: '*',
          Condition: {
            StringNotEqualsIfExists: {
              'aws:SourceOrgID': orgId,
              ...(external.length > 0 ? { 'aws:SourceAccount': external } : {}),
            },
            // Only requests that name the resource they are made for (aws:SourceAccount present).
            Null: { 'aws:SourceAccount': 'false' },
            Bool: { 'aws:PrincipalIsAWSService': 'true' },
          },
        },
      ],
    );
    this.secureTransport = policy(
      'ResourceSecureTransport',
      `S3, KMS, STS, SQS and Secrets Manager resources refuse requests made without TLS (${Citation.TRANSMISSION_SECURITY})`,
      [
        {
          Sid: 'EnforceSecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: [...RCP_SERVICE_ACTIONS],
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
        },
      ],
    );
    this.documents = documents;

    if (trusted) {
      recordRelaxation(this, {
        citation: Citation.ACCESS_CONTROL,
        setting: 'trustedExternalAccounts',
        reason: `${trusted.reason} (accounts ${external.join(', ')})`,
      });
    }
    this.orgWideControl = {
      control: 'Resource control policies (data perimeter)',
      scope: `${RCP_SERVICE_PREFIXES.join(', ')} resources of ${props.targetIds.join(', ')}: organization principals only, TLS only`,
      citations: [Citation.ACCESS_CONTROL, Citation.TRANSMISSION_SECURITY, Citation.ENCRYPTION_IN_TRANSIT],
    };
    this.node.addMetadata(ORG_CONTROL_METADATA_KEY, this.orgWideControl);
  }
}
