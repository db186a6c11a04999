import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { recordManualAttestation, recordRelaxation } from '../core/report-metadata';
import { checkRetentionProfile, RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import type { PhiBucket } from '../storage/phi-bucket';
import { DetectionCitation } from './private/citations';
import { createEvidenceBucket } from './private/evidence-bucket';
import { checkExclusions } from './private/exclusions';
import {
  detectorFeatures,
  GUARDDUTY_PROTECTION_NAMES,
  type GuardDutyFeatureName,
  protectionCitation,
  type RuntimeAgentName,
} from './private/guardduty-features';
import { createMalwareProtectionPlan } from './private/malware-protection-plan';
import {
  GUARDDUTY_EXPORT_BUCKET_ACTIONS,
  GUARDDUTY_EXPORT_KEY_ACTIONS,
  GUARDDUTY_EXPORT_OBJECT_ACTIONS,
} from './private/perms';

/** A GuardDuty protection that can be switched off: a detector feature or a runtime agent. */
export type GuardDutyProtection = GuardDutyFeatureName | RuntimeAgentName;

/** A GuardDuty protection switched off on purpose, with the reason (shown in the compliance report). */
export interface DisabledProtection {
  /** The protection, e.g. `EKS_AUDIT_LOGS`. Switching off `RUNTIME_MONITORING` also stops its agents. */
  readonly feature: GuardDutyProtection;
  /** Why, in at least 20 characters, e.g. "No EKS clusters in this account; revisit when EKS is adopted". */
  readonly reason: string;
}

/** Properties of a {@link ThreatDetection}. */
export interface ThreatDetectionProps {
  /**
   * Protections to switch off, each with a reason. Each one is recorded as a relaxation in the
   * compliance report. Unknown names, repeated names and missing or vague reasons fail synthesis.
   *
   * @default - every protection on: S3, EKS audit logs, EBS malware scans, RDS log-in events, Lambda
   *   network logs and Runtime Monitoring with agent management on EKS, ECS Fargate and EC2
   *   (164.308(a)(5)(ii)(B), 164.308(a)(5)(ii)(C), 164.308(a)(1)(ii)(D))
   */
  readonly disabledProtections?: DisabledProtection[];

  /**
   * Buckets to scan for malware as objects are uploaded (GuardDuty Malware Protection for S3), each
   * with its own least-privilege role; scanned objects are tagged with the result. Buckets must be in
   * this account and Region; give SSE-KMS buckets with their key so the role can decrypt.
   *
   * @default - no bucket is scanned on upload; EC2 volumes are still scanned (164.308(a)(5)(ii)(B))
   */
  readonly malwareProtectionBuckets?: s3.IBucket[];

  /**
   * The key that encrypts exported findings and the findings bucket.
   *
   * @default - a new {@link PhiKey} with domain `guardduty-findings` (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: PhiKey | kms.IKey;

  /**
   * How long exported findings are kept before they expire.
   *
   * @default RetentionProfile.SIX_YEARS - 2192 days (164.316(b)(2)(i))
   */
  readonly findingsRetention?: RetentionProfile;

  /**
   * Where the findings bucket's server access logs go.
   *
   * @default - a new access-logs bucket beside the findings bucket (164.312(b))
   */
  readonly accessLogsBucket?: s3.IBucket;
}

/**
 * Amazon GuardDuty for this account and Region: a detector with every protection plan on, publishing
 * updated findings every 15 minutes, and every finding exported to a KMS-encrypted bucket kept for the
 * retention profile (six years unless raised), so findings outlive GuardDuty's 90-day window. Optional
 * Malware Protection for S3 plans scan uploads to the buckets you name.
 *
 * Account- and Region-wide: deploy one per account and Region (a detector already present, e.g. made by
 * an organization's delegated administrator, makes the deployment fail).
 *
 * Serves 164.308(a)(1)(ii)(D), 164.308(a)(5)(ii)(B), 164.308(a)(5)(ii)(C), 164.308(a)(6)(ii) and
 * 164.316(b)(2)(i).
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html
 */
export class ThreatDetection extends Construct {
  /** The detector. */
  public readonly detector: guardduty.CfnDetector;
  /** ARN of the detector. */
  public readonly detectorArn: string;
  /** The bucket exported findings are written to. */
  public readonly findingsBucket: PhiBucket;
  /** The key that encrypts exported findings. */
  public readonly encryptionKey: kms.IKey;
  /** The export of findings to the findings bucket. */
  public readonly publishingDestination: guardduty.CfnPublishingDestination;
  /** One Malware Protection for S3 plan per bucket in `malwareProtectionBuckets`. */
  public readonly malwareProtectionPlans: guardduty.CfnMalwareProtectionPlan[];
  /** The protections switched off. */
  public readonly disabledProtections: readonly GuardDutyProtection[];

  constructor(scope: Construct, id: string, props: ThreatDetectionProps = {}) {
    const check = new PropsCheck(scope, id);
    const disabled = checkExclusions(
      check,
      props.disabledProtections?.map((p) => ({ name: p?.feature, reason: p?.reason })),
      {
        prop: 'disabledProtections',
        nameField: 'feature',
        allowed: GUARDDUTY_PROTECTION_NAMES,
        citationOf: protectionCitation,
        fallbackCitation: DetectionCitation.MALWARE_PROTECTION,
      },
    );
    checkRetentionProfile(check, 'findingsRetention', props.findingsRetention);
    check.throwIfInvalid();
    super(scope, id);

    this.disabledProtections = disabled as GuardDutyProtection[];
    for (const entry of props.disabledProtections ?? []) {
      recordRelaxation(this, {
        citation: protectionCitation(entry.feature),
        setting: `disabledProtections: ${entry.feature}`,
        reason: entry.reason,
      });
    }

    this.detector = new guardduty.CfnDetector(this, 'Detector', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: detectorFeatures(disabled),
    });
    if (props.disabledProtections?.length) {
      // The template evidence rule sees DISABLED features; the relaxation above carries each reason.
      acknowledgeBuiltIn(this.detector, [
        {
          ruleId: 'TemplateEvidence-GuardDutyDetectorFeatures',
          reason: `Disabled through disabledProtections: ${props.disabledProtections.map((p) => `${p.feature} (${p.reason})`).join('; ')}`,
        },
      ]);
    }
    const stack = Stack.of(this);
    this.detectorArn = stack.formatArn({
      service: 'guardduty',
      resource: 'detector',
      resourceName: this.detector.ref,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    this.encryptionKey =
      props.encryptionKey instanceof PhiKey
        ? props.encryptionKey.key
        : (props.encryptionKey ?? new PhiKey(this, 'FindingsKey', { dataDomain: 'guardduty-findings' }).key);
    this.findingsBucket = createEvidenceBucket(this, 'Findings', {
      encryptionKey: this.encryptionKey,
      retention: props.findingsRetention ?? RetentionProfile.SIX_YEARS,
      accessLogsBucket: props.accessLogsBucket,
    });
    this.publishingDestination = this.exportFindings();

    this.malwareProtectionPlans = (props.malwareProtectionBuckets ?? []).map((bucket, i) =>
      createMalwareProtectionPlan(this, `MalwareProtection${i}`, bucket),
    );
  }

  /** Lets GuardDuty (for this detector only) write findings to the bucket with the key, and exports. */
  private exportFindings(): guardduty.CfnPublishingDestination {
    const stack = Stack.of(this);
    const guardDuty = new iam.ServicePrincipal('guardduty.amazonaws.com');
    const onlyThisDetector = {
      StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.detectorArn },
    };
    const bucket = this.findingsBucket.bucket;
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowGuardDutyGetBucketLocation',
        principals: [guardDuty],
        actions: [...GUARDDUTY_EXPORT_BUCKET_ACTIONS],
        resources: [bucket.bucketArn],
        conditions: onlyThisDetector,
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowGuardDutyPutFindings',
        principals: [guardDuty],
        actions: [...GUARDDUTY_EXPORT_OBJECT_ACTIONS],
        resources: [bucket.arnForObjects('*')],
        conditions: onlyThisDetector,
      }),
    );
    const keyPolicy = this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowGuardDutyEncryptFindings',
        principals: [guardDuty],
        actions: [...GUARDDUTY_EXPORT_KEY_ACTIONS],
        resources: ['*'], // In a key policy, '*' is the key itself.
        conditions: onlyThisDetector,
      }),
    );
    if (!keyPolicy.statementAdded) {
      recordImportedKey(this);
    }

    const destination = new guardduty.CfnPublishingDestination(this, 'FindingsExport', {
      detectorId: this.detector.ref,
      destinationType: 'S3',
      destinationProperties: {
        destinationArn: bucket.bucketArn,
        kmsKeyArn: this.encryptionKey.keyArn,
      },
    });
    // GuardDuty checks it can write when the destination is created.
    if (bucket.policy) destination.node.addDependency(bucket.policy);
    destination.node.addDependency(this.encryptionKey);
    return destination;
  }
}

/** An imported key's policy cannot be changed here: someone must attest it lets GuardDuty encrypt. */
function recordImportedKey(scope: Construct): void {
  const setting = 'GuardDuty findings key policy';
  const reason =
    'The findings key is imported, so its key policy is managed elsewhere; it must allow guardduty.amazonaws.com kms:GenerateDataKey conditioned on aws:SourceAccount and aws:SourceArn of this detector.';
  recordManualAttestation(scope, { citation: Citation.AUDIT_CONTROLS, setting, reason });
  Annotations.of(scope).addWarningV2('cdk-hipaa-baseline:guardduty-imported-key', reason);
}
