import { randomUUID } from 'node:crypto';
import {
  CreateSampleFindingsCommand,
  type GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  type SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { INCIDENT_SEVERITY_TAG, type IncidentSeverity } from '../../constructs/response/incident-severity';

/** The sample finding the drill raises by default: GuardDuty severity 8 (High band). */
export const DEFAULT_DRILL_FINDING_TYPES: readonly string[] = ['Backdoor:EC2/C&CActivity.B!DNS'];
/** Longest ReceiveMessage long poll SQS allows, in seconds. */
const MAX_WAIT_SECONDS = 20;
/** Pause between subscribing the queue and raising the finding, for the subscription to take effect. */
const SUBSCRIPTION_SETTLE_MS = 5000;

/** Why a drill could not run. */
export type DrillErrorCode = 'NO_CREDENTIALS' | 'NOT_DEPLOYED' | 'ACCESS_DENIED';

/** A drill that could not run: no credentials, a missing part of the baseline, or a denied call. */
export class DrillError extends Error {
  /** What went wrong. */
  public readonly code: DrillErrorCode;
  /** The AWS action that failed, e.g. `sns:Subscribe`. */
  public readonly action?: string;

  constructor(code: DrillErrorCode, message: string, action?: string) {
    super(message);
    this.name = 'DrillError';
    this.code = code;
    this.action = action;
  }
}

/** Options of {@link runDrill}. */
export interface DrillOptions {
  /** The incident topic to listen on, by ARN. */
  readonly topicArn?: string;
  /** The incident topic to listen on, by name (used when `topicArn` is absent). */
  readonly topicName?: string;
  /**
   * Without `topicArn` or `topicName`, the topic tagged `hipaa-baseline:incident-severity=<severity>`.
   *
   * @default 'high' - the default sample finding has GuardDuty severity 8, which AWS bands as High, so
   *   IncidentResponse routes it to the high topic
   */
  readonly severity?: IncidentSeverity;
  /**
   * GuardDuty sample finding types to raise.
   *
   * @default DEFAULT_DRILL_FINDING_TYPES
   */
  readonly findingTypes?: string[];
  /**
   * Bucket for the drill record (`drills/<yyyy-mm-dd>/<drill id>.json`, SSE-KMS).
   *
   * @default - the record is returned but not stored
   */
  readonly evidenceBucket?: string;
  /** KMS key for the drill record. @default - the bucket's default key */
  readonly evidenceKmsKeyId?: string;
  /** KMS key of the temporary queue. @default - SSE-SQS */
  readonly queueKmsKeyId?: string;
  /** Seconds to wait for the alert. @default 300 */
  readonly timeoutSeconds?: number;
  /** The drill id, used in the queue name and record key. @default - random */
  readonly drillId?: string;
}

/** The AWS clients and the clock the drill uses; tests pass mocks and a fake clock. */
export interface DrillDeps {
  readonly guardDuty: GuardDutyClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly s3: S3Client;
  readonly sts: STSClient;
  /** Milliseconds since the epoch. @default Date.now */
  readonly now?: () => number;
  /** Waits `ms` milliseconds. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** How the drill ended. */
export type DrillOutcome = 'DELIVERED' | 'TIMEOUT';

/** The evidence of one drill (164.308(a)(7)(ii)(D) testing, 164.308(a)(6)(ii) response). */
export interface DrillRecord {
  readonly drillId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly account: string;
  readonly region: string;
  readonly detectorId: string;
  readonly topicArn: string;
  readonly findingTypes: readonly string[];
  /** From raising the finding to receiving the alert; `null` on timeout. */
  readonly latencyMs: number | null;
  readonly outcome: DrillOutcome;
}

/** What {@link runDrill} returns. */
export interface DrillResult {
  readonly outcome: DrillOutcome;
  /** 0 when the alert arrived, 1 on timeout. */
  readonly exitCode: 0 | 1;
  readonly latencyMs: number | null;
  readonly record: DrillRecord;
  /** Where the record was stored, when an evidence bucket was given. */
  readonly recordLocation?: { readonly bucket: string; readonly key: string };
  /** Cleanup problems (the queue or subscription may need removing by hand). */
  readonly cleanupErrors: readonly string[];
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
]);
const DENIED_ERRORS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError',
  'AuthorizationErrorException',
  'UnauthorizedOperation',
  'Forbidden',
]);

