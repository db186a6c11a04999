import type { Subscriber } from '../../core/subscribers';

export type {
  ChatWebhookSubscriber,
  EmailSubscriber,
  HttpsSubscriber,
  Subscriber,
} from '../../core/subscribers';
export { subscribe, validateSubscribers } from '../../core/subscribers';

/** Subscribers per severity. */
export interface IncidentSubscribers {
  /** Told about critical incidents: root use, audit-trail tampering, key deletion, critical findings. */
  readonly critical?: Subscriber[];
  /** Told about high incidents: IAM policy changes, console sign-in without MFA, high findings. */
  readonly high?: Subscriber[];
  /** Told about medium incidents: conformance-pack non-compliance, medium findings. */
  readonly medium?: Subscriber[];
}
