import {
  GetPublicAccessBlockCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import {
  BLOCK_ALL,
  blockBucketPublicAccess,
  handler,
} from '../../../../constructs/response/handlers/block-bucket-public-access';
import { ENV } from '../../../../constructs/response/handlers/environment';
import { findingEvent, NOW, recordingSink } from './fixtures';

const s3Mock = mockClient(S3Client);
const EVENT = findingEvent('Policy:S3/BucketAnonymousAccessGranted', {
  s3BucketDetails: [{ name: 'records-a' }, { name: 'records-b' }],
});
const deps = (dryRun: boolean) => ({ s3: new S3Client({}), audit: recordingSink(), dryRun, now: () => NOW });
const noBlock = () =>
  Object.assign(new Error('The public access block configuration was not found'), {
    name: 'NoSuchPublicAccessBlockConfiguration',
  });

describe('blockBucketPublicAccess', () => {
  beforeEach(() => s3Mock.reset());

  test('dry run: reads the settings of each bucket and makes no Put call', async () => {
    s3Mock.on(GetPublicAccessBlockCommand).rejects(noBlock());
    const d = deps(true);
    const records = await blockBucketPublicAccess(EVENT, d);
    expect(s3Mock.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(0);
    expect(s3Mock.commandCalls(GetPublicAccessBlockCommand)).toHaveLength(2);
    expect(records.map((r) => [r.target, r.result, r.dryRun])).toEqual([
      ['records-a', 'would-contain', true],
      ['records-b', 'would-contain', true],
    ]);
    expect(records[0].steps[0]).toMatch(/were \{"BlockPublicAcls":false/);
    expect(d.audit.records).toHaveLength(2);
  });

  test('real run: one PutPublicAccessBlock per bucket with all four settings on', async () => {
    s3Mock.on(GetPublicAccessBlockCommand).resolves({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true },
    });
    s3Mock.on(PutPublicAccessBlockCommand).resolves({});
    const records = await blockBucketPublicAccess(EVENT, deps(false));
    expect(s3Mock.commandCalls(PutPublicAccessBlockCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'records-a', PublicAccessBlockConfiguration: BLOCK_ALL },
      { Bucket: 'records-b', PublicAccessBlockConfiguration: BLOCK_ALL },
    ]);
    expect(records.map((r) => r.result)).toEqual(['contained', 'contained']);
  });

  test('skips a bucket already fully blocked and a sample finding', async () => {
    s3Mock.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: BLOCK_ALL });
    const [blocked] = await blockBucketPublicAccess(
      findingEvent('Policy:S3/BucketPublicAccessGranted', { s3BucketDetails: [{ name: 'records-a' }] }),
      deps(false),
    );
    expect(blocked).toMatchObject({ result: 'skipped', reason: expect.stringMatching(/already on/) });
    const [sample] = await blockBucketPublicAccess(
      findingEvent(
        'Policy:S3/BucketPublicAccessGranted',
        { s3BucketDetails: [{ name: 'x' }] },
        { sample: true },
      ),
      deps(false),
    );
    expect(sample).toMatchObject({ result: 'skipped', reason: expect.stringMatching(/sample finding/) });
    expect(s3Mock.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(0);
  });

  test('reports an error per bucket and goes on with the next one', async () => {
    s3Mock.on(GetPublicAccessBlockCommand).rejects(noBlock());
    s3Mock
      .on(PutPublicAccessBlockCommand, { Bucket: 'records-a' })
      .rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }))
      .on(PutPublicAccessBlockCommand, { Bucket: 'records-b' })
      .resolves({});
    const records = await blockBucketPublicAccess(EVENT, deps(false));
    expect(records.map((r) => [r.result, r.reason])).toEqual([
      ['failed', 'AccessDenied: Access Denied'],
      ['contained', undefined],
    ]);
  });
});

describe('block-bucket-public-access Lambda entry point', () => {
  const saved = { ...process.env };
  beforeEach(() => s3Mock.reset());
  afterEach(() => {
    process.env = { ...saved };
  });

  test('writes the audit record to the evidence bucket with SSE-KMS', async () => {
    process.env = {
      ...saved,
      [ENV.DRY_RUN]: 'true',
      [ENV.EVIDENCE_BUCKET]: 'evidence',
      [ENV.EVIDENCE_PREFIX]: 'containment/',
      [ENV.EVIDENCE_KEY_ID]: 'arn:aws:kms:us-east-1:111122223333:key/k',
    };
    s3Mock.on(GetPublicAccessBlockCommand).rejects(noBlock());
    s3Mock.on(PutObjectCommand).resolves({});
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const records = await handler(
        findingEvent('Policy:S3/BucketPublicAccessGranted', { s3BucketDetails: [{ name: 'records-a' }] }),
      );
      expect(records[0].result).toBe('would-contain');
      expect(String(write.mock.calls[0][0])).toMatch(/^\{"auditRecord":\{.*"result":"would-contain"/);
    } finally {
      write.mockRestore();
    }
    const [put] = s3Mock.commandCalls(PutObjectCommand);
    expect(put.args[0].input).toMatchObject({
      Bucket: 'evidence',
      Key: expect.stringMatching(
        /^containment\/block-bucket-public-access\/\d{4}-\d{2}-\d{2}\/.*-f-123-records-a\.json$/,
      ),
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k',
    });
    expect(s3Mock.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(0);
  });

  test('fails the invocation when a bucket could not be blocked, so Lambda retries and dead-letters it', async () => {
    process.env = { ...saved, [ENV.DRY_RUN]: 'false' };
    s3Mock
      .on(GetPublicAccessBlockCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(
        handler(findingEvent('Policy:S3/BucketPublicAccessGranted', { s3BucketDetails: [{ name: 'b' }] })),
      ).rejects.toThrow(/containment failed for b \(AccessDenied: denied\)/);
    } finally {
      write.mockRestore();
    }
  });
});
