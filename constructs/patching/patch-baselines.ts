import { Names } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { PropsCheck } from '../core/validation';
import { validatePatchGroup } from './patch-group';
import { APPROVAL_RULES, PATCH_OPERATING_SYSTEMS, type PatchOperatingSystem } from './private/patch-rules';

export { PATCH_OPERATING_SYSTEMS, type PatchOperatingSystem } from './private/patch-rules';

/** Longest delay, in days, before a critical security patch is approved. */
export const MAX_CRITICAL_APPROVE_AFTER_DAYS = 3;
/** Longest delay, in days, before an important security patch is approved. */
export const MAX_IMPORTANT_APPROVE_AFTER_DAYS = 7;

/** Compliance levels the toolkit accepts for explicitly approved patches that are missing. */
export const APPROVED_PATCHES_COMPLIANCE_LEVELS = ['CRITICAL', 'HIGH'] as const;

/** A compliance level from {@link APPROVED_PATCHES_COMPLIANCE_LEVELS}. */
export type ApprovedPatchesComplianceLevel = (typeof APPROVED_PATCHES_COMPLIANCE_LEVELS)[number];

/** Properties of {@link PatchBaselines}. */
export interface PatchBaselinesProps {
  /**
   * The patch group the baselines serve. Instances join it with the tag `PatchGroup=<patchGroup>`
   * (see `HardenedLaunchTemplate`). 1 to 64 letters, digits, `_`, `.` or `-`.
   */
  readonly patchGroup: string;

  /**
   * Operating systems to write a baseline for; one baseline per operating system.
   *
   * @default - all of PATCH_OPERATING_SYSTEMS: Amazon Linux 2023, Amazon Linux 2, Ubuntu, RHEL and Windows
   */
  readonly operatingSystems?: PatchOperatingSystem[];

  /**
   * Days after release a critical security patch is approved, from 0 to 3. Not applied on Ubuntu,
   * where Patch Manager does not support approval delays and approves on availability.
   *
   * @default 0 - critical security patches are approved on release (164.308(a)(1)(ii)(B))
   */
  readonly criticalApproveAfterDays?: number;

  /**
   * Days after release an important security patch is approved, from 0 to 7. Not applied on Ubuntu.
   *
   * @default 7 - a week to catch a bad patch before it reaches PHI systems (164.308(a)(1)(ii)(B))
   */
  readonly importantApproveAfterDays?: number;

  /**
   * How a missing patch that is explicitly approved (ApprovedPatches, none by default) is reported.
   *
   * @default 'HIGH' - a missing approved patch marks the instance non-compliant at HIGH (164.308(a)(1)(ii)(B))
   */
  readonly approvedPatchesComplianceLevel?: ApprovedPatchesComplianceLevel;

  /**
   * Make each baseline the default baseline of its operating system in this account and Region, so
   * instances outside any patch group are patched to the same rules. Account- and Region-wide: only
   * one stack per account and Region should set it.
   *
   * @default false - only instances tagged with the patch group use these baselines
   */
  readonly registerAsDefault?: boolean;
}

/**
 * Systems Manager patch baselines for one patch group, one per operating system, that auto-approve
 * security patches: critical ones after 0 to 3 days (compliance CRITICAL) and important ones after 0 to
 * 7 days (compliance HIGH). Non-security updates are not approved.
 *
 * Per-operating-system filters are a table in `private/patch-rules.ts`; on Ubuntu, which exposes no
 * security severity or release dates to Patch Manager, security updates are approved on availability
 * and split by Debian priority.
 *
 * Serves 164.308(a)(1)(ii)(B) (risk management) and 164.308(a)(5)(ii)(B) (protection from malicious
 * software).
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-predefined-and-custom-patch-baselines.html
 */
export class PatchBaselines extends Construct {
  /** The patch group the baselines are registered for. */
  public readonly patchGroup: string;
  /** Days until a critical security patch is approved. */
  public readonly criticalApproveAfterDays: number;
  /** Days until an important security patch is approved. */
  public readonly importantApproveAfterDays: number;
  private readonly baselines = new Map<PatchOperatingSystem, ssm.CfnPatchBaseline>();

