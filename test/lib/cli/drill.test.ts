import {
  CreateSampleFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { DrillError, type DrillOptions, runDrill } from '../../../lib/cli/drill';

const guardDuty = mockClient(GuardDutyClient);
const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
const s3 = mockClient(S3Client);
const sts = mockClient(STSClient);

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:Hipaa-prod-Resilience-HighTopic';
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/hipaa-baseline-drill-d1';
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:111122223333:hipaa-baseline-drill-d1';
const START = Date.parse('2026-11-28T10:00:00.000Z');
const ALERT =
  '[HIGH] GuardDuty finding Backdoor:EC2/C&CActivity.B!DNS (severity 8) in account 111122223333, us-east-1';

/** A fake clock: `sleep` and each empty long poll advance it; nothing really waits. */
function fakeClock() {
  let time = START;
  return {
    now: () => time,
    sleep: async (ms: number) => {
      time += ms;
    },
    advance: (ms: number) => {
      time += ms;
    },
  };
}

function deps(clock = fakeClock()) {
  return {
    guardDuty: new GuardDutyClient({ region: 'us-east-1' }),
    sns: new SNSClient({ region: 'us-east-1' }),
    sqs: new SQSClient({ region: 'us-east-1' }),
    s3: new S3Client({ region: 'us-east-1' }),
    sts: new STSClient({ region: 'us-east-1' }),
    now: clock.now,
    sleep: clock.sleep,
  };
}

const OPTIONS: DrillOptions = {
  drillId: 'd1',
  evidenceBucket: 'evidence',
  evidenceKmsKeyId: 'alias/evidence',
};
const error = (name: string, message = name) => Object.assign(new Error(message), { name });

/** A deployed baseline: caller, detector, one tagged high topic, and a queue. */
function deployed() {
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/ops' });
  guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
  guardDuty.on(CreateSampleFindingsCommand).resolves({});
  sns
    .on(ListTopicsCommand)
    .resolves({ Topics: [{ TopicArn: 'arn:aws:sns:us-east-1:111122223333:other' }, { TopicArn: TOPIC }] });
  sns
    .on(ListTagsForResourceCommand, { ResourceArn: TOPIC })
    .resolves({ Tags: [{ Key: 'hipaa-baseline:incident-severity', Value: 'high' }] });
  sns
    .on(ListTagsForResourceCommand, { ResourceArn: 'arn:aws:sns:us-east-1:111122223333:other' })
    .resolves({ Tags: [] });
  sns.on(SubscribeCommand).resolves({ SubscriptionArn: `${TOPIC}:sub-1` });
  sns.on(UnsubscribeCommand).resolves({});
  sqs.on(CreateQueueCommand).resolves({ QueueUrl: QUEUE_URL });
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: QUEUE_ARN } });
  sqs.on(SetQueueAttributesCommand).resolves({});
  sqs.on(DeleteQueueCommand).resolves({});
  s3.on(PutObjectCommand).resolves({});
}

function expectCleanedUp() {
  expect(sns.commandCalls(UnsubscribeCommand).map((c) => c.args[0].input)).toEqual([
    { SubscriptionArn: `${TOPIC}:sub-1` },
  ]);
  expect(sqs.commandCalls(DeleteQueueCommand).map((c) => c.args[0].input)).toEqual([{ QueueUrl: QUEUE_URL }]);
}

