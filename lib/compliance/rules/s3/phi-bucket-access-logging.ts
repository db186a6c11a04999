import { Citation } from '../../../../constructs/core/citations';
import { expectPresent, NOT_APPLICABLE, type TemplateRule } from '../../template/rule';

/**
 * Every bucket tagged `DataClassification=PHI` writes server access logs, unless it is itself the access-log
 * destination of another bucket (a log bucket does not log into itself).
 */
export const S3PhiBucketAccessLogging: TemplateRule = {
  id: 'S3PhiBucketAccessLogging',
  citations: [Citation.AUDIT_CONTROLS, Citation.ACTIVITY_REVIEW],
  severity: 'error',
  resourceTypes: ['AWS::S3::Bucket'],
  rationale:
    'Server access logs record every request to ePHI objects, including anonymous and denied ones that CloudTrail data events may not show.',
  fix: 'Set LoggingConfiguration.DestinationBucketName on the PHI bucket (PhiBucket creates an access-logs bucket; remove any override that deletes it).',
  check: (view, set) => {
    if (!view.resource.isPhi) return NOT_APPLICABLE;
    if (
      set.referrers(view.resource, 'AWS::S3::Bucket', 'LoggingConfiguration.DestinationBucketName').length > 0
    )
      return NOT_APPLICABLE;
    return expectPresent(
      view,
      'LoggingConfiguration.DestinationBucketName',
      'access logs go to a log bucket',
    );
  },
};
