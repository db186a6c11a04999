import { Citation } from '../../../../constructs/core/citations';
import { expectPresent, fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';

const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];
const ALGORITHM_PATH =
  'BucketEncryption.ServerSideEncryptionConfiguration[].ServerSideEncryptionByDefault.SSEAlgorithm';
const KEY_PATH =
  'BucketEncryption.ServerSideEncryptionConfiguration[].ServerSideEncryptionByDefault.KMSMasterKeyID';

/**
 * Every S3 bucket declares default encryption; a bucket tagged `DataClassification=PHI` uses a KMS key, so
 * reading ePHI needs a key grant that CloudTrail records.
 */
export const S3BucketEncryption: TemplateRule = {
  id: 'S3BucketEncryption',
  citations: [Citation.ENCRYPTION_AT_REST],
  severity: 'error',
  resourceTypes: ['AWS::S3::Bucket'],
  rationale:
    'ePHI at rest must be encrypted with a key whose use is access-controlled and audited; S3-managed keys give no separate key permission or key-use record.',
  fix: "Set BucketEncryption with SSEAlgorithm 'aws:kms' and a KMSMasterKeyID on PHI buckets (PhiBucket does), and default encryption on every other bucket.",
  check: (view) => {
    const algorithm = view.values(ALGORITHM_PATH)[0];
    if (algorithm === undefined)
      return [
        fail(ALGORITHM_PATH, `${ALGORITHM_PATH} must be set: the bucket declares no default encryption`),
      ];
    if (!view.resource.isPhi) return [];
    if (isSpecial(algorithm)) return [unverified(ALGORITHM_PATH, algorithm, KMS_ALGORITHMS.join(' or '))];
    const problems: Problem[] = [];
    if (typeof algorithm !== 'string' || !KMS_ALGORITHMS.includes(algorithm))
      problems.push(
        fail(
          ALGORITHM_PATH,
          `${ALGORITHM_PATH} must be aws:kms on a PHI bucket, got ${JSON.stringify(algorithm)}`,
        ),
      );
    else problems.push(...expectPresent(view, KEY_PATH, 'a customer-managed KMS key encrypts PHI objects'));
    return problems;
  },
};
