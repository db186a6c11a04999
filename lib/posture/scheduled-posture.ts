import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { dataDomainFromId } from '../../constructs/core/naming';
import { acknowledgeBuiltIn } from '../../constructs/core/private/acknowledge-built-in';
import type { RetentionProfile } from '../../constructs/core/retention';
import { PropsCheck } from '../../constructs/core/validation';
import { PhiKey } from '../../constructs/encryption/phi-key';
import { AuditLogGroup } from '../../constructs/storage/audit-log-group';
import { BUNDLE_FILE, type Bundle, bundleHandler } from './private/bundle';
import { POSTURE_ENV } from './private/env';
import { acknowledgePostureFindings, postureStatements } from './private/scheduled-posture-policy';
import { selectFunctionSubnets, validatePostureProps } from './private/scheduled-posture-validation';

/** Days failed invocations stay in the dead-letter queue: the most SQS allows. */
export const POSTURE_DLQ_RETENTION_DAYS = 14;

/** Properties of a {@link ScheduledPostureCollector}. */
export interface ScheduledPostureCollectorProps {
  /** The encrypted bucket that keeps posture evidence. */
  readonly evidenceBucket: s3.IBucket;
  /**
   * The customer-managed key of the evidence bucket; objects are written with SSE-KMS under it.
   *
   * @default - the bucket's own `encryptionKey`; a bucket without one is refused (164.312(a)(2)(iv))
   */
  readonly evidenceKey?: kms.IKey;
  /** The topic notified when drift appears (the message names citations and resources, never data). */
  readonly driftTopic: sns.ITopic;
  /**
   * Key prefix of the evidence; each run writes `<prefix><YYYY-MM-DD>/`. The function may write under it only.
   *
   * @default 'posture/' (164.308(a)(8))
   */
  readonly evidencePrefix?: string;
  /**
   * Object key of the synthesized report (`cdk.out/compliance/report.json`, uploaded by the pipeline) to
   * compare with. When the object is absent, the posture is written without drift.
   *
   * @default '<evidencePrefix>intended/report.json' (164.308(a)(8))
   */
  readonly intendedReportKey?: string;
  /**
   * Regions to collect from.
   *
   * @default - the stack's region, or the function's own region for an environment-agnostic stack (164.308(a)(8))
   */
  readonly regions?: string[];
  /**
   * AWS Config conformance packs to read.
   *
   * @default - every conformance pack deployed in each region (164.308(a)(8))
   */
  readonly conformancePacks?: string[];
  /**
   * When the collector runs.
   *
   * @default - monthly, on the 1st at 06:00 UTC (164.308(a)(8))
   */
  readonly schedule?: events.Schedule;
  /**
   * A VPC to run the function in. Its subnets need a route to the Config, Security Hub, SNS and S3 APIs
   * (NAT, or interface endpoints for config, securityhub and sns plus an S3 gateway endpoint).
   *
   * @default - no VPC: the function calls only AWS APIs over TLS and holds no PHI (164.312(e)(1))
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets of `vpc`; public subnets are refused.
   *
   * @default - the `application` group of a PhiVpc, else private subnets with egress (164.312(e)(1))
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * The key that encrypts the function's environment and dead-letter queue.
   *
   * @default - a new {@link PhiKey}, domain `function-<id>` (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * The key that encrypts the function's log group.
   *
   * @default - a new {@link PhiKey}, domain `logs-<id>` (164.312(a)(2)(iv))
   */
  readonly logsEncryptionKey?: kms.IKey;
  /**
   * How long the function's logs are kept.
   *
   * @default RetentionProfile.SIX_YEARS (164.316(b)(2)(i))
   */
  readonly logRetention?: RetentionProfile;
}

/**
 * Scheduled evidence of the live posture: a Lambda function (Node.js 22, bundled locally at synth with
 * esbuild) that each month collects what AWS Config conformance packs and Security Hub observe, merges it
 * with the synthesized report, writes the report (json, md, html) and `posture.json` to the evidence
 * bucket under SSE-KMS, and notifies the drift topic when drift appears.
 *
 * Hardened in code: environment and dead-letter queue encrypted with a customer-managed key, the queue
 * TLS-only, reserved concurrency 1, active X-Ray tracing, logs in an {@link AuditLogGroup}, and a role whose
 * only policy is customer-managed and least-privilege (read-only posture actions, `s3:PutObject` under the
 * evidence prefix, the keys and the topic).
 *
 * Serves 164.308(a)(8) (evaluation), 164.308(a)(1)(ii)(D) (information system activity review) and 164.312(b).
 */
export class ScheduledPostureCollector extends Construct {
  /** The collector function. */
  public readonly function: lambda.Function;
  /** Its execution role; its permissions are in {@link ScheduledPostureCollector.policy}. */
  public readonly role: iam.Role;
  /** The customer-managed policy of the role. */
  public readonly policy: iam.ManagedPolicy;
  /** Where failed invocations go. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The function's log group. */
  public readonly logGroup: AuditLogGroup;
  /** The schedule rule. */
  public readonly rule: events.Rule;
  /** The local bundle the function's code asset was made from. */
  public readonly bundle: Bundle;

