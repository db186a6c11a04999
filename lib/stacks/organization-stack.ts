import { Stack, type StackProps } from 'aws-cdk-lib';
import recommendedFlags from 'aws-cdk-lib/recommended-feature-flags.json';
import type { Construct } from 'constructs';
import { Citation } from '../../constructs/core/citations';
import { recordRelaxation } from '../../constructs/core/report-metadata';
import { PermissionsBoundary } from '../../constructs/identity/permissions-boundary';
import { OrganizationSecurity } from '../../constructs/organization/organization-security';
import type { IncidentSubscribers } from '../../constructs/response/incident-response';
import { MEMBER_CONFIG_PARAMETERS, MemberBaselineStack } from '../organization/member-baseline-stack';
import { MemberBaselineStackSet } from '../organization/member-baseline-stackset';
import { MemberIdentityStack } from '../organization/member-identity-stack';
import type { OrganizationConfig } from '../organization/org-config';
import { OrganizationConfigBucket } from '../organization/organization-config-bucket';

/** Properties of an {@link OrganizationStack}. */
export interface OrganizationStackProps extends StackProps {
  /** The validated organization configuration. */
  readonly config: OrganizationConfig;
  /**
   * Who each member account's incident topics notify.
   *
   * @default - no subscriptions in member accounts; findings are aggregated in this account
   * (164.308(a)(6)(ii))
   */
  readonly incidentSubscribers?: IncidentSubscribers;
}

/**
 * The organization-scale part of the reference app, deployed in the delegated-admin account's home
 * Region: the security services configured for every member (Security Hub central configuration,
 * Config aggregator, Access Analyzer, GuardDuty/Inspector/Macie auto-enable) and two service-managed
 * StackSets with automatic deployment — the account-wide identity baseline in the home Region and the
 * regional member baseline in every configured Region, whose backups copy into the backup account's
 * logically air-gapped vaults (`backupAccountId`).
 */
export class OrganizationStack extends Stack {
  /** Organization-wide security services, configured from the delegated-admin account. */
  public readonly security: OrganizationSecurity;
  /** The account-wide identity StackSet (home Region only). */
  public readonly memberIdentity: MemberBaselineStackSet;
  /** The regional member-baseline StackSet. */
  public readonly memberBaseline: MemberBaselineStackSet;
  /** The bucket every member account's AWS Config recorder delivers to. */
  public readonly configBucket: OrganizationConfigBucket;

  /** The permissions boundary on every role of this stack. */
  public readonly boundary: PermissionsBoundary;

  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    const { config, incidentSubscribers, ...stackProps } = props;
    super(scope, id, {
      env: { account: config.delegatedAdminAccountId, region: config.homeRegion },
      terminationProtection: true,
      description:
        'cdk-hipaa-baseline: organization security services and member-account baseline StackSets (HIPAA 164.308(a)(1)(ii)(B), 164.312(b))',
      ...stackProps,
    });
    // This account's own roles (custom-resource providers, service roles) are bounded like every other.
    this.boundary = new PermissionsBoundary(this, 'Boundary');
    PermissionsBoundary.applyTo(this, this.boundary);
    this.security = new OrganizationSecurity(this, 'Security', {
      policyTargetIds: config.memberOrganizationalUnitIds,
    });
    const common = {
      organizationalUnitIds: config.memberOrganizationalUnitIds,
      failureTolerancePercentage: config.memberBaseline.failureTolerancePercentage,
      maxConcurrentPercentage: config.memberBaseline.maxConcurrentPercentage,
      memberContext: featureFlagContext(this),
    };
    this.memberIdentity = new MemberBaselineStackSet(this, 'MemberIdentity', {
      ...common,
      stackSetName: 'hipaa-member-identity',
      regions: [config.homeRegion],
      memberStack: (app, synthesizer) => new MemberIdentityStack(app, 'MemberIdentity', { synthesizer }),
    });
    this.configBucket = new OrganizationConfigBucket(this, 'ConfigBucket', {
      organizationId: config.organizationId,
    });
    if (config.withoutBackupAccount) {
      recordRelaxation(this, {
        citation: Citation.DATA_BACKUP,
        setting: 'withoutBackupAccount',
        reason: `Member accounts keep their logically air-gapped copies in vaults of their own: ${config.withoutBackupAccount.reason}`,
      });
    }
    this.memberBaseline = new MemberBaselineStackSet(this, 'MemberBaseline', {
      ...common,
      regions: config.regions,
      parameters: {
        [MEMBER_CONFIG_PARAMETERS.bucketName]: this.configBucket.bucket.bucketName,
        [MEMBER_CONFIG_PARAMETERS.keyArn]: this.configBucket.encryptionKey.keyArn,
      },
      memberStack: (app, synthesizer) =>
        new MemberBaselineStack(app, 'MemberBaseline', {
          synthesizer,
          backups: config.memberBaseline.backups,
          ...(config.backupAccountId ? { backupAccount: { accountId: config.backupAccountId } } : {}),
          incidentSubscribers,
        }),
    });
  }
}

/** The app's values of aws-cdk-lib's feature flags, so the member template is synthesized the same way. */
function featureFlagContext(scope: Construct): Record<string, unknown> {
  const flagNames = Object.keys(recommendedFlags as Record<string, unknown>);
  return Object.fromEntries(
    flagNames
      .map((name) => [name, scope.node.tryGetContext(name)])
      .filter(([, value]) => value !== undefined),
  );
}
