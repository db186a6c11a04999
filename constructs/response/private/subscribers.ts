import { Token } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Citation } from '../../core/citations';
import type { PropsCheck } from '../../core/validation';
import { ResponseCitation } from './citations';

/** An email address that receives alerts; SNS sends a confirmation mail first. */
export interface EmailSubscriber {
  readonly email: string;
}

/** An HTTPS endpoint that receives alerts as SNS notifications (it must confirm the subscription). */
export interface HttpsSubscriber {
  readonly https: string;
}

/**
 * A chat webhook, subscribed as a plain SNS HTTPS subscription. Slack, Microsoft Teams and Amazon Chime
 * incoming webhooks cannot confirm an SNS subscription and expect their own payload format, so point this
 * at an AWS Chatbot (Amazon Q Developer in chat applications) endpoint or at a small relay that confirms
 * the subscription, verifies SNS signatures and reformats the message. The URL is stored in the
 * CloudFormation template: do not use a URL that embeds a secret token.
 */
export interface ChatWebhookSubscriber {
  readonly chatWebhook: string;
}

/** Who is told about an incident. */
export type Subscriber = EmailSubscriber | HttpsSubscriber | ChatWebhookSubscriber;

/** Subscribers per severity. */
export interface IncidentSubscribers {
  /** Told about critical incidents: root use, audit-trail tampering, key deletion, critical findings. */
  readonly critical?: Subscriber[];
  /** Told about high incidents: IAM policy changes, console sign-in without MFA, high findings. */
  readonly high?: Subscriber[];
  /** Told about medium incidents: conformance-pack non-compliance, medium findings. */
  readonly medium?: Subscriber[];
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
/** https, a host, no user-info (no credentials in the template), an optional path. */
const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s@]*)?$/;

/** Records every problem with the subscribers of one severity. */
export function validateSubscribers(
  check: PropsCheck,
  severity: string,
  subscribers: readonly Subscriber[] | undefined,
): void {
  for (const [i, subscriber] of (subscribers ?? []).entries()) {
    const prop = `subscribers.${severity}[${i}]`;
    if ('email' in subscriber) {
      check.require(!Token.isUnresolved(subscriber.email) && EMAIL.test(subscriber.email), {
        prop: `${prop}.email`,
        received: subscriber.email,
        allowed: 'an email address',
        citation: ResponseCitation.RESPONSE_AND_REPORTING,
      });
    } else if ('https' in subscriber || 'chatWebhook' in subscriber) {
      const key = 'https' in subscriber ? 'https' : 'chatWebhook';
      const url = 'https' in subscriber ? subscriber.https : subscriber.chatWebhook;
      check.require(!Token.isUnresolved(url) && HTTPS_URL.test(url), {
        prop: `${prop}.${key}`,
        received: url,
        allowed: 'an https:// URL without credentials',
        citation: Citation.ENCRYPTION_IN_TRANSIT,
      });
    } else {
      check.require(false, {
        prop,
        received: subscriber,
        allowed: 'one of { email }, { https } or { chatWebhook }',
        citation: ResponseCitation.RESPONSE_AND_REPORTING,
      });
    }
  }
}

/** Subscribes every subscriber of one severity to its topic. */
export function subscribe(topic: sns.Topic, subscribers: readonly Subscriber[]): void {
  for (const [i, subscriber] of subscribers.entries()) {
    if ('email' in subscriber) {
      topic.addSubscription(new subs.EmailSubscription(subscriber.email));
    } else if ('https' in subscriber) {
      topic.addSubscription(
        new subs.UrlSubscription(subscriber.https, { protocol: sns.SubscriptionProtocol.HTTPS }),
      );
    } else {
      new sns.Subscription(topic, `ChatWebhook${i}`, {
        topic,
        protocol: sns.SubscriptionProtocol.HTTPS,
        endpoint: subscriber.chatWebhook,
      });
    }
  }
}
