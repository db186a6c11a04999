import { Annotations, Token } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IConstruct } from 'constructs';
import { Citation } from './citations';
import { recordPaging } from './report-metadata';
import type { PropsCheck } from './validation';

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

/** Who is told about an alert. */
export type Subscriber = EmailSubscriber | HttpsSubscriber | ChatWebhookSubscriber;

/** An email address SNS accepts for an `email` subscription. */
export const EMAIL_ADDRESS = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
/** https, a host, no user-info (no credentials in the template), an optional path. */
export const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s@]*)?$/;

/**
 * Records every problem with one topic's subscribers, under `prop` (e.g. `subscribers.critical`).
 * Unresolved tokens are rejected: an address that cannot be read at synth time cannot be shown in the
 * report as the person paged.
 */
export function validateSubscribers(
  check: PropsCheck,
  prop: string,
  subscribers: readonly Subscriber[] | undefined,
): void {
  for (const [i, subscriber] of (subscribers ?? []).entries()) {
    const at = `${prop}[${i}]`;
    if (subscriber !== null && typeof subscriber === 'object' && 'email' in subscriber) {
      check.require(!Token.isUnresolved(subscriber.email) && EMAIL_ADDRESS.test(subscriber.email), {
        prop: `${at}.email`,
        received: subscriber.email,
        allowed: 'an email address',
        citation: Citation.RESPONSE_AND_REPORTING,
      });
    } else if (
      subscriber !== null &&
      typeof subscriber === 'object' &&
      ('https' in subscriber || 'chatWebhook' in subscriber)
    ) {
      const key = 'https' in subscriber ? 'https' : 'chatWebhook';
      const url = 'https' in subscriber ? subscriber.https : subscriber.chatWebhook;
      check.require(!Token.isUnresolved(url) && HTTPS_URL.test(url), {
        prop: `${at}.${key}`,
        received: url,
        allowed: 'an https:// URL without credentials',
        citation: Citation.ENCRYPTION_IN_TRANSIT,
      });
    } else {
      check.require(false, {
        prop: at,
        received: subscriber,
        allowed: 'one of { email }, { https } or { chatWebhook }',
        citation: Citation.RESPONSE_AND_REPORTING,
      });
    }
  }
}

/** Subscribes every subscriber to `topic`. */
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

/**
 * Describes a subscriber for the report's paging table. HTTPS and chat endpoints are shown by origin
 * only, so a path that carries a token never reaches the report.
 */
export function describeSubscriber(subscriber: Subscriber): string {
  if ('email' in subscriber) return `email ${subscriber.email}`;
  const [kind, url] =
    'https' in subscriber ? ['https', subscriber.https] : ['chat webhook', subscriber.chatWebhook];
  const origin = /^https:\/\/[^/]+/.exec(url)?.[0] ?? url;
  return `${kind} ${origin}${url.length > origin.length ? '/…' : ''}`;
}

/** What an alert topic pages, for {@link pageThrough}. */
export interface PagingOptions {
  /** What the topic is for, in words that follow "No subscriber for", e.g. `break-glass alarms`. */
  readonly subject: string;
  /** What reaches the topic, e.g. `break-glass role assumed`. */
  readonly alerts: string;
  /** The HIPAA citation the alerts serve. */
  readonly citation: string;
  /**
   * The topic was given (imported or shared), so its subscribers are managed elsewhere.
   *
   * @default false - the topic is the construct's own; `subscribers` are all it has
   */
  readonly existingTopic?: boolean;
}

/**
 * Records who `topic` pages for the compliance report and warns when nobody is subscribed
 * (`cdk-hipaa-baseline:unsubscribed-topic`): an alarm that pages nobody is not a response procedure
 * (164.308(a)(6)(ii)). The reference app turns a missing subscriber into a configuration error.
 */
export function pageThrough(
  scope: IConstruct,
  topic: sns.ITopic,
  subscribers: readonly Subscriber[],
  options: PagingOptions,
): void {
  const existing = options.existingTopic ?? false;
  const pages = existing
    ? [
        `existing topic ${Token.isUnresolved(topic.topicArn) ? topic.node.path : topic.topicArn} (subscribers managed outside this app)`,
      ]
    : subscribers.map(describeSubscriber);
  recordPaging(scope, {
    topic: topic.node.path,
    alerts: options.alerts,
    citation: options.citation,
    subscribers: pages,
  });
  if (pages.length === 0) {
    Annotations.of(scope).addWarningV2(
      'cdk-hipaa-baseline:unsubscribed-topic',
      `No subscriber for ${options.subject}: ${topic.node.path} pages nobody until someone subscribes to it (${options.citation}).`,
    );
  }
}
