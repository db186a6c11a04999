import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { RetentionProfile } from '../../constructs/core/retention';
import type { Subscriber } from '../../constructs/core/subscribers';
import { AuditTrail } from '../../constructs/detection/audit-trail';
import { ConfigCompliance, type ConfigComplianceProps } from '../../constructs/detection/config-compliance';
import { RiskAssessment, type SecurityContact } from '../../constructs/detection/risk-assessment';
import { SecurityAlarms } from '../../constructs/detection/security-alarms';
import { SecurityHub, type SecurityHubProps } from '../../constructs/detection/security-hub';
import { type DisabledProtection, ThreatDetection } from '../../constructs/detection/threat-detection';
import { AccessLogsBucket } from '../../constructs/storage/access-logs-bucket';

/** Properties of an {@link AccountBaselineStack}. */
export interface AccountBaselineStackProps extends StackProps {
  /**
   * Buckets holding PHI in this account and Region (e.g. from the data-protection stack): Macie scans
   * them weekly, GuardDuty scans their uploads for malware, and the trail logs their object events
   * (PhiBuckets of the same app are found by the trail without being listed).
   *
   * @default - no Macie job and no upload scanning; PhiBuckets of the app still get data events
   */
  readonly phiBuckets?: s3.IBucket[];

  /**
   * The account's security alternate contact.
   *
   * @default - not set in code; recorded as a manual attestation (164.308(a)(6)(ii))
   */
  readonly securityContact?: SecurityContact;

  /**
   * Email addresses subscribed to the security-alarm topic (each must confirm). Home Region only.
   *
   * @default - no subscription; subscribe the incident response channel to the topic
   */
  readonly alarmEmails?: string[];

  /**
   * Who the security-alarm topic pages (email, HTTPS endpoint or chat webhook), besides `alarmEmails`.
   * Home Region only. Rejected together with `alarmTopicArn`.
   *
   * @default - nobody beyond `alarmEmails`; with neither, a warning names the topic (164.308(a)(6)(ii))
   */
  readonly alarmSubscribers?: Subscriber[];

  /**
   * ARN of an existing topic (with its own subscribers, in this stack's Region) the CIS alarms notify
   * instead of a new one. It must let CloudWatch publish (and use its key). Home Region only.
   *
   * @default - a new encrypted topic subscribed to `alarmEmails` and `alarmSubscribers` (164.308(a)(6)(ii))
   */
  readonly alarmTopicArn?: string;

  /**
   * The account's home Region: the one that records global resource types in AWS Config and holds the
   * multi-Region CloudTrail trail and its alarms. Stacks for other Regions of the account leave the
   * trail and alarms to the home Region's stack (its trail already logs their events).
   *
   * @default - this stack's Region is the home Region (164.312(b))
   */
  readonly homeRegion?: string;

  /**
   * How long findings, configuration history and trail logs are kept.
   *
   * @default RetentionProfile.SIX_YEARS (164.316(b)(2)(i))
   */
  readonly logRetention?: RetentionProfile;

  /**
   * GuardDuty protections switched off, each with a reason (recorded as relaxations).
   *
   * @default - every protection on
   */
  readonly disabledProtections?: DisabledProtection[];

  /**
   * Security Hub standards to add or switch off.
   *
   * @default - FSBP, CIS v3.0.0 and NIST 800-53 Rev. 5
   */
  readonly securityHub?: SecurityHubProps;

  /**
   * Rule exclusions and tightened parameters of the HIPAA conformance pack.
   *
   * @default - all 130 rules with their default parameters
   */
  readonly conformancePack?: Pick<ConfigComplianceProps, 'excludedRules' | 'parameterOverrides'>;
}

/**
 * The reference detection and risk-assessment layer (strategies 1 and 8) for one account and Region:
 * GuardDuty with findings exported and kept, Security Hub with FSBP, CIS and NIST 800-53, AWS Config
 * with the HIPAA conformance pack as code, a multi-Region CloudTrail trail with PHI bucket data events,
 * the CIS monitoring alarms, IAM Access Analyzer, Amazon Inspector, Amazon Macie and the security
 * contact.
 *
 * Most resources are account- and Region-wide: deploy one AccountBaselineStack per account and Region.
 * Only the home Region's stack (see `homeRegion`) has the multi-Region trail and its alarms.
 */
export class AccountBaselineStack extends Stack {
  /** GuardDuty. */
  public readonly threatDetection: ThreatDetection;
  /** Security Hub. */
  public readonly securityHub: SecurityHub;
  /** AWS Config and the HIPAA conformance pack. */
  public readonly configCompliance: ConfigCompliance;
  /** The multi-Region CloudTrail trail, in the home Region's stack only. */
  public readonly auditTrail?: AuditTrail;
  /** The CIS monitoring alarms on the trail, in the home Region's stack only. */
  public readonly securityAlarms?: SecurityAlarms;
  /** Access Analyzer, Inspector, Macie and the security contact. */
  public readonly riskAssessment: RiskAssessment;

  constructor(scope: Construct, id: string, props: AccountBaselineStackProps = {}) {
    super(scope, id, props);
    const retention = props.logRetention ?? RetentionProfile.SIX_YEARS;
    const accessLogs = new AccessLogsBucket(this, 'AccessLogs', { retention }).bucket;
    const phiBuckets = props.phiBuckets ?? [];

    this.configCompliance = new ConfigCompliance(this, 'Config', {
      ...props.conformancePack,
      homeRegion: props.homeRegion,
      historyRetention: retention,
      accessLogsBucket: accessLogs,
    });
    this.securityHub = new SecurityHub(this, 'SecurityHub', props.securityHub);
    // Security Hub evaluates its controls on Config's recordings.
    this.securityHub.node.addDependency(this.configCompliance.recorder);

    this.threatDetection = new ThreatDetection(this, 'GuardDuty', {
      disabledProtections: props.disabledProtections,
      malwareProtectionBuckets: phiBuckets,
      findingsRetention: retention,
      accessLogsBucket: accessLogs,
    });
    if (this.configCompliance.recordsGlobalResources) {
      this.auditTrail = new AuditTrail(this, 'AuditTrail', {
        retention,
        dataEventBuckets: phiBuckets,
        accessLogsBucket: accessLogs,
      });
      this.securityAlarms = new SecurityAlarms(this, 'SecurityAlarms', {
        logGroup: this.auditTrail.logGroup.logGroup,
        subscriptionEmails: props.alarmEmails,
        subscribers: props.alarmSubscribers,
        topic: props.alarmTopicArn
          ? sns.Topic.fromTopicArn(this, 'SecurityAlarmTopic', props.alarmTopicArn)
          : undefined,
      });
    }
    this.riskAssessment = new RiskAssessment(this, 'RiskAssessment', {
      phiBuckets,
      securityContact: props.securityContact,
    });
  }
}
