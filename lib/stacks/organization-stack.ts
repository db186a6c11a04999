import { Stack, type StackProps } from 'aws-cdk-lib';
import recommendedFlags from 'aws-cdk-lib/recommended-feature-flags.json';
import type { Construct } from 'constructs';
import { MemberBaselineStackSet } from '../organization/member-baseline-stackset';
import type { OrganizationConfig } from '../organization/org-config';

/** Properties of an {@link OrganizationStack}. */
export interface OrganizationStackProps extends StackProps {
  /** The validated organization configuration. */
  readonly config: OrganizationConfig;
}

/**
 * The organization-scale part of the reference app, deployed in the delegated-admin account's home
 * Region: one service-managed StackSet that gives every account of the member OUs, in every configured
 * Region, the member baseline — automatically for accounts that join later.
 */
export class OrganizationStack extends Stack {
  /** The member-baseline StackSet. */
  public readonly memberBaseline: MemberBaselineStackSet;

  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, {
      env: { account: config.delegatedAdminAccountId, region: config.homeRegion },
      terminationProtection: true,
      description:
        'cdk-hipaa-baseline: member-account baseline StackSet (HIPAA 164.308(a)(1)(ii)(B), 164.312(b))',
      ...stackProps,
    });
    this.memberBaseline = new MemberBaselineStackSet(this, 'MemberBaseline', {
      organizationalUnitIds: config.memberOrganizationalUnitIds,
      regions: config.regions,
      failureTolerancePercentage: config.memberBaseline.failureTolerancePercentage,
      maxConcurrentPercentage: config.memberBaseline.maxConcurrentPercentage,
      memberBaseline: { backups: config.memberBaseline.backups },
      memberContext: featureFlagContext(this),
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
