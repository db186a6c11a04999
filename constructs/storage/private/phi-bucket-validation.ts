import { RemovalPolicy } from 'aws-cdk-lib';
import { Citation } from '../../core/citations';
import type { PropsCheck } from '../../core/validation';
import type { PhiBucketProps } from '../phi-bucket';

/** Removal policies that keep PHI storage when it leaves the stack. */
export const RETAINING_REMOVAL_POLICIES: readonly RemovalPolicy[] = [
  RemovalPolicy.RETAIN,
  RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
];

/** S3's minimum age, in days, for a transition to Standard-IA. */
const MIN_IA_DAYS = 30;
/** The toolkit's minimum age, in days, for a transition to Glacier Instant Retrieval. */
const MIN_GLACIER_DAYS = 90;

/** Records every problem with {@link PhiBucketProps} on `check`. */
export function validateBucketProps(check: PropsCheck, props: PhiBucketProps): void {
  check.oneOf('removalPolicy', props.removalPolicy, RETAINING_REMOVAL_POLICIES, Citation.INTEGRITY);
  if (props.objectLock) {
    check.integerInRange(
      'objectLock.retentionDays',
      props.objectLock.retentionDays,
      1,
      36500,
      Citation.INTEGRITY,
    );
    check.require(props.objectLock.retentionDays !== undefined, {
      prop: 'objectLock.retentionDays',
      received: undefined,
      allowed: 'an integer from 1 to 36500',
      citation: Citation.INTEGRITY,
    });
  }
  const ia = props.lifecycle?.infrequentAccessAfterDays;
  const glacier = props.lifecycle?.glacierAfterDays;
  check.integerInRange(
    'lifecycle.infrequentAccessAfterDays',
    ia,
    MIN_IA_DAYS,
    Number.MAX_SAFE_INTEGER,
    Citation.DATA_BACKUP,
  );
  const glacierOk = check.integerInRange(
    'lifecycle.glacierAfterDays',
    glacier,
    MIN_GLACIER_DAYS,
    Number.MAX_SAFE_INTEGER,
    Citation.DATA_BACKUP,
  );
  if (glacierOk && ia !== undefined && glacier !== undefined) {
    check.require(glacier > ia, {
      prop: 'lifecycle.glacierAfterDays',
      received: glacier,
      allowed: `later than lifecycle.infrequentAccessAfterDays (${ia})`,
      citation: Citation.DATA_BACKUP,
    });
  }
}