  constructor(scope: Construct, id: string, props: PatchBaselinesProps) {
    const check = new PropsCheck(scope, id);
    validatePatchGroup(check, props.patchGroup);
    check.integerInRange(
      'criticalApproveAfterDays',
      props.criticalApproveAfterDays,
      0,
      MAX_CRITICAL_APPROVE_AFTER_DAYS,
      Citation.RISK_MANAGEMENT,
    );
    check.integerInRange(
      'importantApproveAfterDays',
      props.importantApproveAfterDays,
      0,
      MAX_IMPORTANT_APPROVE_AFTER_DAYS,
      Citation.RISK_MANAGEMENT,
    );
    check.oneOf(
      'approvedPatchesComplianceLevel',
      props.approvedPatchesComplianceLevel,
      APPROVED_PATCHES_COMPLIANCE_LEVELS,
      Citation.RISK_MANAGEMENT,
    );
    const systems = props.operatingSystems ?? [...PATCH_OPERATING_SYSTEMS];
    check.require(
      systems.length > 0 &&
        new Set(systems).size === systems.length &&
        systems.every((os) => (PATCH_OPERATING_SYSTEMS as readonly string[]).includes(os)),
      {
        prop: 'operatingSystems',
        received: systems,
        allowed: `a non-empty list without repeats of ${PATCH_OPERATING_SYSTEMS.join(', ')}`,
        citation: Citation.RISK_MANAGEMENT,
      },
    );
    check.throwIfInvalid();
    super(scope, id);

    this.patchGroup = props.patchGroup;
    this.criticalApproveAfterDays = props.criticalApproveAfterDays ?? 0;
    this.importantApproveAfterDays = props.importantApproveAfterDays ?? MAX_IMPORTANT_APPROVE_AFTER_DAYS;
    const prefix = Names.uniqueResourceName(this, { maxLength: 80, separator: '-' });

    for (const os of systems) {
      const rules = APPROVAL_RULES[os];
      const delay = (days: number) => (rules.supportsApprovalDelay ? days : undefined);
      const baseline = new ssm.CfnPatchBaseline(this, os, {
        name: `${prefix}-${os}`.slice(0, 128),
        description: `Security patches for patch group ${props.patchGroup} (${os}): critical and important auto-approved (HIPAA 164.308(a)(1)(ii)(B))`,
        operatingSystem: os,
        patchGroups: [props.patchGroup],
        defaultBaseline: props.registerAsDefault ?? false,
        approvedPatchesComplianceLevel: props.approvedPatchesComplianceLevel ?? 'HIGH',
        approvedPatchesEnableNonSecurity: os === 'WINDOWS' ? undefined : false,
        availableSecurityUpdatesComplianceStatus: rules.reportsAvailableSecurityUpdates
          ? 'NON_COMPLIANT'
          : undefined,
        approvalRules: {
          patchRules: [
            {
              approveAfterDays: delay(this.criticalApproveAfterDays),
              complianceLevel: 'CRITICAL',
              enableNonSecurity: os === 'WINDOWS' ? undefined : false,
              patchFilterGroup: { patchFilters: [...rules.critical] },
            },
            {
              approveAfterDays: delay(this.importantApproveAfterDays),
              complianceLevel: 'HIGH',
              enableNonSecurity: os === 'WINDOWS' ? undefined : false,
              patchFilterGroup: { patchFilters: [...rules.important] },
            },
          ],
        },
      });
      this.baselines.set(os, baseline);
    }
  }

  /** The operating systems that have a baseline. */
  public get operatingSystems(): PatchOperatingSystem[] {
    return [...this.baselines.keys()];
  }

  /**
   * The baseline of one operating system.
   *
   * @throws Error when no baseline was written for `os`
   */
  public baseline(os: PatchOperatingSystem): ssm.CfnPatchBaseline {
    const baseline = this.baselines.get(os);
    if (!baseline) throw new Error(`${this.node.path}: no patch baseline for ${os}`);
    return baseline;
  }
}
