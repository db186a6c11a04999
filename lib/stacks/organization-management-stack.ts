import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { PermissionsBoundary } from '../../constructs/identity/permissions-boundary';
import { CrossAccountBackup } from '../../constructs/organization/cross-account-backup';
import { OrganizationSecurity } from '../../constructs/organization/organization-security';
import { ResourceControlPolicies } from '../../constructs/organization/resource-control-policies';
import { ServiceControlPolicies } from '../../constructs/organization/service-control-policies';
import { StackSetsDelegation } from '../../constructs/organization/stack-sets-delegation';
import type { OrganizationConfig } from '../organization/org-config';

/** Properties of an {@link OrganizationManagementStack}. */
export interface OrganizationManagementStackProps extends StackProps {
  /** The validated organization configuration; `managementAccountId` must be set. */
  readonly config: OrganizationConfig & { readonly managementAccountId: string };
}

/**
 * The part of the organization baseline only the management account can deploy: the service control
 * policies (attached to the member OUs; the HIPAA-eligible-services SCP to the PHI OUs), the
 * data-perimeter resource control policies (attached to the PHI OUs, or to the member OUs without
 * any), AWS Backup cross-account backup (with a backup account), the delegated administrators of the
 * security services and of StackSets, and the organization trail.
 */
export class OrganizationManagementStack extends Stack {
  /** The baseline service control policies. */
  public readonly scps: ServiceControlPolicies;
  /** The data-perimeter resource control policies (PHI OUs, or every member OU). */
  public readonly rcps: ResourceControlPolicies;
  /** AWS Backup cross-account backup, turned on when the organization has a backup account. */
  public readonly crossAccountBackup?: CrossAccountBackup;
  /** Delegation of the security services and the organization trail. */
  public readonly security: OrganizationSecurity;
  /** Trusted access and delegated administration of service-managed StackSets. */
  public readonly stackSets: StackSetsDelegation;

  /** The permissions boundary on every role of this stack. */
  public readonly boundary: PermissionsBoundary;

  constructor(scope: Construct, id: string, props: OrganizationManagementStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, {
      env: { account: config.managementAccountId, region: config.homeRegion },
      terminationProtection: true,
      description:
        'cdk-hipaa-baseline: service control policies, security-service delegation, organization trail (HIPAA 164.308(a)(4)(i), 164.312(b))',
      ...stackProps,
    });
    // This account's own roles (custom-resource providers, service roles) are bounded like every other.
    this.boundary = new PermissionsBoundary(this, 'Boundary');
    PermissionsBoundary.applyTo(this, this.boundary);
    this.scps = new ServiceControlPolicies(this, 'Scps', {
      targetIds: config.memberOrganizationalUnitIds,
      allowedRegions: config.regions,
      phiOrganizationalUnitIds: config.phiOrganizationalUnitIds,
      securityAdminRoleArns: config.securityAdminRoleArns,
    });
    this.rcps = new ResourceControlPolicies(this, 'Rcps', {
      organizationId: config.organizationId,
      targetIds: config.phiOrganizationalUnitIds ?? config.memberOrganizationalUnitIds,
    });
    if (config.backupAccountId) {
      this.crossAccountBackup = new CrossAccountBackup(this, 'CrossAccountBackup', {
        regions: config.regions,
      });
    }
    this.security = new OrganizationSecurity(this, 'Security', {
      delegatedAdminAccountId: config.delegatedAdminAccountId,
      organizationId: config.organizationId,
    });
    this.stackSets = new StackSetsDelegation(this, 'StackSets', {
      delegatedAdminAccountId: config.delegatedAdminAccountId,
    });
  }
}
