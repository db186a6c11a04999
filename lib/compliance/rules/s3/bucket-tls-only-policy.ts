import { Citation } from '../../../../constructs/core/citations';
import type { TemplateRule } from '../../template/rule';
import { secureTransportProblems } from '../private/secure-transport';

/**
 * Every S3 bucket has a bucket policy that denies every S3 action to everyone when the request is not
 * made over TLS (`aws:SecureTransport` false).
 */
export const S3TlsOnlyPolicy: TemplateRule = {
  id: 'S3TlsOnlyPolicy',
  citations: [Citation.TRANSMISSION_SECURITY, Citation.INTEGRITY_IN_TRANSIT, Citation.ENCRYPTION_IN_TRANSIT],
  severity: 'error',
  resourceTypes: ['AWS::S3::Bucket'],
  rationale:
    'S3 accepts plain HTTP requests unless the bucket policy refuses them; without the deny, objects (ePHI or logs about it) can cross the network unencrypted.',
  fix: 'Use PhiBucket or AccessLogsBucket (or set enforceSSL: true), so the bucket policy denies s3:* when aws:SecureTransport is false.',
  check: (view, set) =>
    secureTransportProblems(
      view.resource,
      set,
      { policyType: 'AWS::S3::BucketPolicy', targetPath: 'Bucket', actions: ['s3:*', '*'] },
      (key, value) => view.note(key, value),
    ),
};