  constructor(scope: Construct, id: string, props: ScheduledPostureCollectorProps) {
    const check = new PropsCheck(scope, id);
    const evidenceKey = validatePostureProps(check, props);
    const subnets = props.vpc ? selectFunctionSubnets(check, props.vpc, props.vpcSubnets) : undefined;
    check.throwIfInvalid();
    super(scope, id);

    const prefix = props.evidencePrefix ?? 'posture/';
    const intendedKey = props.intendedReportKey ?? `${prefix}intended/report.json`;
    const encryptionKey =
      props.encryptionKey ?? new PhiKey(this, 'Key', { dataDomain: dataDomainFromId(this, 'function-') }).key;
    this.logGroup = new AuditLogGroup(this, 'Logs', {
      encryptionKey:
        props.logsEncryptionKey ??
        new PhiKey(this, 'LogsKey', { dataDomain: dataDomainFromId(this, 'logs-') }).key,
      retention: props.logRetention,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(POSTURE_DLQ_RETENTION_DAYS),
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}: reads compliance posture, writes evidence`,
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [this.role],
      statements: postureStatements({
        logGroup: this.logGroup.logGroup,
        deadLetterQueue: this.deadLetterQueue,
        encryptionKey,
        evidenceBucket: props.evidenceBucket,
        evidenceKey: evidenceKey as kms.IKey,
        evidencePrefix: prefix,
        intendedReportKey: intendedKey,
        topic: props.driftTopic,
        inVpc: props.vpc !== undefined,
      }),
    });
    acknowledgePostureFindings(this.policy, props.evidenceBucket, prefix);

    this.bundle = bundleHandler();
    const regions =
      props.regions ?? (Token.isUnresolved(Stack.of(this).region) ? [] : [Stack.of(this).region]);
    this.function = new lambda.Function(this, 'Function', {
      code: lambda.Code.fromAsset(this.bundle.dir),
      handler: `${BUNDLE_FILE.replace(/\.js$/, '')}.handler`,
      runtime: lambda.Runtime.NODEJS_22_X,
      description: 'Monthly HIPAA posture evidence from AWS Config and Security Hub',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      reservedConcurrentExecutions: 1,
      environment: {
        [POSTURE_ENV.REGIONS]: regions.join(','),
        [POSTURE_ENV.CONFORMANCE_PACKS]: (props.conformancePacks ?? []).join(','),
        [POSTURE_ENV.BUCKET]: props.evidenceBucket.bucketName,
        [POSTURE_ENV.PREFIX]: prefix,
        [POSTURE_ENV.KEY_ARN]: (evidenceKey as kms.IKey).keyArn,
        [POSTURE_ENV.INTENDED_KEY]: intendedKey,
        [POSTURE_ENV.TOPIC_ARN]: props.driftTopic.topicArn,
      },
      environmentEncryption: encryptionKey,
      role: this.role,
      logGroup: this.logGroup.logGroup,
      ...(props.vpc
        ? {
            vpc: props.vpc,
            vpcSubnets: { subnets },
            allowPublicSubnet: false,
            securityGroups: [this.securityGroup(props.vpc)],
          }
        : {}),
    });
    // Set on the resource so that CDK adds no inline tracing or queue statements to the role.
    const cfn = this.function.node.defaultChild as lambda.CfnFunction;
    cfn.tracingConfig = { mode: lambda.Tracing.ACTIVE };
    cfn.deadLetterConfig = { targetArn: this.deadLetterQueue.queueArn };
    this.function.node.addDependency(this.policy);
    acknowledgeBuiltIn(this.function, [
      {
        ruleId: 'AwsSolutions-L1',
        reason:
          'Node.js 22 is an LTS runtime AWS Lambda still patches; the bundle is built for node22 at synth, so the runtime is pinned to match it rather than following the newest release.',
      },
      ...(props.vpc
        ? []
        : ['HIPAA.Security-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC'].map((ruleId) => ({
            ruleId,
            reason:
              'The collector calls only AWS Config, Security Hub, S3 and SNS APIs over TLS with SigV4, holds no PHI and accepts no inbound traffic; pass vpc to keep even that traffic inside a VPC.',
          }))),
    ]);

    this.rule = new events.Rule(this, 'Schedule', {
      schedule: props.schedule ?? events.Schedule.cron({ day: '1', hour: '6', minute: '0' }),
      description: 'Monthly HIPAA posture evidence (164.308(a)(8))',
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 2 })],
    });
  }

  private securityGroup(vpc: ec2.IVpc): ec2.SecurityGroup {
    const group = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `Posture collector ${this.node.path}: no ingress, HTTPS egress only`,
      allowAllOutbound: false,
    });
    group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs');
    return group;
  }
}
