import type { App } from 'aws-cdk-lib';
import type { IncidentSubscribers } from '../../constructs/response/incident-response';
import { MemberAssetsStack } from '../stacks/member-assets-stack';
import { OrganizationBackupStack } from '../stacks/organization-backup-stack';
import { OrganizationManagementStack } from '../stacks/organization-management-stack';
import { OrganizationStack } from '../stacks/organization-stack';
import type { OrganizationConfig } from './org-config';

/** The stacks of the organization layer of the reference app. */
export interface OrganizationStacks {
  /** Service control policies and security-service delegation, when `managementAccountId` is set. */
  readonly management?: OrganizationManagementStack;
  /** One member-asset bucket stack per organization Region, in the delegated-admin account. */
  readonly memberAssets: MemberAssetsStack[];
  /** The backup account's air-gapped vault stack of each organization Region, when `backupAccountId` is set. */
  readonly backup: OrganizationBackupStack[];
  /** Organization security services and the member StackSets, in the delegated-admin account. */
  readonly organization: OrganizationStack;
}

/**
 * Adds the organization layer to `app`: the management stack (when `managementAccountId` is set), an
 * asset bucket per Region, the backup account's air-gapped vault per Region (when `backupAccountId` is
 * set), and the organization stack, which deploys after all of them.
 */
export function buildOrganizationStacks(
  app: App,
  prefix: string,
  config: OrganizationConfig,
  incidentSubscribers?: IncidentSubscribers,
): OrganizationStacks {
  const { managementAccountId } = config;
  const management =
    managementAccountId === undefined
      ? undefined
      : new OrganizationManagementStack(app, `${prefix}-OrganizationManagement`, {
          config: { ...config, managementAccountId },
        });
  const memberAssets = config.regions.map(
    (region) =>
      new MemberAssetsStack(app, `${prefix}-MemberAssets-${region}`, {
        env: { account: config.delegatedAdminAccountId, region },
        organizationId: config.organizationId,
        terminationProtection: true,
        description: `cdk-hipaa-baseline: asset bucket for StackSet member templates in ${region} (HIPAA 164.312(a)(2)(iv))`,
      }),
  );
  const { backupAccountId } = config;
  const backup =
    backupAccountId === undefined
      ? []
      : config.regions.map(
          (region) =>
            new OrganizationBackupStack(app, `${prefix}-OrganizationBackup-${region}`, {
              env: { account: backupAccountId, region },
              organizationId: config.organizationId,
              terminationProtection: true,
            }),
        );
  const organization = new OrganizationStack(app, `${prefix}-Organization`, { config, incidentSubscribers });
  for (const stack of memberAssets) {
    organization.addStackDependency(stack, 'member-template assets are published to these buckets');
  }
  for (const stack of backup) {
    organization.addStackDependency(stack, 'member backups copy into these vaults');
  }
  if (management) {
    organization.addStackDependency(management, 'the delegated administrators must be registered first');
  }
  return { ...(management ? { management } : {}), memberAssets, backup, organization };
}
