import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { dataDomainFromId } from '../core/naming';
import { acknowledgeWildcards } from '../core/policy-findings';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { checkRetentionProfile, type RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { SafeguardCitation } from '../patching/private/citations';
import { AuditLogGroup } from '../storage/audit-log-group';
import { PhiBucket } from '../storage/phi-bucket';
import { SESSION_KEY_ACTIONS, SESSION_LOG_ACTIONS } from './private/perms';

/** The document Session Manager reads its account-wide preferences from. */
export const SESSION_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';
/** Longest idle time, in minutes, before Session Manager ends a session. */
export const MAX_IDLE_SESSION_TIMEOUT_MINUTES = 20;
/**
 * Longest Session Manager session accepted, in minutes: 12 hours, the longest role session the toolkit
 * allows anyone (`AccessRoles` developer and auditor), below Session Manager's own 1440.
 */
export const MAX_SESSION_DURATION_MINUTES = 720;
/** Key prefix of session transcripts in the transcripts bucket. */
export const SESSION_TRANSCRIPT_PREFIX = 'sessions';

/** Properties of {@link SessionManagerPreferences}. */
export interface SessionManagerPreferencesProps {
  /**
   * Minutes of inactivity after which a session ends, from 1 to 20.
   *
   * @default 15 (164.312(a)(2)(iii))
   */
  readonly idleSessionTimeoutMinutes?: number;
  /**
   * Longest a session may last, in minutes, from 1 to 720 (12 hours, the longest role session the
   * toolkit allows; Session Manager itself accepts up to 1440).
   *
   * @default 60 (164.312(a)(2)(iii))
   */
  readonly maxSessionDurationMinutes?: number;
  /**
   * The key that encrypts session data in transit (on top of TLS), the transcripts and the log group.
   *
   * @default - a new {@link PhiKey}, domain `sessions-<id>` (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: PhiKey | kms.IKey;
  /**
   * Where session transcripts go. Transcripts can show PHI, so it must be a PHI-grade bucket with
   * SSE-KMS default encryption.
   *
   * @default - a new {@link PhiBucket} encrypted with `encryptionKey` (164.312(b))
   */
  readonly transcriptsBucket?: s3.IBucket;
  /**
   * How long streamed session logs are kept.
   *
   * @default RetentionProfile.SIX_YEARS (164.316(b)(2)(i))
   */
  readonly logRetention?: RetentionProfile;
}

/**
 * Session Manager preferences for this account and Region (the `SSM-SessionManagerRunShell` document):
 * every session is encrypted with a customer-managed key, streamed to an encrypted log group kept six
 * years and written to an encrypted transcripts bucket; sessions end after at most 20 idle minutes; and
 * Run As is off, so sessions run as the audited `ssm-user`. Session Manager replaces SSH and RDP, which
 * the toolkit's instances do not open.
 *
 * Instances need {@link allowInstanceRole} to stream and encrypt sessions; people starting sessions
 * need {@link grantStartSessionEncryption}.
 *
 * Account- and Region-wide, one per account and Region. If the document already exists (someone opened
 * the Session Manager preferences in the console), delete it or import it before deploying.
 *
 * Serves 164.312(a)(1), 164.312(a)(2)(iii), 164.312(a)(2)(iv), 164.312(b) and 164.316(b)(2)(i).
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-create-preferences-cli.html
 */
export class SessionManagerPreferences extends Construct {
  /** The preferences document. */
  public readonly document: ssm.CfnDocument;
  /** The key for session data, transcripts and logs. */
  public readonly encryptionKey: kms.IKey;
  /** The streamed session logs. */
  public readonly logGroup: AuditLogGroup;
  /** Where transcripts go. */
  public readonly transcriptsBucket: s3.IBucket;
  /** What instances need to run sessions under these preferences; attach with {@link allowInstanceRole}. */
  public readonly instancePolicy: iam.ManagedPolicy;
  /** Minutes of inactivity after which sessions end. */
  public readonly idleSessionTimeoutMinutes: number;

  constructor(scope: Construct, id: string, props: SessionManagerPreferencesProps = {}) {
    const check = new PropsCheck(scope, id);
    check.integerInRange(
      'idleSessionTimeoutMinutes',
      props.idleSessionTimeoutMinutes,
      1,
      MAX_IDLE_SESSION_TIMEOUT_MINUTES,
      SafeguardCitation.AUTOMATIC_LOGOFF,
    );
    check.integerInRange(
      'maxSessionDurationMinutes',
      props.maxSessionDurationMinutes,
      1,
      MAX_SESSION_DURATION_MINUTES,
      SafeguardCitation.AUTOMATIC_LOGOFF,
    );
    checkRetentionProfile(check, 'logRetention', props.logRetention);
    check.throwIfInvalid();
    super(scope, id);

    this.idleSessionTimeoutMinutes = props.idleSessionTimeoutMinutes ?? 15;
    this.encryptionKey =
      props.encryptionKey instanceof PhiKey
        ? props.encryptionKey.key
        : (props.encryptionKey ??
          new PhiKey(this, 'Key', { dataDomain: dataDomainFromId(this, 'sessions-') }).key);
    this.logGroup = new AuditLogGroup(this, 'Logs', {
      encryptionKey: this.encryptionKey,
      retention: props.logRetention,
    });
    this.transcriptsBucket =
      props.transcriptsBucket ??
      new PhiBucket(this, 'Transcripts', {
        encryptionKey: this.encryptionKey,
        withoutReplication: {
          reason:
            'Session transcripts are audit records of operator sessions, versioned in this Region for review; they are not a record the disaster recovery plan restores ePHI from.',
        },
      }).bucket;

    this.document = new ssm.CfnDocument(this, 'Document', {
      name: SESSION_PREFERENCES_DOCUMENT,
      documentType: 'Session',
      documentFormat: 'JSON',
      updateMethod: 'NewVersion',
      content: {
        schemaVersion: '1.0',
        description: 'Session Manager preferences (cdk-hipaa-baseline): encrypted, logged, idle timeout',
        sessionType: 'Standard_Stream',
        inputs: {
          s3BucketName: this.transcriptsBucket.bucketName,
          s3KeyPrefix: SESSION_TRANSCRIPT_PREFIX,
          s3EncryptionEnabled: true,
          cloudWatchLogGroupName: this.logGroup.logGroup.logGroupName,
          cloudWatchEncryptionEnabled: true,
          cloudWatchStreamingEnabled: true,
          kmsKeyId: this.encryptionKey.keyArn,
          runAsEnabled: false,
          runAsDefaultUser: '',
          idleSessionTimeout: String(this.idleSessionTimeoutMinutes),
          maxSessionDuration: String(props.maxSessionDurationMinutes ?? 60),
          shellProfile: { windows: '', linux: '' },
        },
      },
    });

    this.instancePolicy = this.createInstancePolicy();
  }

  /** Attaches {@link instancePolicy} to an instance role. */
  public allowInstanceRole(role: iam.IRole): void {
    this.instancePolicy.attachToRole(role);
  }

  /** Lets `grantee` (a person's role) start sessions encrypted with the session key. */
  public grantStartSessionEncryption(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:GenerateDataKey'],
      resourceArns: [this.encryptionKey.keyArn],
    });
  }

  private createInstancePolicy(): iam.ManagedPolicy {
    const bucketKey = this.transcriptsBucket.encryptionKey;
    const transcripts = new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      resources: [this.transcriptsBucket.arnForObjects(`${SESSION_TRANSCRIPT_PREFIX}/*`)],
    });
    const policy = new iam.ManagedPolicy(this, 'InstancePolicy', {
      description: 'Lets instances encrypt, stream and record Session Manager sessions',
      statements: [
        transcripts,
        new iam.PolicyStatement({
          actions: ['s3:GetEncryptionConfiguration'],
          resources: [this.transcriptsBucket.bucketArn],
        }),
        new iam.PolicyStatement({
          actions: [...SESSION_LOG_ACTIONS],
          resources: [this.logGroup.logGroup.logGroupArn],
        }),
        // The agent checks that the log group exists and is encrypted; DescribeLogGroups is a list
        // call without resource-level permissions.
        new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: ['*'] }),
        new iam.PolicyStatement({
          actions: [...SESSION_KEY_ACTIONS],
          resources: [
            this.encryptionKey.keyArn,
            ...(bucketKey && bucketKey !== this.encryptionKey ? [bucketKey.keyArn] : []),
          ],
        }),
      ],
    });
    acknowledgeBuiltIn(policy, [
      {
        ruleId: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only logs:DescribeLogGroups uses Resource *: it is a list call without resource-level permissions that returns log group names and settings, never log events.',
      },
    ]);
    acknowledgeWildcards(
      policy,
      [transcripts],
      'Instances may only put session transcripts under the sessions/ prefix of the transcripts bucket; Session Manager chooses the object keys, so a prefix is the narrowest scope.',
    );
    return policy;
  }
}
