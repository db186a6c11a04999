import { Citation } from '../../../../constructs/core/citations';
import type { TemplateRule } from '../../template/rule';
import { customerManagedKeyProblems, secureTransportProblems } from '../private/secure-transport';

/**
 * Every SNS topic is encrypted with a customer-managed KMS key and has a topic policy that denies
 * `sns:Publish` to everyone when the request is not made over TLS.
 */
export const SnsTopicEncryption: TemplateRule = {
  id: 'SnsTopicEncryption',
  citations: [Citation.ENCRYPTION_AT_REST, Citation.TRANSMISSION_SECURITY, Citation.ENCRYPTION_IN_TRANSIT],
  severity: 'error',
  resourceTypes: ['AWS::SNS::Topic'],
  rationale:
    'Alert and incident messages can carry ePHI identifiers: they must be stored encrypted under a key the account controls, and published only over TLS.',
  fix: 'Create topics with a customer-managed masterKey and enforceSSL: true (the toolkit constructs do), so the topic policy denies aws:SecureTransport false.',
  check: (view, set) => [
    ...customerManagedKeyProblems(view.get('KmsMasterKeyId'), 'sns'),
    ...secureTransportProblems(
      view.resource,
      set,
      { policyType: 'AWS::SNS::TopicPolicy', targetPath: 'Topics[]', actions: ['sns:Publish', 'sns:*', '*'] },
      (key, value) => view.note(key, value),
    ),
  ],
};
