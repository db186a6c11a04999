import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { PropsCheck } from '../core/validation';
import { AuditTrail } from '../detection/audit-trail';
import {
  DEFAULT_SECURITY_HUB_STANDARDS,
  SecurityHub,
  type SecurityHubStandard,
} from '../detection/security-hub';
import {
  DELEGATED_ADMIN_CONTROLS,
  MANAGEMENT_CONTROLS,
  ORG_CONTROL_METADATA_KEY,
  type OrgWideControl,
} from './private/org-controls';
import {
  autoEnableForMembers,
  delegateSecurityAdministration,
  registerOrganizationsDelegates,
} from './private/org-service-calls';
import {
  ACCOUNT_ID_PATTERN,
  checkList,
  ORG_ID_PATTERN,
  OU_ID_PATTERN,
  ROOT_ID_PATTERN,
} from './private/validation';

export { ORG_CONTROL_METADATA_KEY, type OrgWideControl } from './private/org-controls';

/** Days without use after which Access Analyzer reports unused access. */
export const UNUSED_ACCESS_AGE_DAYS = 90;

const TARGET_PATTERN = new RegExp(`${ROOT_ID_PATTERN.source}|${OU_ID_PATTERN.source}`);

/**
 * Properties of {@link OrganizationSecurity}. The construct has two deployments, chosen by
 * `delegatedAdminAccountId`:
 *
 * | `delegatedAdminAccountId` | deploy in            | creates                                                        |
 * |---------------------------|----------------------|----------------------------------------------------------------|
 * | given                     | management account   | delegated admin for Security Hub, GuardDuty, Inspector, Macie, Config and Access Analyzer; the organization trail |
 * | absent                    | delegated-admin account | Security Hub central configuration and finding aggregator, Config aggregator, Access Analyzer analyzers, GuardDuty/Inspector/Macie auto-enable |
 */
export interface OrganizationSecurityProps {
  /**
   * The 12-digit account that administers the security services for the organization. Give it when
   * deploying in the management account.
   *
   * @default - the construct is deployed in the delegated-admin account itself and configures the
   * services for all members (164.308(a)(1)(ii)(B))
   */
  readonly delegatedAdminAccountId?: string;
  /**
   * The organization id (`o-…`), which names the organization trail's log prefix. Required with
   * `delegatedAdminAccountId` (164.312(b)).
   *
   * @default - none; only the delegated-admin deployment may omit it
   */
  readonly organizationId?: string;
  /**
   * The root (`r-…`) or OU (`ou-…`) ids the Security Hub configuration policy is associated with.
   * Required in the delegated-admin deployment (164.308(a)(1)(ii)(B)).
   *
   * @default - none; only the management deployment may omit it
   */
  readonly policyTargetIds?: string[];
  /**
   * The Security Hub standards the configuration policy enables in every targeted account.
   *
   * @default - AWS Foundational Security Best Practices, CIS 3.0.0 and NIST SP 800-53 Rev. 5
   * (164.308(a)(1)(ii)(B))
   */
  readonly standards?: SecurityHubStandard[];
}

/**
 * The organization-wide security services of a HIPAA organization: Security Hub central configuration,
 * an organization Config aggregator, an organization CloudTrail, organization Access Analyzer analyzers
 * and GuardDuty, Inspector and Macie turned on for every member account. Each control is listed in
 * {@link orgWideControls} and recorded on the node metadata under `cdk-hipaa-baseline:org-control`.
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-intro.html
 */
export class OrganizationSecurity extends Construct {
  /** The controls this deployment applies organization-wide. */
  public readonly orgWideControls: OrgWideControl[];
  /** The organization trail (management deployment). */
  public readonly organizationTrail?: AuditTrail;
  /** The Security Hub configuration policy (delegated-admin deployment). */
  public readonly configurationPolicy?: securityhub.CfnConfigurationPolicy;
  /** The organization Config aggregator (delegated-admin deployment). */
  public readonly configAggregator?: config.CfnConfigurationAggregator;

