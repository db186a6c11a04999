import { Annotations, Stack, Tags, Token } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { dataDomainFromId } from '../core/naming';
import { pageThrough } from '../core/subscribers';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { IncidentRunbooks } from './incident-runbooks';
import { INCIDENT_SEVERITIES, INCIDENT_SEVERITY_TAG, type IncidentSeverity } from './incident-severity';
import { type AlertRuleSpec, alertRuleSpecs } from './private/alert-rules';
import { ResponseCitation } from './private/citations';
import { Containment } from './private/containment';
import type { ContainmentFunction } from './private/containment-function';
import { validateContainment, validateRulePatterns } from './private/containment-validation';
import { TOPIC_KEY_SERVICE_ACTIONS } from './private/perms';
import { type IncidentSubscribers, subscribe, validateSubscribers } from './private/subscribers';

export {
  INCIDENT_SEVERITIES,
  INCIDENT_SEVERITY_TAG,
  type IncidentSeverity,
} from './incident-severity';
export type {
  ChatWebhookSubscriber,
  EmailSubscriber,
  HttpsSubscriber,
  IncidentSubscribers,
  Subscriber,
} from './private/subscribers';

/** Default Config rule names whose non-compliance is reported: rules deployed by conformance packs. */
export const DEFAULT_CONFIG_RULE_PATTERNS: readonly string[] = ['*-conformance-pack-*'];

/**
 * Options of one containment action. `dryRun` is required: `true` only writes an audit record of what
 * the action would do (reads are still made, nothing is changed); `false` acts.
 */
export interface ContainmentOptions {
  readonly dryRun: boolean;
}

/** Options of instance isolation. */
export interface IsolateInstanceOptions extends ContainmentOptions {
  /**
   * The VPC whose instances are isolated; the quarantine security group is created in it. Instances in
   * other VPCs are skipped and recorded as such (a security group cannot cross VPCs).
   */
  readonly vpc: ec2.IVpc;
}

/**
 * Automatic containment on GuardDuty findings, each action off unless given. Truth table per action:
 * absent → no function, no trigger; `{ dryRun: true }` → the function runs on matching findings and only
 * records what it would do; `{ dryRun: false }` → it acts and records what it did.
 */
export interface IncidentContainment {
  /**
   * Swap the security groups of an instance named by an EC2 compromise finding (Backdoor, CryptoCurrency,
   * Trojan, UnauthorizedAccess; High severity or above) for a quarantine group with no rules, snapshot
   * its volumes and tag it.
   *
   * @default - off
   */
  readonly isolateInstance?: IsolateInstanceOptions;
  /**
   * Set to Inactive the IAM user access key named by an UnauthorizedAccess:IAMUser or
   * CredentialAccess:IAMUser finding of Medium severity or above.
   *
   * @default - off
   */
  readonly deactivateAccessKey?: ContainmentOptions;
  /**
   * Turn on all four S3 Block Public Access settings of a bucket named by a
   * Policy:S3/BucketBlockPublicAccessDisabled, BucketAnonymousAccessGranted or BucketPublicAccessGranted
   * finding.
   *
   * @default - off
   */
  readonly blockBucketPublicAccess?: ContainmentOptions;
}

/** Where containment audit records are copied, besides the audit log group. */
export interface IncidentEvidence {
  /** The evidence bucket; records go under `containment/`. */
  readonly bucket: s3.IBucket;
  /**
   * The bucket's KMS key, when `bucket.encryptionKey` is not set (an imported bucket).
   *
   * @default - `bucket.encryptionKey`; the bucket's default encryption when neither is known
   */
  readonly encryptionKey?: kms.IKey;
}

