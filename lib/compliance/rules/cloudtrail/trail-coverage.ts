import { Citation } from '../../../../constructs/core/citations';
import { expectEqual, expectPresent, type TemplateRule } from '../../template/rule';

/**
 * Every CloudTrail trail logs, covers all Regions and global services, validates its log files and
 * encrypts them with a KMS key.
 */
export const CloudTrailTrailCoverage: TemplateRule = {
  id: 'CloudTrailTrailCoverage',
  citations: [Citation.AUDIT_CONTROLS, Citation.ACTIVITY_REVIEW, Citation.INTEGRITY, '164.308(a)(5)(ii)(C)'],
  severity: 'error',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  rationale:
    'A single-Region trail misses activity in every other Region, a trail without log file validation cannot show its records were not altered, and unencrypted logs expose who accessed ePHI.',
  fix: 'Use AuditTrail (or set IsLogging, IsMultiRegionTrail, IncludeGlobalServiceEvents and EnableLogFileValidation true and KMSKeyId).',
  check: (view) => [
    ...expectEqual(view, 'IsLogging', true),
    ...expectEqual(view, 'IsMultiRegionTrail', true),
    ...expectEqual(view, 'IncludeGlobalServiceEvents', true),
    ...expectEqual(view, 'EnableLogFileValidation', true),
    ...expectPresent(view, 'KMSKeyId', 'trail logs are encrypted with a customer-managed KMS key'),
  ],
};