/** Runs one AWS call as `action`, turning credential and permission errors into {@link DrillError}s. */
async function aws<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    if (
      CREDENTIAL_ERRORS.has(e.name) ||
      /could not load credentials|region is missing/i.test(e.message ?? '')
    ) {
      throw new DrillError(
        'NO_CREDENTIALS',
        `No usable AWS credentials or region for ${action}: ${e.message}`,
        action,
      );
    }
    if (DENIED_ERRORS.has(e.name) || e.$metadata?.httpStatusCode === 403) {
      throw new DrillError('ACCESS_DENIED', `${action} was denied: ${e.message}`, action);
    }
    throw error;
  }
}

/**
 * Proves the incident pipeline end to end: raises a GuardDuty sample finding and waits for its alert on
 * an incident topic, through a temporary SQS queue subscribed to the topic, then stores a drill record.
 * The queue and the subscription are always removed, whatever happens.
 *
 * GuardDuty exports a new finding to EventBridge within about five minutes; a repeated sample finding
 * may count as an update and wait for the detector's publishing frequency, so run repeated drills with
 * FIFTEEN_MINUTES or a longer timeout.
 *
 * @throws DrillError `NO_CREDENTIALS`, `NOT_DEPLOYED` (no detector or no topic; the message names what was
 *   looked for) or `ACCESS_DENIED` (naming the action)
 */
export async function runDrill(options: DrillOptions, deps: DrillDeps): Promise<DrillResult> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const drillId = options.drillId ?? randomUUID().slice(0, 8);
  const findingTypes = [...(options.findingTypes ?? DEFAULT_DRILL_FINDING_TYPES)];
  const timeoutMs = (options.timeoutSeconds ?? 300) * 1000;

  const identity = await aws('sts:GetCallerIdentity', () => deps.sts.send(new GetCallerIdentityCommand({})));
  const region = await aws('sts:GetCallerIdentity', () => deps.sts.config.region());
  const account = identity.Account ?? 'unknown';
  const detectors = await aws('guardduty:ListDetectors', () =>
    deps.guardDuty.send(new ListDetectorsCommand({})),
  );
  const detectorId = detectors.DetectorIds?.[0];
  if (!detectorId) throw new DrillError('NOT_DEPLOYED', `GuardDuty has no detector in ${account}/${region}`);
  const topicArn = await findTopic(deps.sns, options);

  let queueUrl: string | undefined;
  let subscriptionArn: string | undefined;
  const cleanupErrors: string[] = [];
  try {
    queueUrl = (
      await aws('sqs:CreateQueue', () =>
        deps.sqs.send(
          new CreateQueueCommand({
            QueueName: `hipaa-baseline-drill-${drillId}`,
            Attributes: options.queueKmsKeyId
              ? { KmsMasterKeyId: options.queueKmsKeyId, MessageRetentionPeriod: '3600' }
              : { SqsManagedSseEnabled: 'true', MessageRetentionPeriod: '3600' },
          }),
        ),
      )
    ).QueueUrl;
    const attributes = await aws('sqs:GetQueueAttributes', () =>
      deps.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })),
    );
    const queueArn = attributes.Attributes?.QueueArn ?? '';
    await aws('sqs:SetQueueAttributes', () =>
      deps.sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: queueUrl,
          Attributes: { Policy: queuePolicy(queueArn, topicArn) },
        }),
      ),
    );
    subscriptionArn = (
      await aws('sns:Subscribe', () =>
        deps.sns.send(
          new SubscribeCommand({
            TopicArn: topicArn,
            Protocol: 'sqs',
            Endpoint: queueArn,
            Attributes: { RawMessageDelivery: 'true' },
            ReturnSubscriptionArn: true,
          }),
        ),
      )
    ).SubscriptionArn;
    await sleep(SUBSCRIPTION_SETTLE_MS);

    const started = now();
    await aws('guardduty:CreateSampleFindings', () =>
      deps.guardDuty.send(
        new CreateSampleFindingsCommand({ DetectorId: detectorId, FindingTypes: findingTypes }),
      ),
    );
    const deliveredAt = await waitForAlert(deps.sqs, queueUrl ?? '', findingTypes, started + timeoutMs, now);
    const finished = now();
    const outcome: DrillOutcome = deliveredAt === undefined ? 'TIMEOUT' : 'DELIVERED';
    const record: DrillRecord = {
      drillId,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      account,
      region,
      detectorId,
      topicArn,
      findingTypes,
      latencyMs: deliveredAt === undefined ? null : deliveredAt - started,
      outcome,
    };
    const recordLocation = options.evidenceBucket ? await storeRecord(deps.s3, options, record) : undefined;
    return {
      outcome,
      exitCode: outcome === 'DELIVERED' ? 0 : 1,
      latencyMs: record.latencyMs,
      record,
      recordLocation,
      cleanupErrors,
    };
  } finally {
    if (subscriptionArn) {
      const arn = subscriptionArn;
      await aws('sns:Unsubscribe', () =>
        deps.sns.send(new UnsubscribeCommand({ SubscriptionArn: arn })),
      ).catch((e: Error) => cleanupErrors.push(`subscription ${arn} was not removed: ${e.message}`));
    }
    if (queueUrl) {
      const url = queueUrl;
      await aws('sqs:DeleteQueue', () => deps.sqs.send(new DeleteQueueCommand({ QueueUrl: url }))).catch(
        (e: Error) => cleanupErrors.push(`queue ${url} was not deleted: ${e.message}`),
      );
    }
  }
}

