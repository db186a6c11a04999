import { Citation } from '../../../../constructs/core/citations';
import { expectEqual, type TemplateRule } from '../../template/rule';

/** Every S3 bucket keeps object versions, so an overwrite or delete of ePHI can be undone. */
export const S3BucketVersioning: TemplateRule = {
  id: 'S3BucketVersioning',
  citations: [Citation.INTEGRITY, Citation.DATA_BACKUP],
  severity: 'error',
  resourceTypes: ['AWS::S3::Bucket'],
  rationale:
    'Versioning keeps every earlier version of an object, so ePHI altered or deleted by mistake or by ransomware can be restored.',
  fix: "Set VersioningConfiguration.Status to 'Enabled' (PhiBucket and AccessLogsBucket do; remove any override that deletes it).",
  check: (view) => expectEqual(view, 'VersioningConfiguration.Status', 'Enabled'),
};
