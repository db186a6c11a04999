import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import {
  type AuditRecord,
  createAuditSink,
  evidenceKey,
} from '../../../../constructs/response/handlers/audit-record';
import { failOnError, readSettings } from '../../../../constructs/response/handlers/environment';

const RECORD: AuditRecord = {
  time: '2026-11-28T10:00:00.000Z',
  action: 'isolate-instance',
  target: 'i-0abc',
  dryRun: false,
  result: 'contained',
  findingId: 'f/1',
  findingType: 'Backdoor:EC2/X',
  steps: ['replace security groups'],
};

describe('audit records', () => {
  const s3Mock = mockClient(S3Client);
  beforeEach(() => s3Mock.reset());

  test('are logged as one JSON line and stored as an SSE-KMS object when a bucket is given', async () => {
    const lines: string[] = [];
    s3Mock.on(PutObjectCommand).resolves({});
    await createAuditSink({
      log: (l) => lines.push(l),
      s3: new S3Client({}),
      bucket: 'ev',
      prefix: 'c/',
    }).write(RECORD);
    expect(JSON.parse(lines[0])).toEqual({ auditRecord: RECORD });
    const input = s3Mock.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(input).toMatchObject({
      Bucket: 'ev',
      ServerSideEncryption: 'aws:kms',
      ContentType: 'application/json',
    });
    expect(JSON.parse(String(input.Body))).toEqual(RECORD);
    expect(evidenceKey('c/', RECORD)).toBe(
      'c/isolate-instance/2026-11-28/2026-11-28T10_00_00.000Z-f_1-i-0abc.json',
    );
  });

  test('are only logged without a bucket', async () => {
    const lines: string[] = [];
    await createAuditSink({ log: (l) => lines.push(l), s3: new S3Client({}) }).write(RECORD);
    expect(lines).toHaveLength(1);
    expect(s3Mock.calls()).toHaveLength(0);
  });

  test('a failed record fails the invocation; others do not', () => {
    expect(failOnError([RECORD])).toEqual([RECORD]);
    expect(() => failOnError([{ ...RECORD, result: 'failed', reason: 'boom' }])).toThrow(/i-0abc \(boom\)/);
  });

  test.each([undefined, '', 'yes', 'TRUE'])('settings refuse a dry-run flag of %p', (flag) => {
    expect(() => readSettings({ CONTAINMENT_DRY_RUN: flag })).toThrow(/must be 'true' or 'false'/);
  });

  test('settings read the evidence bucket and key', () => {
    expect(
      readSettings({ CONTAINMENT_DRY_RUN: 'false', EVIDENCE_BUCKET: 'ev', EVIDENCE_KEY_ID: 'k' }),
    ).toEqual({
      dryRun: false,
      evidenceBucket: 'ev',
      evidencePrefix: 'containment/',
      evidenceKeyId: 'k',
    });
  });
});
