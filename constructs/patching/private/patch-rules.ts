import type * as ssm from 'aws-cdk-lib/aws-ssm';

/** Operating systems {@link PatchBaselines} writes a baseline for, as CloudFormation spells them. */
export const PATCH_OPERATING_SYSTEMS = [
  'AMAZON_LINUX_2023',
  'AMAZON_LINUX_2',
  'UBUNTU',
  'REDHAT_ENTERPRISE_LINUX',
  'WINDOWS',
] as const;

/** An operating system from {@link PATCH_OPERATING_SYSTEMS}. */
export type PatchOperatingSystem = (typeof PATCH_OPERATING_SYSTEMS)[number];

/** The two approval rules of one operating system's baseline, as patch filters. */
export interface OsApprovalRules {
  /** Filters that select security patches of the highest severity. */
  readonly critical: readonly ssm.CfnPatchBaseline.PatchFilterProperty[];
  /** Filters that select security patches of the next severity. */
  readonly important: readonly ssm.CfnPatchBaseline.PatchFilterProperty[];
  /**
   * Whether Patch Manager accepts `ApproveAfterDays` for this operating system. It does not for
   * Ubuntu Server, which publishes no release dates to Patch Manager: patches are approved as soon as
   * they are in the repository.
   */
  readonly supportsApprovalDelay: boolean;
  /** Whether `AvailableSecurityUpdatesComplianceStatus` applies (Windows Server only). */
  readonly reportsAvailableSecurityUpdates: boolean;
}

const securityOfSeverity = (severity: string): ssm.CfnPatchBaseline.PatchFilterProperty[] => [
  { key: 'CLASSIFICATION', values: ['Security'] },
  { key: 'SEVERITY', values: [severity] },
];

/**
 * The approval rules per operating system: a table, not code, so a reviewer reads every filter in one
 * place. Keys and values are those Patch Manager documents for each operating system.
 *
 * - Amazon Linux 2023, Amazon Linux 2 and RHEL: CLASSIFICATION `Security` with SEVERITY `Critical` or
 *   `Important`.
 * - Windows Server: CLASSIFICATION `CriticalUpdates`/`SecurityUpdates` with MSRC_SEVERITY `Critical`,
 *   and `SecurityUpdates` with MSRC_SEVERITY `Important`.
 * - Ubuntu Server: Patch Manager has no security classification or severity for Ubuntu packages and
 *   takes security updates from the `*-security` pocket unless non-security updates are enabled (they
 *   are not). The rules split by Debian PRIORITY instead (`Required`/`Important` reported CRITICAL,
 *   `Standard`/`Optional`/`Extra` reported HIGH), every SECTION, with no approval delay.
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PatchFilter.html
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-selecting-patches.html
 */
export const APPROVAL_RULES: Readonly<Record<PatchOperatingSystem, OsApprovalRules>> = {
  AMAZON_LINUX_2023: {
    critical: securityOfSeverity('Critical'),
    important: securityOfSeverity('Important'),
    supportsApprovalDelay: true,
    reportsAvailableSecurityUpdates: false,
  },
  AMAZON_LINUX_2: {
    critical: securityOfSeverity('Critical'),
    important: securityOfSeverity('Important'),
    supportsApprovalDelay: true,
    reportsAvailableSecurityUpdates: false,
  },
  REDHAT_ENTERPRISE_LINUX: {
    critical: securityOfSeverity('Critical'),
    important: securityOfSeverity('Important'),
    supportsApprovalDelay: true,
    reportsAvailableSecurityUpdates: false,
  },
  UBUNTU: {
    critical: [
      { key: 'PRIORITY', values: ['Required', 'Important'] },
      { key: 'SECTION', values: ['*'] },
    ],
    important: [
      { key: 'PRIORITY', values: ['Standard', 'Optional', 'Extra'] },
      { key: 'SECTION', values: ['*'] },
    ],
    supportsApprovalDelay: false,
    reportsAvailableSecurityUpdates: false,
  },
  WINDOWS: {
    critical: [
      { key: 'CLASSIFICATION', values: ['CriticalUpdates', 'SecurityUpdates'] },
      { key: 'MSRC_SEVERITY', values: ['Critical'] },
    ],
    important: [
      { key: 'CLASSIFICATION', values: ['SecurityUpdates'] },
      { key: 'MSRC_SEVERITY', values: ['Important'] },
    ],
    supportsApprovalDelay: true,
    reportsAvailableSecurityUpdates: true,
  },
};