/** Properties of an {@link IncidentResponse}. */
export interface IncidentResponseProps {
  /**
   * Who is told, per severity. Subscriptions are made by SNS; email and HTTPS endpoints must confirm.
   *
   * @default - no subscribers; a warning (`cdk-hipaa-baseline:unsubscribed-topic`) names each topic that
   *   pages nobody, and the report's paging table shows it (164.308(a)(6)(ii))
   */
  readonly subscribers?: IncidentSubscribers;
  /**
   * The key that encrypts the three topics; its policy is extended to let EventBridge and CloudWatch
   * in this account publish.
   *
   * @default - a new {@link PhiKey}, domain `alerts-<id>` (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: PhiKey;
  /**
   * Automatic containment actions, each off unless given.
   *
   * @default - no automatic containment; alerts and runbooks only
   */
  readonly containment?: IncidentContainment;
  /**
   * A bucket that keeps a copy of every containment audit record.
   *
   * @default - records are kept in the encrypted audit log group only (164.312(b))
   */
  readonly evidence?: IncidentEvidence;
  /**
   * EventBridge wildcard patterns of the AWS Config rules whose change to NON_COMPLIANT is a medium alert.
   * AWS Config emits no conformance-pack event; it emits `Config Rules Compliance Change` per rule, and
   * rules deployed by a conformance pack are named `<rule>-conformance-pack-<suffix>`.
   *
   * @default DEFAULT_CONFIG_RULE_PATTERNS - every conformance-pack rule
   */
  readonly configRuleNamePatterns?: string[];
  /**
   * Create Security Hub custom actions that start the runbooks (see {@link IncidentRunbooks}).
   *
   * @default true
   */
  readonly securityHubCustomActions?: boolean;
}

/**
 * Incident detection, reporting and containment for a HIPAA workload.
 *
 * - Three SNS topics (critical, high, medium), encrypted with a customer-managed key, TLS-only.
 * - EventBridge rules (a data table) turn security events into readable alerts with a console link:
 *   GuardDuty findings by AWS severity band, failed Security Hub controls (CRITICAL, HIGH), root user
 *   activity, console sign-in without MFA, CloudTrail trail changes, KMS key disabling or deletion, IAM
 *   policy changes (CIS list) and conformance-pack non-compliance.
 * - Optional containment functions, each with an explicit dry-run switch, writing an audit record of
 *   every decision to an encrypted audit log group (and an evidence bucket).
 * - Runbooks and Security Hub custom actions ({@link IncidentRunbooks}).
 *
 * The Security Hub rules match findings whose control check failed (`Compliance.Status` FAILED); findings
 * without a compliance status (Inspector, Macie) are not routed by them, and GuardDuty findings have
 * their own rules. EventBridge matches the fields of a batched event independently, so a batch mixing
 * findings may match on fields of different findings; Security Hub usually sends one finding per event.
 *
 * CloudTrail-based rules need CloudTrail in the account. IAM and console sign-in events reach EventBridge
 * only in us-east-1, so deploy an IncidentResponse there too. Console links are for the commercial
 * partition.
 *
 * Serves 164.308(a)(6)(i) (security incident procedures), 164.308(a)(6)(ii) (response and reporting) and
 * 164.308(a)(1)(ii)(D) (information system activity review).
 */
export class IncidentResponse extends Construct {
  /** The topic of each severity. */
  public readonly topics: Readonly<Record<IncidentSeverity, sns.Topic>>;
  /** The key that encrypts the topics. */
  public readonly encryptionKey: kms.IKey;
  /** The alert rules, by construct id. */
  public readonly alertRules: Readonly<Record<string, events.Rule>>;
  /** The containment functions by action name (empty when containment is off). */
  public readonly containmentFunctions: Readonly<Record<string, ContainmentFunction>>;
  /** The quarantine security group, when isolation is on. */
  public readonly quarantineSecurityGroup?: ec2.ISecurityGroup;
  /** The runbooks. */
  public readonly runbooks: IncidentRunbooks;

