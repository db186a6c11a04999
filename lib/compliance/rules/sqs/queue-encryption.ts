import { Citation } from '../../../../constructs/core/citations';
import type { TemplateRule } from '../../template/rule';
import { customerManagedKeyProblems, secureTransportProblems } from '../private/secure-transport';

/**
 * Every SQS queue is encrypted with a customer-managed KMS key (SQS-managed SSE does not count: its key
 * cannot be access-controlled or audited) and has a queue policy that denies every SQS action to
 * everyone when the request is not made over TLS.
 */
export const SqsQueueEncryption: TemplateRule = {
  id: 'SqsQueueEncryption',
  citations: [Citation.ENCRYPTION_AT_REST, Citation.TRANSMISSION_SECURITY, Citation.ENCRYPTION_IN_TRANSIT],
  severity: 'error',
  resourceTypes: ['AWS::SQS::Queue'],
  rationale:
    'Queued messages, dead letters of functions that process ePHI included, hold the event payloads: they must be encrypted under a key whose use is controlled and logged, and reachable only over TLS.',
  fix: 'Create queues with encryption: QueueEncryption.KMS, a customer-managed encryptionMasterKey and enforceSSL: true (HardenedFunction and the containment functions do).',
  check: (view, set) => [
    ...customerManagedKeyProblems(view.get('KmsMasterKeyId'), 'sqs'),
    ...secureTransportProblems(
      view.resource,
      set,
      { policyType: 'AWS::SQS::QueuePolicy', targetPath: 'Queues[]', actions: ['sqs:*', '*'] },
      (key, value) => view.note(key, value),
    ),
  ],
};
