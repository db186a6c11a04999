import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { pageThrough, type Subscriber, subscribe } from '../../core/subscribers';
import { PhiKey } from '../../encryption/phi-key';
import { IdentityCitation } from './citations';

/** Properties of a {@link BreakGlassAlarm}. */
export interface BreakGlassAlarmProps {
  /** The break-glass role to watch. */
  readonly role: iam.IRole;
  /** Topic to notify; a new encrypted topic when absent. */
  readonly topic?: sns.ITopic;
  /** Who the new topic pages (validated by the caller); none when `topic` is given. */
  readonly subscribers?: readonly Subscriber[];
}

/**
 * Notifies a topic every time the break-glass role is assumed, from the CloudTrail `AssumeRole` event.
 *
 * EventBridge receives "AWS API Call via CloudTrail" events only when a trail records management
 * events, and only in the Region where STS recorded the call: `us-east-1` for the global STS endpoint
 * (the console's Switch Role included), the endpoint's Region for regional STS endpoints. Deploy the
 * stack in us-east-1, or forward those events to this Region's default bus.
 */
export class BreakGlassAlarm extends Construct {
  /** The topic notified. */
  public readonly topic: sns.ITopic;
  /** The EventBridge rule. */
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: BreakGlassAlarmProps) {
    super(scope, id);
    const subscribers = props.subscribers ?? [];
    this.topic = props.topic ?? this.newTopic(subscribers);
    pageThrough(this, this.topic, subscribers, {
      subject: 'break-glass alarms',
      alerts: 'break-glass role assumed (emergency access)',
      citation: IdentityCitation.EMERGENCY_ACCESS,
      existingTopic: props.topic !== undefined,
    });
    this.rule = new events.Rule(this, 'AssumeRoleRule', {
      description: `Break-glass role assumed: emergency access to ePHI systems (${IdentityCitation.EMERGENCY_ACCESS})`,
      eventPattern: {
        source: ['aws.sts'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['sts.amazonaws.com'],
          eventName: ['AssumeRole'],
          requestParameters: { roleArn: [props.role.roleArn] },
        },
      },
      targets: [new targets.SnsTopic(this.topic)],
    });
  }

  private newTopic(subscribers: readonly Subscriber[]): sns.ITopic {
    const key = new PhiKey(this, 'TopicKey', { dataDomain: 'break-glass-alarms' });
    // EventBridge publishes to the encrypted topic with its own service principal.
    key.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeToPublishToEncryptedTopic',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    const topic = new sns.Topic(this, 'Topic', {
      displayName: 'Break-glass access alarms',
      masterKey: key.key,
      enforceSSL: true,
    });
    subscribe(topic, subscribers);
    return topic;
  }
}
