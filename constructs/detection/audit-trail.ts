import { ArnFormat, Lazy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { checkRetentionProfile, RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { AuditLogGroup } from '../storage/audit-log-group';
import type { PhiBucket } from '../storage/phi-bucket';
import type { PhiTable } from '../storage/phi-table';
import { createEvidenceBucket } from './private/evidence-bucket';
import {
  TRAIL_KEY_DESCRIBE_ACTIONS,
  TRAIL_KEY_ENCRYPT_ACTIONS,
  TRAIL_LOG_DELIVERY_ACTIONS,
} from './private/perms';
import {
  environmentKey,
  findPhiDataSources,
  type PhiDataSources,
  phiDataSourcesOf,
  registerTrailLogBucket,
  sourceStageOf,
  watchStage,
} from './private/phi-data-sources';

/** CloudTrail's limit on values across all advanced event selectors of a trail. */
const MAX_SELECTOR_VALUES = 500;

/** Properties of an {@link AuditTrail}. */
export interface AuditTrailProps {
  /**
   * The key that encrypts log files, the log bucket and the log group.
   *
   * @default - a new {@link PhiKey} with domain `audit-trail` (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: PhiKey | kms.IKey;

  /**
   * How long log files and log events are kept.
   *
   * @default RetentionProfile.SIX_YEARS - 2192 days (164.316(b)(2)(i))
   */
  readonly retention?: RetentionProfile;

  /**
   * Buckets whose object-level (data) events are logged besides every {@link PhiBucket} of the app,
   * which are found automatically. Use it for PHI buckets made without the toolkit.
   *
   * @default - data events of every PhiBucket in this app and environment (164.312(b))
   */
  readonly dataEventBuckets?: s3.IBucket[];

  /**
   * DynamoDB tables whose item-level (data) events are logged besides every {@link PhiTable} of the
   * app, which are found automatically. Use it for PHI tables made without the toolkit.
   *
   * @default - data events of every PhiTable in this app and environment (164.312(b))
   */
  readonly dataEventTables?: dynamodb.ITable[];

  /**
   * The trail's name: 3 to 128 letters, digits, periods, underscores and hyphens, starting with a
   * letter or digit. It is fixed so the key policy can name this trail alone.
   *
   * @default `<stack name>-audit-trail`
   */
  readonly trailName?: string;

  /**
   * Where the log bucket's server access logs go.
   *
   * @default - a new access-logs bucket beside the log bucket (164.312(b))
   */
  readonly accessLogsBucket?: s3.IBucket;
}

/**
 * AWS CloudTrail for the account: one multi-Region trail with global service events, log file
 * integrity validation, a customer-managed KMS key, delivery to a hardened bucket and to a CloudWatch
 * Logs group (both kept six years unless raised), CloudTrail Insights on API call and error rates, and
 * S3 and DynamoDB data events (advanced event selectors) on every {@link PhiBucket} and {@link PhiTable}
 * of the app, found at synthesis.
 *
 * Serves 164.312(b) (audit controls), 164.308(a)(1)(ii)(D) (activity review), 164.312(c)(1)
 * (integrity, via log file validation) and 164.316(b)(2)(i).
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 */
export class AuditTrail extends Construct {
  /** The trail. */
  public readonly trail: cloudtrail.Trail;
  /** The trail's CloudFormation resource. */
  public readonly cfnTrail: cloudtrail.CfnTrail;
  /** The trail's ARN, known before deployment (the name is fixed). */
  public readonly trailArn: string;
  /** The bucket that receives log files. */
  public readonly logBucket: PhiBucket;
  /** The log group that receives events, for metric filters and alarms. */
  public readonly logGroup: AuditLogGroup;
  /** The key that encrypts log files and events. */
  public readonly encryptionKey: kms.IKey;
  private readonly extraDataEventBuckets: readonly s3.IBucket[];
  private readonly extraDataEventTables: readonly dynamodb.ITable[];

  constructor(scope: Construct, id: string, props: AuditTrailProps = {}) {
    const check = new PropsCheck(scope, id);
    check.matches(
      'trailName',
      props.trailName,
      /^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/,
      'a name of 3 to 128 letters, digits, periods, underscores and hyphens starting with a letter or digit',
      Citation.AUDIT_CONTROLS,
    );
    checkRetentionProfile(check, 'retention', props.retention);
    check.throwIfInvalid();
    super(scope, id);

    const stack = Stack.of(this);
    const retention = props.retention ?? RetentionProfile.SIX_YEARS;
    const trailName = props.trailName ?? `${stack.stackName}-audit-trail`;
    this.extraDataEventBuckets = props.dataEventBuckets ?? [];
    this.extraDataEventTables = props.dataEventTables ?? [];
    this.trailArn = stack.formatArn({
      service: 'cloudtrail',
      resource: 'trail',
      resourceName: trailName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.encryptionKey =
      props.encryptionKey instanceof PhiKey
        ? props.encryptionKey.key
        : (props.encryptionKey ?? new PhiKey(this, 'Key', { dataDomain: 'audit-trail' }).key);
    this.allowCloudTrailToUseKey();
    this.logBucket = createEvidenceBucket(this, 'Logs', {
      encryptionKey: this.encryptionKey,
      retention,
      accessLogsBucket: props.accessLogsBucket,
    });
    registerTrailLogBucket(this, this.logBucket);
    watchStage(sourceStageOf(this));
    this.logGroup = new AuditLogGroup(this, 'Events', { encryptionKey: this.encryptionKey, retention });

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName,
      bucket: this.logBucket.bucket,
      encryptionKey: this.encryptionKey,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      insightTypes: [cloudtrail.InsightType.API_CALL_RATE, cloudtrail.InsightType.API_ERROR_RATE],
    });
    this.cfnTrail = this.trail.node.defaultChild as cloudtrail.CfnTrail;
    this.deliverToLogGroup();
    // Advanced selectors replace the basic ones: management events, and data events of PHI buckets and tables.
    this.cfnTrail.addPropertyDeletionOverride('EventSelectors');
    this.cfnTrail.advancedEventSelectors = Lazy.any({ produce: () => this.eventSelectors() });
    this.node.addValidation({ validate: () => this.validateSelectorSize() });
  }

  /**
   * The buckets whose object events the trail logs: every {@link PhiBucket} in the same stage, account
   * and Region (except this trail's own log bucket and those of other audit trails, which would log
   * their own delivery), plus `dataEventBuckets`. Known only once the app is complete.
   */
  public get dataEventBuckets(): s3.IBucket[] {
    return this.bucketsFrom(findPhiDataSources(sourceStageOf(this)));
  }

  /**
   * The tables whose item events the trail logs: every {@link PhiTable} in the same stage, account and
   * Region, plus `dataEventTables`. Known only once the app is complete.
   */
  public get dataEventTables(): dynamodb.ITable[] {
    return this.tablesFrom(findPhiDataSources(sourceStageOf(this)));
  }

  private bucketsFrom(sources: PhiDataSources): s3.IBucket[] {
    const found = sources.buckets.get(environmentKey(this)) ?? [];
    return [...new Set([...found, ...this.extraDataEventBuckets])];
  }

  private tablesFrom(sources: PhiDataSources): dynamodb.ITable[] {
    const found = sources.tables.get(environmentKey(this)) ?? [];
    return [...new Set([...found, ...this.extraDataEventTables])];
  }

  /** The stage's PHI stores as synthesis reads them: found once per synthesis for every trail of the stage. */
  private get synthesisSources(): PhiDataSources {
    return phiDataSourcesOf(sourceStageOf(this));
  }

  private eventSelectors(): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] {
    const selectors: cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] = [
      { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    ];
    const sources = this.synthesisSources;
    const buckets = this.bucketsFrom(sources);
    if (buckets.length > 0) {
      selectors.push({
        name: 'S3 data events of PHI buckets',
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
          { field: 'resources.ARN', startsWith: buckets.map((b) => `${b.bucketArn}/`) },
        ],
      });
    }
    const tables = this.tablesFrom(sources);
    if (tables.length > 0) {
      selectors.push({
        name: 'DynamoDB data events of PHI tables',
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::DynamoDB::Table'] },
          { field: 'resources.ARN', equalTo: tables.map((t) => t.tableArn) },
        ],
      });
    }
    return selectors;
  }

  private validateSelectorSize(): string[] {
    const sources = this.synthesisSources;
    const buckets = this.bucketsFrom(sources).length;
    const tables = this.tablesFrom(sources).length;
    // One value for management events; each data selector adds its category and type to its ARNs.
    const values = 1 + (buckets > 0 ? buckets + 2 : 0) + (tables > 0 ? tables + 2 : 0);
    return values > MAX_SELECTOR_VALUES
      ? [
          `${this.node.path}: the trail would need ${values} advanced event selector values for ${buckets} PHI buckets and ${tables} PHI tables; CloudTrail allows ${MAX_SELECTOR_VALUES}. Split them across trails (${Citation.AUDIT_CONTROLS}).`,
        ]
      : [];
  }

  /**
   * Lets CloudTrail encrypt this trail's log files with the key and describe it, as the CloudTrail
   * documentation lists, limited to this trail.
   */
  private allowCloudTrailToUseKey(): void {
    const stack = Stack.of(this);
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const thisTrail = { 'aws:SourceArn': this.trailArn };
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailToEncryptLogs',
        principals: [cloudTrail],
        actions: [...TRAIL_KEY_ENCRYPT_ACTIONS],
        resources: ['*'], // In a key policy, '*' is the key itself.
        conditions: {
          StringEquals: thisTrail,
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*`,
          },
        },
      }),
    );
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailToDescribeKey',
        principals: [cloudTrail],
        actions: [...TRAIL_KEY_DESCRIBE_ACTIONS],
        resources: ['*'],
        conditions: { StringEquals: thisTrail },
      }),
    );
  }

  /**
   * Sends events to the log group through a role trusted only by CloudTrail for this trail, with its
   * permissions in a customer-managed policy scoped to the log group (CDK's own role for this uses an
   * inline policy).
   */
  private deliverToLogGroup(): void {
    const role = new iam.Role(this, 'LogDeliveryRole', {
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceArn': this.trailArn } },
      }),
      description: 'Delivers CloudTrail events to the encrypted audit log group',
    });
    const policy = new iam.ManagedPolicy(this, 'LogDeliveryPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: [...TRAIL_LOG_DELIVERY_ACTIONS],
          resources: [this.logGroup.logGroup.logGroupArn],
        }),
      ],
    });
    this.cfnTrail.cloudWatchLogsLogGroupArn = this.logGroup.logGroup.logGroupArn;
    this.cfnTrail.cloudWatchLogsRoleArn = role.roleArn;
    // CloudTrail checks the role can write when the trail is created or updated.
    this.cfnTrail.node.addDependency(policy);
  }
}
