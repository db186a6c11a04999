import { Citation } from '../../../../constructs/core/citations';
import { KEY_DELETION_WINDOW_DAYS } from '../../../../constructs/encryption/phi-key';
import { expectEqual, expectRetained, NOT_APPLICABLE, type TemplateRule } from '../../template/rule';

/**
 * Every symmetric KMS key rotates its key material yearly, waits the full 30 days before deletion and
 * survives stack deletion, so ciphertext of ePHI never outlives the key that decrypts it.
 */
export const KmsKeyRotation: TemplateRule = {
  id: 'KmsKeyRotation',
  citations: [Citation.ENCRYPTION_AT_REST, Citation.DATA_BACKUP],
  severity: 'error',
  resourceTypes: ['AWS::KMS::Key'],
  rationale:
    'Rotation limits the data exposed under one key version; a deleted key makes every backup and record encrypted under it unreadable, so deletion must wait the full window and the key must be retained.',
  fix: 'Use the toolkit key constructs (or set EnableKeyRotation true, leave PendingWindowInDays unset or 30, and DeletionPolicy/UpdateReplacePolicy Retain).',
  check: (view) => {
    const spec = view.get('KeySpec');
    // Only symmetric encryption keys support automatic rotation.
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return NOT_APPLICABLE;
    const window = view.get('PendingWindowInDays');
    return [
      ...expectEqual(view, 'EnableKeyRotation', true),
      ...(window === undefined ? [] : expectEqual(view, 'PendingWindowInDays', KEY_DELETION_WINDOW_DAYS)),
      ...expectRetained(view),
    ];
  },
};
