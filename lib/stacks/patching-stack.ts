import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EbsEncryptionByDefault } from '../../constructs/compute/ebs-encryption-by-default';
import type { RetentionProfile } from '../../constructs/core/retention';
import { DefaultHostManagement } from '../../constructs/patching/default-host-management';
import { PatchBaselines } from '../../constructs/patching/patch-baselines';
import { PatchSchedule } from '../../constructs/patching/patch-schedule';

/** The patch group the reference app's workloads join. */
export const REFERENCE_PATCH_GROUP = 'hipaa-workloads';

/** Properties of a {@link PatchingStack}. */
export interface PatchingStackProps extends StackProps {
  /**
   * The patch group to patch.
   *
   * @default REFERENCE_PATCH_GROUP ('hipaa-workloads')
   */
  readonly patchGroup?: string;
  /**
   * How long patching task logs are kept.
   *
   * @default RetentionProfile.SIX_YEARS (164.316(b)(2)(i))
   */
  readonly logRetention?: RetentionProfile;
  /**
   * Make the baselines this account and Region's default baselines, so instances outside the patch
   * group are patched to the same rules.
   *
   * @default true
   */
  readonly registerBaselinesAsDefault?: boolean;
}

/**
 * The reference patching layer (strategy 3, and the account-wide compute settings of strategy 7):
 * security patch baselines, a weekly install window and daily scans with compliance evidence, Default
 * Host Management Configuration, and EBS encryption by default with a customer-managed key.
 *
 * Several of its resources are account- and Region-wide: deploy one PatchingStack per account and
 * Region.
 */
export class PatchingStack extends Stack {
  /** The patch baselines. */
  public readonly baselines: PatchBaselines;
  /** The patching schedule; grant instance roles its task output with `grantTaskOutput`. */
  public readonly schedule: PatchSchedule;
  /** Default Host Management Configuration. */
  public readonly hostManagement: DefaultHostManagement;
  /** EBS encryption by default. */
  public readonly ebsEncryption: EbsEncryptionByDefault;

  constructor(scope: Construct, id: string, props: PatchingStackProps = {}) {
    super(scope, id, props);
    const patchGroup = props.patchGroup ?? REFERENCE_PATCH_GROUP;
    this.baselines = new PatchBaselines(this, 'Baselines', {
      patchGroup,
      registerAsDefault: props.registerBaselinesAsDefault ?? true,
    });
    this.schedule = new PatchSchedule(this, 'Schedule', { patchGroup, logRetention: props.logRetention });
    this.hostManagement = new DefaultHostManagement(this, 'HostManagement');
    this.ebsEncryption = new EbsEncryptionByDefault(this, 'EbsEncryption');
  }
}
