import { Citation } from '../../../../constructs/core/citations';
import { expectEqual, type TemplateRule } from '../../template/rule';

const SETTINGS = [
  'BlockPublicAcls',
  'BlockPublicPolicy',
  'IgnorePublicAcls',
  'RestrictPublicBuckets',
] as const;

/** Every S3 bucket blocks public ACLs and public policies, so no object can be granted to the world. */
export const S3PublicAccessBlock: TemplateRule = {
  id: 'S3PublicAccessBlock',
  citations: [Citation.ACCESS_CONTROL, Citation.ACCESS_MANAGEMENT],
  severity: 'error',
  resourceTypes: ['AWS::S3::Bucket'],
  rationale:
    'A bucket without all four public access block settings can be opened to anonymous readers by one ACL or bucket policy, bypassing the access controls on ePHI.',
  fix: 'Set PublicAccessBlockConfiguration with BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets all true (PhiBucket does; remove any override that deletes it).',
  check: (view) =>
    SETTINGS.flatMap((setting) => expectEqual(view, `PublicAccessBlockConfiguration.${setting}`, true)),
};
