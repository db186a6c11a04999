import { Token } from 'aws-cdk-lib';
import { Citation } from '../core/citations';
import type { PropsCheck } from '../core/validation';

/**
 * The tag key that puts an instance in a patch group. Patch Manager accepts `PatchGroup` and
 * `Patch Group`; the toolkit uses `PatchGroup` because tag keys with spaces cannot be read through
 * instance metadata tags.
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-patch-groups.html
 */
export const PATCH_GROUP_TAG_KEY = 'PatchGroup';

/** Patch group names the toolkit accepts: usable in baseline names, window names and tag values. */
export const PATCH_GROUP_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** Requires `patchGroup` to be a literal patch group name matching {@link PATCH_GROUP_PATTERN}. */
export function validatePatchGroup(check: PropsCheck, patchGroup: string | undefined): boolean {
  return check.require(
    patchGroup !== undefined && !Token.isUnresolved(patchGroup) && PATCH_GROUP_PATTERN.test(patchGroup),
    {
      prop: 'patchGroup',
      received: patchGroup,
      allowed: 'a literal name of 1 to 64 letters, digits, underscores, periods or hyphens',
      citation: Citation.RISK_MANAGEMENT,
    },
  );
}
