import { Stack, Token } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { recordRelaxation } from '../core/report-metadata';
import { checkRetentionProfile, RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import type { PhiBucket } from '../storage/phi-bucket';
import { DetectionCitation } from './private/citations';
import { createRecorderRole } from './private/config-delivery';
import { checkParameterOverrides } from './private/conformance-parameters';
import {
  type ConformanceRule,
  conformancePackTemplate,
  conformanceRule,
  HIPAA_CONFORMANCE_RULE_NAMES,
  HIPAA_CONFORMANCE_RULES,
  rulesByCitation,
} from './private/conformance-rules';
import { createEvidenceBucket } from './private/evidence-bucket';
import { checkExclusions } from './private/exclusions';

export type { CitationBasis, ConformanceRule } from './private/conformance-rules';

/** A conformance-pack rule left out on purpose, with the reason (shown in the compliance report). */
export interface ExcludedRule {
  /** The rule name, e.g. `elb-predefined-security-policy-ssl-check`. */
  readonly rule: string;
  /** Why, in at least 20 characters. */
  readonly reason: string;
}

/**
 * A bucket kept elsewhere, e.g. the organization's Config bucket in the security account, that receives
 * configuration history and snapshots. Its bucket and key policies, owned by that account, must let this
 * account's recorder role write under `AWSLogs/<account>/Config/` and encrypt with the key.
 */
export interface ConfigDeliveryTarget {
  /** The bucket. */
  readonly bucket: s3.IBucket;
  /** The key that encrypts delivered objects (SSE-KMS), in the bucket's Region. */
  readonly encryptionKey: kms.IKey;
}

/** Properties of a {@link ConfigCompliance}. */
export interface ConfigComplianceProps {
  /**
   * The Region that records global resource types (IAM users, roles, groups, policies). Recording them
   * in one Region only avoids duplicate configuration items. Must be a literal Region when the stack's
   * Region is a literal, and may only be omitted or equal to it when the stack's Region is a token.
   *
   * @default - this stack's Region records global resource types (164.312(b))
   */
  readonly homeRegion?: string;

  /**
   * Rules of the HIPAA conformance pack to leave out, each with a reason; each is recorded as a
   * relaxation. Unknown names fail synthesis with the closest rule names.
   *
   * @default - all 130 rules are deployed (164.308(a)(8))
   */
  readonly excludedRules?: ExcludedRule[];

  /**
   * Input parameters to change, by rule and parameter, e.g.
   * `{ 'access-keys-rotated': { maxAccessKeyAge: '60' } }`. Overrides may only tighten a rule: numeric
   * maxima may go down, minima up, requirement flags from `'false'` to `'true'`, blocklists may grow;
   * other parameters cannot be changed.
   *
   * @default - the pack's default parameters (164.308(a)(8))
   */
  readonly parameterOverrides?: Record<string, Record<string, string>>;

  /**
   * The name of the conformance pack.
   *
   * @default 'HIPAA-Security'
   */
  readonly conformancePackName?: string;

  /**
   * Deliver to a bucket kept elsewhere (the organization's) instead of creating one here. The bucket's
   * owner keeps it six years; `encryptionKey`, `historyRetention` and `accessLogsBucket` configure the
   * bucket created here, so they cannot be combined with it.
   *
   * @default - a new KMS-encrypted bucket in this account, kept six years (164.312(b), 164.316(b)(2)(i))
   */
  readonly deliveryTarget?: ConfigDeliveryTarget;

  /**
   * The key that encrypts configuration snapshots and history.
   *
   * @default - a new {@link PhiKey} with domain `config-history` (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: PhiKey | kms.IKey;

  /**
   * How long configuration history and snapshots are kept before they expire.
   *
   * @default RetentionProfile.SIX_YEARS - 2192 days (164.316(b)(2)(i))
   */
  readonly historyRetention?: RetentionProfile;

  /**
   * Where the delivery bucket's server access logs go.
   *
   * @default - a new access-logs bucket beside the delivery bucket (164.312(b))
   */
  readonly accessLogsBucket?: s3.IBucket;
}

/**
 * AWS Config for this account and Region, recording every supported resource type (global types in the
 * home Region only), delivering history and snapshots to a KMS-encrypted bucket kept six years, and the
 * HIPAA Security conformance pack as code: AWS's 130 managed rules, each with the HIPAA citations it
 * helps evidence, minus justified exclusions and with overrides that can only tighten.
 *
 * Account- and Region-wide: AWS Config allows one recorder and one delivery channel per Region.
 *
 * Serves 164.308(a)(1)(ii)(A) (risk analysis), 164.308(a)(8) (evaluation), 164.312(b) and
 * 164.316(b)(2)(i).
 *
 * @see https://docs.aws.amazon.com/config/latest/developerguide/operational-best-practices-for-hipaa_security.html
 */
export class ConfigCompliance extends Construct {
  /** Every rule of the HIPAA conformance pack, with its citations. */
  public static readonly RULES: readonly ConformanceRule[] = HIPAA_CONFORMANCE_RULES;

  /** The names of the pack's rules that help evidence each HIPAA citation. */
  public static rulesByCitation(): Record<string, string[]> {
    return rulesByCitation();
  }

  /** The configuration recorder. */
  public readonly recorder: config.CfnConfigurationRecorder;
  /** The role the recorder uses. */
  public readonly role: iam.Role;
  /** The delivery channel. */
  public readonly deliveryChannel: config.CfnDeliveryChannel;
  /** The bucket created here for configuration history and snapshots (none with `deliveryTarget`). */
  public readonly deliveryBucket?: PhiBucket;
  /** The key that encrypts delivered objects. */
  public readonly encryptionKey: kms.IKey;
  /** The HIPAA Security conformance pack. */
  public readonly conformancePack: config.CfnConformancePack;
  /** The rules deployed (the pack minus exclusions), with overrides applied to their parameters. */
  public readonly rules: readonly ConformanceRule[];
  /** True when this Region records global resource types. */
  public readonly recordsGlobalResources: boolean;
  private readonly deliveryPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ConfigComplianceProps = {}) {
    const check = new PropsCheck(scope, id);
    const excluded = checkExclusions(
      check,
      props.excludedRules?.map((e) => ({ name: e?.rule, reason: e?.reason })),
      {
        prop: 'excludedRules',
        nameField: 'rule',
        allowed: HIPAA_CONFORMANCE_RULE_NAMES,
        citationOf: (name) => conformanceRule(name)?.citations[0] ?? DetectionCitation.EVALUATION,
        fallbackCitation: DetectionCitation.EVALUATION,
        allowedDescription: 'the name of a rule in the HIPAA conformance pack',
      },
    );
    checkParameterOverrides(check, props.parameterOverrides, excluded);
    const stackRegion = Stack.of(scope).region;
    check.matches(
      'homeRegion',
      props.homeRegion,
      /^[a-z]{2}(-[a-z]+)+-\d$/,
      'a literal AWS Region name, e.g. us-east-1',
      Citation.AUDIT_CONTROLS,
    );
    if (props.homeRegion !== undefined && !Token.isUnresolved(props.homeRegion)) {
      check.require(!Token.isUnresolved(stackRegion) || props.homeRegion === stackRegion, {
        prop: 'homeRegion',
        received: props.homeRegion,
        allowed: `omitted, or set on a stack with a literal Region (this stack's Region is ${stackRegion}), so the toolkit can decide whether this Region records global resource types`,
        citation: Citation.AUDIT_CONTROLS,
      });
    }
    check.matches(
      'conformancePackName',
      props.conformancePackName,
      /^[a-zA-Z][-a-zA-Z0-9]{0,255}$/,
      'a letter followed by up to 255 letters, digits and hyphens',
      DetectionCitation.EVALUATION,
    );
    checkRetentionProfile(check, 'historyRetention', props.historyRetention);
    if (props.deliveryTarget !== undefined) {
      const local = (['encryptionKey', 'historyRetention', 'accessLogsBucket'] as const).filter(
        (prop) => props[prop] !== undefined,
      );
      check.require(local.length === 0, {
        prop: local.join(', '),
        received: 'given with deliveryTarget',
        allowed:
          "omitted with deliveryTarget: the target bucket's owner sets its key, retention and access logs",
        citation: Citation.AUDIT_CONTROLS,
      });
    }
    check.throwIfInvalid();
    super(scope, id);

    // One record per citation the rule evidences, so the report lists the exclusion under each.
    for (const entry of props.excludedRules ?? []) {
      const citations = conformanceRule(entry.rule)?.citations ?? [];
      for (const citation of citations.length > 0 ? citations : [DetectionCitation.EVALUATION]) {
        recordRelaxation(this, { citation, setting: `excludedRules: ${entry.rule}`, reason: entry.reason });
      }
    }
    this.recordsGlobalResources = props.homeRegion === undefined || props.homeRegion === stackRegion;
    const overrides = props.parameterOverrides ?? {};
    this.rules = HIPAA_CONFORMANCE_RULES.filter((r) => !excluded.includes(r.name)).map((r) => ({
      ...r,
      inputParameters: { ...r.inputParameters, ...overrides[r.name] },
    }));

    let bucket: s3.IBucket;
    if (props.deliveryTarget) {
      this.encryptionKey = props.deliveryTarget.encryptionKey;
      bucket = props.deliveryTarget.bucket;
    } else {
      this.encryptionKey =
        props.encryptionKey instanceof PhiKey
          ? props.encryptionKey.key
          : (props.encryptionKey ?? new PhiKey(this, 'HistoryKey', { dataDomain: 'config-history' }).key);
      this.deliveryBucket = createEvidenceBucket(this, 'History', {
        encryptionKey: this.encryptionKey,
        retention: props.historyRetention ?? RetentionProfile.SIX_YEARS,
        accessLogsBucket: props.accessLogsBucket,
      });
      bucket = this.deliveryBucket.bucket;
    }
    // An imported bucket or key ignores the policy statements: its owner's policies grant the delivery.
    const recorderRole = createRecorderRole(this, bucket, this.encryptionKey);
    this.role = recorderRole.role;
    this.deliveryPolicy = recorderRole.delivery;

    this.recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn: this.role.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: this.recordsGlobalResources },
    });
    if (!this.recordsGlobalResources) {
      acknowledgeBuiltIn(this.recorder, [
        {
          ruleId: 'TemplateEvidence-ConfigRecorderCoverage',
          reason: `Global resource types (IAM) are recorded once, by the recorder of the home Region ${props.homeRegion}; recording them here too would duplicate every configuration item.`,
        },
      ]);
    }
    this.deliveryChannel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: bucket.bucketName,
      s3KmsKeyArn: this.encryptionKey.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    // Config needs a recorder before a channel, and checks bucket access when the channel is made.
    this.deliveryChannel.node.addDependency(this.recorder);
    const bucketPolicy = this.deliveryBucket?.bucket.policy;
    if (bucketPolicy) this.deliveryChannel.node.addDependency(bucketPolicy);
    this.deliveryChannel.node.addDependency(this.deliveryPolicy);

    this.conformancePack = new config.CfnConformancePack(this, 'HipaaConformancePack', {
      conformancePackName: props.conformancePackName ?? 'HIPAA-Security',
      templateBody: conformancePackTemplate(this.rules),
    });
    this.conformancePack.node.addDependency(this.deliveryChannel);
  }
}
