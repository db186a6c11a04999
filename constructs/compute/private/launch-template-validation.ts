import { Citation } from '../../core/citations';
import type { PropsCheck } from '../../core/validation';
import { validatePatchGroup } from '../../patching/patch-group';
import type { HardenedLaunchTemplateProps } from '../hardened-launch-template';

/** Smallest root volume accepted, in GiB: the size of the Amazon Linux 2023 AMI's snapshot. */
export const MIN_ROOT_VOLUME_GIB = 8;
/** Largest gp3 volume, in GiB. */
export const MAX_ROOT_VOLUME_GIB = 16384;

/** Records every problem with {@link HardenedLaunchTemplateProps} on `check`. */
export function validateLaunchTemplateProps(check: PropsCheck, props: HardenedLaunchTemplateProps): void {
  validatePatchGroup(check, props.patchGroup);
  check.integerInRange(
    'rootVolumeSizeGiB',
    props.rootVolumeSizeGiB,
    MIN_ROOT_VOLUME_GIB,
    MAX_ROOT_VOLUME_GIB,
    Citation.ENCRYPTION_AT_REST,
  );
  check.matches(
    'rootDeviceName',
    props.rootDeviceName,
    /^\/dev\/(xvd[a-z]|sd[a-z]1?|nvme0n1)$/,
    "a root device name such as '/dev/xvda' or '/dev/sda1'",
    Citation.ENCRYPTION_AT_REST,
  );
}