/** The incident topic's ARN, by ARN, name or severity tag. */
async function findTopic(sns: SNSClient, options: DrillOptions): Promise<string> {
  if (options.topicArn) {
    const arn = options.topicArn;
    try {
      await aws('sns:GetTopicAttributes', () => sns.send(new GetTopicAttributesCommand({ TopicArn: arn })));
      return arn;
    } catch (error) {
      if (/^NotFound/.test((error as Error).name)) {
        throw new DrillError('NOT_DEPLOYED', `No SNS topic ${arn}: deploy the incident-response stack first`);
      }
      throw error;
    }
  }
  const severity = options.severity ?? 'high';
  let nextToken: string | undefined;
  do {
    const page = await aws('sns:ListTopics', () => sns.send(new ListTopicsCommand({ NextToken: nextToken })));
    for (const { TopicArn: arn } of page.Topics ?? []) {
      if (!arn) continue;
      if (options.topicName) {
        if (arn.endsWith(`:${options.topicName}`)) return arn;
        continue;
      }
      const tags = await aws('sns:ListTagsForResource', () =>
        sns.send(new ListTagsForResourceCommand({ ResourceArn: arn })),
      );
      if (tags.Tags?.some((t) => t.Key === INCIDENT_SEVERITY_TAG && t.Value === severity)) return arn;
    }
    nextToken = page.NextToken;
  } while (nextToken);
  const lookedFor = options.topicName
    ? `SNS topic named ${options.topicName}`
    : `SNS topic tagged ${INCIDENT_SEVERITY_TAG}=${severity}`;
  throw new DrillError('NOT_DEPLOYED', `No ${lookedFor}: deploy the incident-response stack first`);
}

/** Allows only the incident topic to send to the drill queue. */
function queuePolicy(queueArn: string, topicArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowIncidentTopic',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  });
}

/** Long-polls the queue until a message names one of the finding types; returns when it arrived. */
async function waitForAlert(
  sqs: SQSClient,
  queueUrl: string,
  findingTypes: readonly string[],
  deadline: number,
  now: () => number,
): Promise<number | undefined> {
  for (let remaining = deadline - now(); remaining > 0; remaining = deadline - now()) {
    const received = await aws('sqs:ReceiveMessage', () =>
      sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: Math.max(1, Math.min(MAX_WAIT_SECONDS, Math.ceil(remaining / 1000))),
        }),
      ),
    );
    const at = now();
    if ((received.Messages ?? []).some((m) => findingTypes.some((type) => m.Body?.includes(type)))) return at;
  }
  return undefined;
}

/** Stores the record as `drills/<yyyy-mm-dd>/<drill id>.json` with SSE-KMS. */
async function storeRecord(
  s3: S3Client,
  options: DrillOptions,
  record: DrillRecord,
): Promise<{ bucket: string; key: string }> {
  const bucket = options.evidenceBucket ?? '';
  const key = `drills/${record.startedAt.slice(0, 10)}/${record.drillId}.json`;
  await aws('s3:PutObject', () =>
    s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: JSON.stringify(record, undefined, 2),
        ContentType: 'application/json',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: options.evidenceKmsKeyId,
      }),
    ),
  );
  return { bucket, key };
}
