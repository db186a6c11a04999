import { z } from 'zod';
import { EMAIL_ADDRESS, HTTPS_URL, type Subscriber } from '../constructs/core/subscribers';

/** An existing SNS topic that receives the alarms instead of a new one; it keeps its own subscribers. */
export interface ExistingTopicEntry {
  readonly topicArn: string;
}

/** One entry of an `alerts` list: a subscriber of the app's topic, or an existing topic. */
export type AlertEntry = Subscriber | ExistingTopicEntry;

/** `arn:<partition>:sns:<region>:<account>:<topic name>`. */
const SNS_TOPIC_ARN = /^arn:aws(-[a-z]+)*:sns:([a-z]{2}(-[a-z]+)+-\d):\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** The Region of an SNS topic ARN accepted by {@link alertList}. */
export function topicArnRegion(arn: string): string | undefined {
  return SNS_TOPIC_ARN.exec(arn)?.[2];
}

/**
 * The five alert topics of the reference app, keyed by their `alerts` key: where each is built, what it
 * pages for, and the citation. The list is data so the error for a missing subscriber names the topic.
 */
export const ALERT_TOPICS = {
  critical: {
    path: (prefix: string) => `${prefix}-Resilience/Incidents/CriticalTopic`,
    pages: 'critical incidents (root use, audit-trail tampering, key deletion, critical findings)',
    citation: '164.308(a)(6)(ii)',
    existingTopic: false,
  },
  high: {
    path: (prefix: string) => `${prefix}-Resilience/Incidents/HighTopic`,
    pages: 'high incidents (IAM policy changes, sign-in without MFA, backup failures, posture drift)',
    citation: '164.308(a)(6)(ii)',
    existingTopic: false,
  },
  medium: {
    path: (prefix: string) => `${prefix}-Resilience/Incidents/MediumTopic`,
    pages: 'medium incidents (conformance-pack non-compliance, medium findings)',
    citation: '164.308(a)(6)(ii)',
    existingTopic: false,
  },
  securityAlarms: {
    path: (prefix: string) => `${prefix}-AccountBaseline/SecurityAlarms/Topic`,
    pages: 'the CIS monitoring alarms on the CloudTrail log group',
    citation: '164.308(a)(6)(ii)',
    existingTopic: true,
  },
  breakGlass: {
    path: (prefix: string) => `${prefix}-Identity/Access/BreakGlassAlarm/Topic`,
    pages: 'every use of the break-glass role',
    citation: '164.312(a)(2)(ii)',
    existingTopic: true,
  },
} as const;

/** An `alerts` key. */
export type AlertTopicKey = keyof typeof ALERT_TOPICS;

function allowedEntries(existingTopic: boolean): string {
  return `an email address, { "email": … }, { "https": "https://…" }, { "chatWebhook": "https://…" }${existingTopic ? ' or { "topicArn": "arn:aws:sns:…" }' : ''}`;
}

/** Reads one entry; `undefined` with `problem` set when it is not allowed. */
function readEntry(value: unknown, existingTopic: boolean): { entry?: AlertEntry; problem?: string } {
  if (typeof value === 'string') {
    return EMAIL_ADDRESS.test(value) ? { entry: { email: value } } : { problem: 'must be an email address' };
  }
  const keys = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  const field = keys.length === 1 ? keys[0] : undefined;
  const text = field ? (value as Record<string, unknown>)[field] : undefined;
  if (typeof text === 'string') {
    if (field === 'email') {
      return EMAIL_ADDRESS.test(text) ? { entry: { email: text } } : { problem: 'must be an email address' };
    }
    if (field === 'https' || field === 'chatWebhook') {
      return HTTPS_URL.test(text)
        ? { entry: field === 'https' ? { https: text } : { chatWebhook: text } }
        : { problem: 'must be an https:// URL without credentials (164.312(e)(2)(ii))' };
    }
    if (field === 'topicArn' && existingTopic) {
      return SNS_TOPIC_ARN.test(text)
        ? { entry: { topicArn: text } }
        : { problem: 'must be an SNS topic ARN such as arn:aws:sns:us-east-1:111122223333:security-alarms' };
    }
  }
  return { problem: `must be ${allowedEntries(existingTopic)}` };
}

/**
 * The schema of one `alerts` list. A `topicArn` (CIS alarms and break-glass only) must be the only entry.
 * An empty list is reported by {@link unsubscribedTopics}, which can name the topic.
 */
export function alertList(key: AlertTopicKey) {
  const topic = ALERT_TOPICS[key];
  return z.array(z.unknown()).transform((values, ctx): AlertEntry[] => {
    const entries: AlertEntry[] = [];
    for (const [i, value] of values.entries()) {
      const { entry, problem } = readEntry(value, topic.existingTopic);
      if (entry) entries.push(entry);
      else ctx.addIssue({ code: 'custom', path: [i], message: problem ?? 'is not allowed' });
    }
    if (values.length > 1 && entries.some((e) => 'topicArn' in e)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must hold only the { "topicArn": … } entry when it has one: the existing topic keeps its own subscribers',
      });
    }
    return entries;
  });
}

/** Subscribers of the app's own topic (no existing topic). */
export function subscribersOf(entries: readonly AlertEntry[]): Subscriber[] {
  return entries.filter((e): e is Subscriber => !('topicArn' in e));
}

/** The existing topic of a list, when it names one. */
export function existingTopicOf(entries: readonly AlertEntry[]): string | undefined {
  return entries.find((e): e is ExistingTopicEntry => 'topicArn' in e)?.topicArn;
}

/**
 * Problems for every alert topic of the merged configuration `raw` that would page nobody: the list is
 * absent or empty. Each problem names the `alerts` key, the topic's construct path and what it pages for.
 */
export function unsubscribedTopics(raw: unknown): string[] {
  const config = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const alerts = config.alerts && typeof config.alerts === 'object' ? config.alerts : {};
  const name = typeof config.environmentName === 'string' ? config.environmentName : '<environmentName>';
  const problems: string[] = [];
  for (const [key, topic] of Object.entries(ALERT_TOPICS)) {
    const list = (alerts as Record<string, unknown>)[key];
    if (Array.isArray(list) && list.length > 0) continue;
    problems.push(
      `alerts.${key} has no subscriber: ${topic.path(`Hipaa-${name}`)} (${topic.pages}) would page nobody (${topic.citation}); add ${allowedEntries(topic.existingTopic)}`,
    );
  }
  return problems;
}
