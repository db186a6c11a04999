import { Citation } from '../../../../constructs/core/citations';
import { expectBetween, expectPresent, expectRetained, type TemplateRule } from '../../template/rule';

/** Six years (2192 days), the HIPAA documentation retention period. */
export const SIX_YEARS_IN_DAYS = 2192;

/** Every log group keeps its records six years, is encrypted with a KMS key and survives stack deletion. */
export const LogGroupRetention: TemplateRule = {
  id: 'LogGroupRetention',
  citations: [Citation.RETENTION_TIME_LIMIT, Citation.AUDIT_CONTROLS, Citation.ENCRYPTION_AT_REST],
  severity: 'error',
  resourceTypes: ['AWS::Logs::LogGroup'],
  rationale:
    'Audit records are required documentation and must be kept six years, protected by a customer-managed key, and not lost when a stack is deleted.',
  fix: 'Use AuditLogGroup (or set RetentionInDays ≥ 2192 or leave it unset for never-expire, KmsKeyId, and DeletionPolicy/UpdateReplacePolicy Retain).',
  strongerWhen: { 'Properties.RetentionInDays': 'higher' },
  check: (view) => {
    const retention = view.get('RetentionInDays');
    return [
      // Absent RetentionInDays means the records never expire, which meets the time limit.
      ...(retention === undefined ? [] : expectBetween(view, 'RetentionInDays', SIX_YEARS_IN_DAYS)),
      ...expectPresent(view, 'KmsKeyId', 'a customer-managed KMS key encrypts the log group'),
      ...expectRetained(view),
    ];
  },
};
