import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { pageThrough, type Subscriber, subscribe, validateSubscribers } from '../core/subscribers';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { CIS_SECURITY_EVENT_FILTERS, type SecurityEventFilter } from './private/cis-metric-filters';
import { DetectionCitation } from './private/citations';
import { ALARM_TOPIC_KEY_ACTIONS } from './private/perms';

export type { SecurityEventFilter } from './private/cis-metric-filters';

/** The CloudWatch namespace of the security-event metrics. */
export const SECURITY_EVENT_NAMESPACE = 'cdk-hipaa-baseline/SecurityEvents';

/** Properties of a {@link SecurityAlarms}. */
export interface SecurityAlarmsProps {
  /** The log group that receives the account's CloudTrail events, e.g. `AuditTrail.logGroup.logGroup`. */
  readonly logGroup: logs.ILogGroup;

  /**
   * The topic alarms notify. An existing topic must let CloudWatch publish (and use its key).
   *
   * @default - a new SNS topic encrypted with a customer-managed key, TLS-only, that only CloudWatch
   *   alarms of this account may publish to (164.308(a)(6)(ii))
   */
  readonly topic?: sns.ITopic;

  /**
   * Email addresses subscribed to the new topic (each must confirm). Rejected together with `topic`.
   * Same as `subscribers: [{ email }]`; kept for existing callers.
   *
   * @default - no email subscription
   */
  readonly subscriptionEmails?: string[];

  /**
   * Who the new topic pages: email addresses, HTTPS endpoints or chat webhooks. Rejected together with
   * `topic` (an existing topic keeps its own subscribers). The report's paging table lists them.
   *
   * @default - no subscriber: a `cdk-hipaa-baseline:unsubscribed-topic` warning says the alarms page
   *   nobody (164.308(a)(6)(ii)); the reference app makes this a configuration error
   */
  readonly subscribers?: Subscriber[];
}

/**
 * The CIS AWS Foundations monitoring alarms on the account's CloudTrail log group: one metric filter
 * and one alarm per security event (root use, unauthorized calls, console sign-in without MFA or with
 * failed authentication, and changes to IAM policies, CloudTrail, Config, KMS keys, bucket policies,
 * security groups, network ACLs, gateways, route tables and VPCs). Each alarm fires on one event in five
 * minutes and notifies an SNS topic; missing data is not a breach.
 *
 * Serves 164.308(a)(1)(ii)(D) (activity review), 164.308(a)(5)(ii)(C) (log-in monitoring) and
 * 164.308(a)(6)(ii) (response and reporting).
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 */
export class SecurityAlarms extends Construct {
  /** The filters the construct creates, as data. */
  public static readonly FILTERS: readonly SecurityEventFilter[] = CIS_SECURITY_EVENT_FILTERS;

  /** The topic alarms notify. */
  public readonly topic: sns.ITopic;
  /** The alarms, by filter id. */
  public readonly alarms: Readonly<Record<string, cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    const check = new PropsCheck(scope, id);
    for (const [i, email] of (props.subscriptionEmails ?? []).entries()) {
      check.matches(
        `subscriptionEmails[${i}]`,
        email,
        /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
        'an email address',
        DetectionCitation.RESPONSE_AND_REPORTING,
      );
    }
    validateSubscribers(check, 'subscribers', props.subscribers);
    const subscribers: Subscriber[] = [
      ...(props.subscriptionEmails ?? []).map((email) => ({ email })),
      ...(props.subscribers ?? []),
    ];
    check.require(props.topic === undefined || subscribers.length === 0, {
      prop: 'subscribers',
      received: subscribers,
      allowed: 'no subscribers when `topic` is given (subscribe them to the existing topic)',
      citation: DetectionCitation.RESPONSE_AND_REPORTING,
    });
    check.throwIfInvalid();
    super(scope, id);

    this.topic = props.topic ?? this.createTopic(subscribers);
    pageThrough(this, this.topic, subscribers, {
      subject: 'CIS security alarms',
      alerts: `CIS monitoring alarms (${CIS_SECURITY_EVENT_FILTERS.map((f) => f.id).join(', ')})`,
      citation: DetectionCitation.RESPONSE_AND_REPORTING,
      existingTopic: props.topic !== undefined,
    });
    const notify = new actions.SnsAction(this.topic);
    const alarms: Record<string, cloudwatch.Alarm> = {};
    for (const filter of CIS_SECURITY_EVENT_FILTERS) {
      const metricFilter = new logs.MetricFilter(this, `${filter.id}Filter`, {
        logGroup: props.logGroup,
        filterPattern: logs.FilterPattern.literal(filter.filterPattern),
        metricNamespace: SECURITY_EVENT_NAMESPACE,
        metricName: filter.id,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(this, `${filter.id}Alarm`, {
        alarmDescription: `${filter.description} (${filter.citation})`,
        metric: metricFilter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(notify);
      // AWS Config's cloudwatch-alarm-action-check (HIPAA pack) requires an INSUFFICIENT_DATA action.
      alarm.addInsufficientDataAction(notify);
      alarms[filter.id] = alarm;
    }
    this.alarms = alarms;
  }

  /**
   * A topic encrypted with its own key, refusing plain HTTP, to which only CloudWatch alarms of this
   * account may publish.
   */
  private createTopic(subscribers: readonly Subscriber[]): sns.Topic {
    const stack = Stack.of(this);
    const key: kms.IKey = new PhiKey(this, 'TopicKey', { dataDomain: 'security-alerts' }).key;
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    const alarmsOfThisAccount = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseKey',
        principals: [cloudWatch],
        actions: [...ALARM_TOPIC_KEY_ACTIONS],
        resources: ['*'], // In a key policy, '*' is the key itself.
        conditions: alarmsOfThisAccount,
      }),
    );
    const topic = new sns.Topic(this, 'Topic', {
      displayName: 'Security events (CIS monitoring alarms)',
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: alarmsOfThisAccount,
      }),
    );
    subscribe(topic, subscribers);
    return topic;
  }
}
