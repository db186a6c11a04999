import { Citation } from '../../../../constructs/core/citations';
import { expectEqual, expectPresent, expectRetained, type TemplateRule } from '../../template/rule';

/**
 * Every DynamoDB table keeps point-in-time recovery, is encrypted with a customer-managed KMS key, has
 * deletion protection and survives stack deletion.
 */
export const DynamoDbTableRecovery: TemplateRule = {
  id: 'DynamoDbTableRecovery',
  citations: [Citation.DATA_BACKUP, Citation.DISASTER_RECOVERY, Citation.ENCRYPTION_AT_REST],
  severity: 'error',
  resourceTypes: ['AWS::DynamoDB::Table'],
  rationale:
    'Point-in-time recovery is the exact-copy backup of every item, deletion protection and Retain keep the table through a mistaken delete, and a customer-managed key keeps ePHI reads access-controlled and audited.',
  fix: 'Use PhiTable (or set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled true, SSESpecification with SSEEnabled and KMSMasterKeyId, DeletionProtectionEnabled true and DeletionPolicy/UpdateReplacePolicy Retain).',
  strongerWhen: { 'Properties.PointInTimeRecoverySpecification.RecoveryPeriodInDays': 'higher' },
  check: (view) => {
    // Recorded for diff: a shorter recovery window is weaker even while recovery stays on.
    view.get('PointInTimeRecoverySpecification.RecoveryPeriodInDays');
    return [
      ...expectEqual(view, 'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled', true),
      ...expectEqual(view, 'SSESpecification.SSEEnabled', true),
      ...expectPresent(
        view,
        'SSESpecification.KMSMasterKeyId',
        'a customer-managed KMS key encrypts the table',
      ),
      ...expectEqual(view, 'DeletionProtectionEnabled', true),
      ...expectRetained(view),
    ];
  },
};