  constructor(scope: Construct, id: string, props: IncidentResponseProps = {}) {
    const check = new PropsCheck(scope, id);
    for (const severity of INCIDENT_SEVERITIES) {
      validateSubscribers(check, `subscribers.${severity}`, props.subscribers?.[severity]);
    }
    validateContainment(check, props.containment);
    validateRulePatterns(check, props.configRuleNamePatterns);
    check.throwIfInvalid();
    super(scope, id);

    const key =
      props.encryptionKey ?? new PhiKey(this, 'AlertsKey', { dataDomain: dataDomainFromId(this, 'alerts-') });
    this.encryptionKey = key.key;
    this.allowServicesToPublish(key.key);
    const specs = alertRuleSpecs(props.configRuleNamePatterns ?? DEFAULT_CONFIG_RULE_PATTERNS);
    const topics = {} as Record<IncidentSeverity, sns.Topic>;
    for (const severity of INCIDENT_SEVERITIES) {
      topics[severity] = this.createTopic(severity, key.key);
      const subscribers = props.subscribers?.[severity] ?? [];
      subscribe(topics[severity], subscribers);
      const rules = specs.filter((spec) => spec.severity === severity).map((spec) => spec.description);
      pageThrough(this, topics[severity], subscribers, {
        subject: `${severity} incidents`,
        alerts: `${severity} incidents (${rules.join('; ')}) and alarms published to it`,
        citation: ResponseCitation.RESPONSE_AND_REPORTING,
      });
    }
    this.topics = topics;
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== 'us-east-1') {
      Annotations.of(this).addWarningV2(
        'cdk-hipaa-baseline:global-events-region',
        `IAM policy changes and console sign-ins reach EventBridge only in us-east-1; this stack is in ${region}, so deploy an IncidentResponse in us-east-1 as well.`,
      );
    }

    const rules: Record<string, events.Rule> = {};
    for (const spec of specs) {
      rules[spec.id] = this.createRule(spec);
    }
    this.alertRules = rules;

    const containment =
      props.containment && Object.values(props.containment).some(Boolean)
        ? new Containment(this, 'Containment', props.containment, props.evidence)
        : undefined;
    this.containmentFunctions = containment?.functions ?? {};
    this.quarantineSecurityGroup = containment?.quarantineSecurityGroup;
    this.runbooks = new IncidentRunbooks(this, 'Runbooks', {
      quarantineSecurityGroup: this.quarantineSecurityGroup,
      securityHubCustomActions: props.securityHubCustomActions,
    });
  }

  /** The topic of `severity`. */
  public topic(severity: IncidentSeverity): sns.ITopic {
    return this.topics[severity];
  }

  private createTopic(severity: IncidentSeverity, key: kms.IKey): sns.Topic {
    const name = `${severity[0].toUpperCase()}${severity.slice(1)}`;
    const topic = new sns.Topic(this, `${name}Topic`, {
      displayName: `HIPAA ${severity} security incidents`,
      masterKey: key,
      enforceSSL: true,
    });
    Tags.of(topic).add(INCIDENT_SEVERITY_TAG, severity);
    // CloudWatch alarms in this account may publish incidents too.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsInThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    return topic;
  }

  private createRule(spec: AlertRuleSpec): events.Rule {
    const rule = new events.Rule(this, spec.id, {
      description: `${spec.description} (${spec.severity})`,
      eventPattern: spec.eventPattern,
      targets: [new targets.SnsTopic(this.topics[spec.severity], { message: spec.message() })],
    });
    if (spec.allManagementEvents) {
      (rule.node.defaultChild as events.CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
    }
    return rule;
  }

  /** Lets EventBridge and CloudWatch in this account encrypt messages for (and read) the topics. */
  private allowServicesToPublish(key: kms.IKey): void {
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeAndCloudWatchToPublishToIncidentTopics',
        principals: [
          new iam.ServicePrincipal('events.amazonaws.com'),
          new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
        ],
        actions: [...TOPIC_KEY_SERVICE_ACTIONS],
        resources: ['*'], // In a key policy, '*' is the key itself.
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
  }
}
