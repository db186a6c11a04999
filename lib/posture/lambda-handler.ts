/**
 * The Lambda function of `ScheduledPostureCollector`: collects this account's posture in the
 * configured regions, merges it with the intended report kept in the evidence bucket (when there is one),
 * writes the report (json, md, html) and `posture.json` under a dated prefix, and notifies the drift topic
 * when drift appears. Bundled at synth by esbuild; configured by environment variables only.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { ComplianceReport } from '../compliance/report/model';
import { collectPosture } from './collector';
import { buildPostureReport } from './merge';
import type { PostureReport } from './model';
import { POSTURE_ENV } from './private/env';
import { renderPostureFormat } from './render-posture';
import {
  postureExitCode,
  postureSummaryLine,
  renderPostureJson,
  renderPostureMarkdown,
} from './write-posture';

/** Most drift entries listed in a notification; the rest are in the evidence files. */
const NOTIFIED_DRIFT = 20;

/** What one invocation did. */
export interface PostureRunResult {
  readonly exitCode: number;
  readonly summary: string;
  readonly keys: readonly string[];
  readonly notified: boolean;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** The Lambda entry point. */
export async function handler(
  _event: unknown,
  context: { invokedFunctionArn: string },
): Promise<PostureRunResult> {
  const env = process.env;
  const bucket = required(POSTURE_ENV.BUCKET);
  const prefix = env[POSTURE_ENV.PREFIX] ?? 'posture/';
  const keyArn = required(POSTURE_ENV.KEY_ARN);
  const account = context.invokedFunctionArn.split(':')[4];
  const regions = list(env[POSTURE_ENV.REGIONS]);
  const s3 = new S3Client({});
  const intendedKey = env[POSTURE_ENV.INTENDED_KEY];
  const intended = intendedKey ? await readIntended(s3, bucket, intendedKey) : undefined;
  const packs = list(env[POSTURE_ENV.CONFORMANCE_PACKS]);
  const collection = await collectPosture({
    regions: regions.length > 0 ? regions : [required('AWS_REGION')],
    accounts: [{ account }],
    conformancePacks: packs.length > 0 ? packs : undefined,
    attribute: intended !== undefined,
  });
  const posture = buildPostureReport({
    collection,
    intended,
    intendedFrom: intendedKey ? `s3://${bucket}/${intendedKey}` : undefined,
  });
  const dated = `${prefix}${posture.posture.collectedAt.slice(0, 10)}/`;
  const keys: string[] = [];
  for (const [name, body, type] of files(posture)) {
    const key = `${dated}${name}`;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: type,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: keyArn,
      }),
    );
    keys.push(key);
  }
  const summary = postureSummaryLine(posture.posture, `s3://${bucket}/${dated}`);
  const topicArn = env[POSTURE_ENV.TOPIC_ARN];
  const notified = posture.posture.drift.length > 0 && topicArn !== undefined;
  if (notified) {
    await new SNSClient({}).send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: `HIPAA posture drift in ${account}`.slice(0, 100),
        Message: driftMessage(posture, summary),
      }),
    );
  }
  return { exitCode: postureExitCode(posture.posture), summary, keys, notified };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

async function readIntended(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<ComplianceReport | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = await out.Body?.transformToString();
    return text ? (JSON.parse(text) as ComplianceReport) : undefined;
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

function files(posture: PostureReport): [string, string, string][] {
  return [
    ['report.json', renderPostureFormat(posture, 'json'), 'application/json'],
    ['report.md', renderPostureFormat(posture, 'md'), 'text/markdown'],
    ['report.html', renderPostureFormat(posture, 'html'), 'text/html'],
    ['posture.json', renderPostureJson(posture.posture), 'application/json'],
    ['posture.md', renderPostureMarkdown(posture.posture), 'text/markdown'],
  ];
}

/** The notification: the summary and the first drift entries. Names resources and rules, never data. */
function driftMessage(posture: PostureReport, summary: string): string {
  const drift = posture.posture.drift;
  return [
    summary,
    '',
    ...drift
      .slice(0, NOTIFIED_DRIFT)
      .map(
        (d) =>
          `- ${d.kind}${d.citation ? ` ${d.citation}` : ''}${d.resource ? ` ${d.resource}` : ''}: ${d.detail}`,
      ),
    ...(drift.length > NOTIFIED_DRIFT ? [`… and ${drift.length - NOTIFIED_DRIFT} more in posture.json`] : []),
  ].join('\n');
}