describe('runDrill', () => {
  beforeEach(() => {
    for (const mock of [guardDuty, sns, sqs, s3, sts]) mock.reset();
  });

  test('success: alert received, latency measured, record stored with SSE-KMS, queue and subscription removed', async () => {
    deployed();
    const clock = fakeClock();
    let polls = 0;
    sqs.on(ReceiveMessageCommand).callsFake(async (input: { WaitTimeSeconds: number }) => {
      polls += 1;
      if (polls === 1) {
        clock.advance(input.WaitTimeSeconds * 1000);
        return { Messages: [] };
      }
      clock.advance(7_500);
      return { Messages: [{ Body: 'unrelated' }, { Body: ALERT }] };
    });
    const result = await runDrill(OPTIONS, deps(clock));

    expect(result).toMatchObject({ outcome: 'DELIVERED', exitCode: 0, latencyMs: 27_500, cleanupErrors: [] });
    expect(result.record).toEqual({
      drillId: 'd1',
      startedAt: '2026-11-28T10:00:05.000Z',
      finishedAt: '2026-11-28T10:00:32.500Z',
      account: '111122223333',
      region: 'us-east-1',
      detectorId: 'det-1',
      topicArn: TOPIC,
      findingTypes: ['Backdoor:EC2/C&CActivity.B!DNS'],
      latencyMs: 27_500,
      outcome: 'DELIVERED',
    });
    expect(guardDuty.commandCalls(CreateSampleFindingsCommand)[0].args[0].input).toEqual({
      DetectorId: 'det-1',
      FindingTypes: ['Backdoor:EC2/C&CActivity.B!DNS'],
    });
    expect(sqs.commandCalls(CreateQueueCommand)[0].args[0].input).toEqual({
      QueueName: 'hipaa-baseline-drill-d1',
      Attributes: { SqsManagedSseEnabled: 'true', MessageRetentionPeriod: '3600' },
    });
    const policy = JSON.parse(
      String(sqs.commandCalls(SetQueueAttributesCommand)[0].args[0].input.Attributes?.Policy),
    );
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: QUEUE_ARN,
        Condition: { ArnEquals: { 'aws:SourceArn': TOPIC } },
      }),
    ]);
    expect(sns.commandCalls(SubscribeCommand)[0].args[0].input).toMatchObject({
      Protocol: 'sqs',
      Endpoint: QUEUE_ARN,
      Attributes: { RawMessageDelivery: 'true' },
    });
    for (const call of sqs.commandCalls(ReceiveMessageCommand)) {
      expect(call.args[0].input.WaitTimeSeconds).toBeLessThanOrEqual(20);
    }
    const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(put).toMatchObject({
      Bucket: 'evidence',
      Key: 'drills/2026-11-28/d1.json',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/evidence',
    });
    expect(JSON.parse(String(put.Body))).toEqual(result.record);
    expect(result.recordLocation).toEqual({ bucket: 'evidence', key: 'drills/2026-11-28/d1.json' });
    expectCleanedUp();
  });

  test('timeout: non-zero outcome, record stored as TIMEOUT, cleanup still done', async () => {
    deployed();
    const clock = fakeClock();
    sqs.on(ReceiveMessageCommand).callsFake(async (input: { WaitTimeSeconds: number }) => {
      clock.advance(input.WaitTimeSeconds * 1000);
      return {};
    });
    const result = await runDrill({ ...OPTIONS, timeoutSeconds: 45 }, deps(clock));
    expect(result).toMatchObject({ outcome: 'TIMEOUT', exitCode: 1, latencyMs: null });
    expect(sqs.commandCalls(ReceiveMessageCommand).map((c) => c.args[0].input.WaitTimeSeconds)).toEqual([
      20, 20, 5,
    ]);
    expect(JSON.parse(String(s3.commandCalls(PutObjectCommand)[0].args[0].input.Body))).toMatchObject({
      outcome: 'TIMEOUT',
      latencyMs: null,
    });
    expectCleanedUp();
  });

  test('missing topic: NOT_DEPLOYED naming the tag looked for, and nothing created', async () => {
    deployed();
    sns
      .on(ListTopicsCommand)
      .resolves({ Topics: [{ TopicArn: 'arn:aws:sns:us-east-1:111122223333:other' }] });
    await expect(runDrill(OPTIONS, deps())).rejects.toMatchObject({
      name: 'DrillError',
      code: 'NOT_DEPLOYED',
      message: expect.stringMatching(/No SNS topic tagged hipaa-baseline:incident-severity=high/),
    });
    await expect(runDrill({ ...OPTIONS, topicName: 'IncidentsCritical' }, deps())).rejects.toThrow(
      /No SNS topic named IncidentsCritical/,
    );
    sns.on(GetTopicAttributesCommand).rejects(error('NotFoundException', 'Topic does not exist'));
    await expect(runDrill({ ...OPTIONS, topicArn: TOPIC }, deps())).rejects.toThrow(
      new RegExp(`No SNS topic ${TOPIC}`),
    );
    expect(sqs.commandCalls(CreateQueueCommand)).toHaveLength(0);
  });

  test('missing detector: NOT_DEPLOYED', async () => {
    deployed();
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    await expect(runDrill(OPTIONS, deps())).rejects.toMatchObject({
      code: 'NOT_DEPLOYED',
      message: 'GuardDuty has no detector in 111122223333/us-east-1',
    });
  });

  test('access denied: ACCESS_DENIED naming the action, and the queue is still deleted', async () => {
    deployed();
    sns
      .on(SubscribeCommand)
      .rejects(error('AuthorizationErrorException', 'User is not authorized to perform SNS:Subscribe'));
    const failure = await runDrill(OPTIONS, deps()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DrillError);
    expect(failure).toMatchObject({ code: 'ACCESS_DENIED', action: 'sns:Subscribe' });
    expect((failure as Error).message).toMatch(/^sns:Subscribe was denied: User is not authorized/);
    expect(sqs.commandCalls(DeleteQueueCommand)).toHaveLength(1);
    expect(sns.commandCalls(UnsubscribeCommand)).toHaveLength(0);
  });

  test('access denied on CreateSampleFindings: both the subscription and the queue are removed', async () => {
    deployed();
    guardDuty.on(CreateSampleFindingsCommand).rejects(error('AccessDeniedException'));
    await expect(runDrill(OPTIONS, deps())).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      action: 'guardduty:CreateSampleFindings',
    });
    expectCleanedUp();
  });

  test('missing credentials: NO_CREDENTIALS before any other call', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(error('CredentialsProviderError', 'Could not load credentials from any providers'));
    await expect(runDrill(OPTIONS, deps())).rejects.toMatchObject({
      code: 'NO_CREDENTIALS',
      message: expect.stringMatching(/No usable AWS credentials or region for sts:GetCallerIdentity/),
    });
    expect(guardDuty.calls()).toHaveLength(0);
  });

  test('cleanup problems are reported, not thrown', async () => {
    deployed();
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [{ Body: ALERT }] });
    sqs.on(DeleteQueueCommand).rejects(error('AccessDenied', 'no'));
    const result = await runDrill({ drillId: 'd1' }, deps());
    expect(result.outcome).toBe('DELIVERED');
    expect(result.recordLocation).toBeUndefined();
    expect(result.cleanupErrors).toEqual([
      `queue ${QUEUE_URL} was not deleted: sqs:DeleteQueue was denied: no`,
    ]);
    expect(s3.calls()).toHaveLength(0);
  });
});