  constructor(scope: Construct, id: string, props: OrganizationSecurityProps = {}) {
    const check = new PropsCheck(scope, id);
    const management = props.delegatedAdminAccountId !== undefined;
    check.matches(
      'delegatedAdminAccountId',
      props.delegatedAdminAccountId,
      ACCOUNT_ID_PATTERN,
      'a 12-digit account id, not a token',
      Citation.RISK_MANAGEMENT,
    );
    if (management) {
      check.require(props.organizationId !== undefined, {
        prop: 'organizationId',
        received: props.organizationId,
        allowed: 'an organization id (o-…) when delegatedAdminAccountId is given',
        citation: Citation.AUDIT_CONTROLS,
      });
    }
    check.matches(
      'organizationId',
      props.organizationId,
      ORG_ID_PATTERN,
      'an organization id (o-…), not a token',
      Citation.AUDIT_CONTROLS,
    );
    checkList(
      check,
      'policyTargetIds',
      props.policyTargetIds,
      TARGET_PATTERN,
      'a non-empty list of root ids (r-…) or OU ids (ou-…-…), not tokens, in the delegated-admin deployment',
      Citation.RISK_MANAGEMENT,
      !management,
    );
    if (props.standards !== undefined) {
      check.require(props.standards.length > 0, {
        prop: 'standards',
        received: props.standards,
        allowed: 'at least one Security Hub standard',
        citation: Citation.RISK_MANAGEMENT,
      });
    }
    check.throwIfInvalid();
    super(scope, id);

    if (management) {
      const admin = props.delegatedAdminAccountId as string;
      new securityhub.CfnDelegatedAdmin(this, 'SecurityHubAdmin', { adminAccountId: admin });
      delegateSecurityAdministration(this, admin);
      registerOrganizationsDelegates(this, admin);
      this.organizationTrail = this.createOrganizationTrail(props.organizationId as string);
      this.orgWideControls = MANAGEMENT_CONTROLS.map((c) => ({ ...c, citations: [...c.citations] }));
    } else {
      this.configurationPolicy = this.configureSecurityHub(
        props.policyTargetIds ?? [],
        props.standards ?? [...DEFAULT_SECURITY_HUB_STANDARDS],
      );
      this.configAggregator = this.createConfigAggregator();
      new accessanalyzer.CfnAnalyzer(this, 'ExternalAccessAnalyzer', { type: 'ORGANIZATION' });
      new accessanalyzer.CfnAnalyzer(this, 'UnusedAccessAnalyzer', {
        type: 'ORGANIZATION_UNUSED_ACCESS',
        analyzerConfiguration: { unusedAccessConfiguration: { unusedAccessAge: UNUSED_ACCESS_AGE_DAYS } },
      });
      autoEnableForMembers(this);
      this.orgWideControls = DELEGATED_ADMIN_CONTROLS.map((c) => ({ ...c, citations: [...c.citations] }));
    }
    for (const control of this.orgWideControls) this.node.addMetadata(ORG_CONTROL_METADATA_KEY, control);
  }

  /** An {@link AuditTrail} turned into an organization trail, with its bucket open to the org prefix. */
  private createOrganizationTrail(organizationId: string): AuditTrail {
    const trail = new AuditTrail(this, 'OrganizationTrail');
    trail.cfnTrail.isOrganizationTrail = true;
    trail.logBucket.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowOrganizationTrailDelivery',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [trail.logBucket.bucket.arnForObjects(`AWSLogs/${organizationId}/*`)],
        conditions: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trail.trailArn },
        },
      }),
    );
    return trail;
  }

  /** Central configuration: no local auto-enable; one policy, associated with the targets. */
  private configureSecurityHub(
    targets: readonly string[],
    standards: readonly SecurityHubStandard[],
  ): securityhub.CfnConfigurationPolicy {
    const aggregator = new securityhub.CfnFindingAggregator(this, 'FindingAggregator', {
      regionLinkingMode: 'ALL_REGIONS',
    });
    const orgConfig = new securityhub.CfnOrganizationConfiguration(this, 'SecurityHubOrganization', {
      configurationType: 'CENTRAL',
      autoEnable: false,
      autoEnableStandards: 'NONE',
    });
    // Central configuration requires the home Region to aggregate findings first.
    orgConfig.node.addDependency(aggregator);
    const policy = new securityhub.CfnConfigurationPolicy(this, 'SecurityHubPolicy', {
      name: 'hipaa-baseline',
      description: `Security Hub with ${standards.join(', ')} in every targeted account (${Citation.RISK_MANAGEMENT})`,
      configurationPolicy: {
        securityHub: {
          serviceEnabled: true,
          enabledStandardIdentifiers: standards.map((s) => SecurityHub.standardArn(this, s)),
          securityControlsConfiguration: { disabledSecurityControlIdentifiers: [] },
        },
      },
    });
    policy.node.addDependency(orgConfig);
    targets.forEach((targetId, i) => {
      new securityhub.CfnPolicyAssociation(this, `SecurityHubPolicyAssociation${i}`, {
        configurationPolicyId: policy.attrId,
        targetId,
        targetType: targetId.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT',
      });
    });
    return policy;
  }

  /** An aggregator over every account and Region, through a role with the AWS-managed org policy. */
  private createConfigAggregator(): config.CfnConfigurationAggregator {
    const role = new iam.Role(this, 'ConfigAggregatorRole', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      description: 'Lets AWS Config read the organization to aggregate every account (cdk-hipaa-baseline)',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSConfigRoleForOrganizations'),
      ],
    });
    acknowledgeBuiltIn(role, [
      {
        ruleId:
          'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRoleForOrganizations]',
        reason:
          'AWSConfigRoleForOrganizations grants only read-only Organizations calls (ListAccounts, DescribeOrganization, ListAWSServiceAccessForOrganization) that AWS Config needs to enumerate accounts; AWS maintains it as Organizations adds APIs, and it reaches no PHI.',
      },
    ]);
    const aggregator = new config.CfnConfigurationAggregator(this, 'ConfigAggregator', {
      organizationAggregationSource: { allAwsRegions: true, roleArn: role.roleArn },
    });
    aggregator.node.addDependency(role);
    return aggregator;
  }
}
