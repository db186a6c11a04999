import { Citation } from '../../../../constructs/core/citations';
import {
  expectEqual,
  expectPresent,
  fail,
  type Problem,
  type TemplateRule,
  unverified,
} from '../../template/rule';
import { isSpecial } from '../../template/template-set';

const KMS_TYPES = ['KMS', 'KMS_DSSE'];
const TYPE_PATH = 'EncryptionConfiguration.EncryptionType';

/**
 * Every ECR repository scans images on push, keeps tags immutable (`IMMUTABLE`, no exclusions) and
 * encrypts images with a customer-managed KMS key.
 */
export const EcrRepositoryHardening: TemplateRule = {
  id: 'EcrRepositoryHardening',
  citations: [Citation.INTEGRITY, Citation.RISK_MANAGEMENT, Citation.ENCRYPTION_AT_REST],
  severity: 'error',
  resourceTypes: ['AWS::ECR::Repository'],
  rationale:
    'A mutable tag can be pointed at an image that was never scanned, so what runs is not what was reviewed; an image not scanned on push can carry known vulnerabilities into a PHI workload; images encrypted with an AWS-managed key give no separate, audited key permission.',
  fix: "Use HardenedRepository, or set ImageScanningConfiguration.ScanOnPush true, ImageTagMutability 'IMMUTABLE' and EncryptionConfiguration with EncryptionType 'KMS' and a KmsKey.",
  check: (view) => {
    const problems: Problem[] = [
      ...expectEqual(view, 'ImageScanningConfiguration.ScanOnPush', true),
      ...expectEqual(view, 'ImageTagMutability', 'IMMUTABLE'),
    ];
    const type = view.get(TYPE_PATH);
    if (type !== undefined && isSpecial(type))
      problems.push(unverified(TYPE_PATH, type, KMS_TYPES.join(' or ')));
    else if (typeof type !== 'string' || !KMS_TYPES.includes(type))
      problems.push(
        fail(
          TYPE_PATH,
          `${TYPE_PATH} must be KMS or KMS_DSSE, got ${JSON.stringify(type ?? 'AES256 (absent)')}`,
        ),
      );
    else
      problems.push(
        ...expectPresent(
          view,
          'EncryptionConfiguration.KmsKey',
          'a customer-managed KMS key encrypts the images',
        ),
      );
    return problems;
  },
};
