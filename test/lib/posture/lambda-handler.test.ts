import * as path from 'node:path';
import { BackupClient, ListProtectedResourcesCommand, ListRestoreJobsCommand } from '@aws-sdk/client-backup';
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConformancePackComplianceCommand,
  DescribeConformancePacksCommand,
  GetConformancePackComplianceDetailsCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetEnabledStandardsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { ComplianceReport } from '../../../lib/compliance/report/model';
import { handler } from '../../../lib/posture/lambda-handler';
import { bundleHandler } from '../../../lib/posture/private/bundle';
import { compliantApp, synthFixture } from '../../helpers/report-fixtures';

const s3Mock = mockClient(S3Client);
const snsMock = mockClient(SNSClient);
const configMock = mockClient(ConfigServiceClient);
const hubMock = mockClient(SecurityHubClient);
const stsMock = mockClient(STSClient);
const backupMock = mockClient(BackupClient);
const ssmMock = mockClient(SSMClient);

const CONTEXT = { invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:posture' };
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const RULE = 's3-bucket-logging-enabled-conformance-pack-x1';

let intended: ComplianceReport;
let bucketLogicalId: string;

beforeAll(() => {
  intended = synthFixture(compliantApp).report;
  bucketLogicalId =
    intended.evaluations.find(
      (e) => e.resource.type === 'AWS::S3::Bucket' && e.resource.constructPath.includes('/Records/Bucket/'),
    )?.resource.logicalId ?? '';
  Object.assign(process.env, {
    POSTURE_REGIONS: 'us-east-1',
    POSTURE_CONFORMANCE_PACKS: '',
    POSTURE_EVIDENCE_BUCKET: 'evidence-bucket',
    POSTURE_EVIDENCE_PREFIX: 'posture/',
    POSTURE_EVIDENCE_KEY_ARN: KEY_ARN,
    POSTURE_INTENDED_REPORT_KEY: 'posture/intended/report.json',
    POSTURE_DRIFT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:drift',
  });
});

beforeEach(() => {
  for (const mock of [s3Mock, snsMock, configMock, hubMock, stsMock, backupMock, ssmMock]) mock.reset();
  const created = new Date(Date.now() - 3_600_000 * 5);
  backupMock.on(ListRestoreJobsCommand).resolves({
    RestoreJobs: [
      {
        RestoreJobId: 'r1',
        ResourceType: 'S3',
        Status: 'COMPLETED',
        CreationDate: created,
        CompletionDate: new Date(created.getTime() + 3_600_000),
      },
    ],
  });
  backupMock.on(ListProtectedResourcesCommand).resolves({ Results: [{ ResourceType: 'S3' }] });
  ssmMock.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
  configMock
    .on(DescribeConfigurationRecorderStatusCommand)
    .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] });
  configMock
    .on(DescribeConformancePacksCommand)
    .resolves({ ConformancePackDetails: [{ ConformancePackName: 'hipaa' } as never] });
  configMock.on(DescribeConformancePackComplianceCommand).resolves({
    ConformancePackName: 'hipaa',
    ConformancePackRuleComplianceList: [{ ConfigRuleName: RULE, ComplianceType: 'NON_COMPLIANT' }],
  });
  configMock.on(GetConformancePackComplianceDetailsCommand).resolves({
    ConformancePackName: 'hipaa',
    ConformancePackRuleEvaluationResults: [
      {
        ComplianceType: 'NON_COMPLIANT',
        EvaluationResultIdentifier: {
          EvaluationResultQualifier: {
            ConfigRuleName: RULE,
            ResourceType: 'AWS::S3::Bucket',
            ResourceId: 'records-physical',
          },
        },
        ConfigRuleInvokedTime: new Date(),
        ResultRecordedTime: new Date(),
      },
    ],
  });
  configMock.on(SelectResourceConfigCommand).resolves({
    Results: [
      JSON.stringify({
        resourceId: 'records-physical',
        resourceType: 'AWS::S3::Bucket',
        tags: [
          { key: 'aws:cloudformation:stack-name', value: 'Fixture' },
          { key: 'aws:cloudformation:logical-id', value: bucketLogicalId },
        ],
      }),
    ],
  });
  hubMock.on(GetEnabledStandardsCommand).resolves({
    StandardsSubscriptions: [
      {
        StandardsArn: 'arn:nist',
        StandardsSubscriptionArn: 's',
        StandardsInput: {},
        StandardsStatus: 'READY',
      },
    ],
  });
  hubMock.on(GetFindingsCommand).resolves({ Findings: [] });
  s3Mock.on(PutObjectCommand).resolves({});
  snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
});

describe('posture Lambda handler', () => {
  test('writes the dated report, md, html and posture.json under SSE-KMS and stays quiet without drift', async () => {
    s3Mock
      .on(GetObjectCommand)
      .rejects(Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' }));
    const result = await handler({}, CONTEXT);
    const puts = s3Mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    const day = result.keys[0].split('/')[1];
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(puts.map((p) => p.Key)).toEqual(
      ['report.json', 'report.md', 'report.html', 'posture.json', 'posture.md'].map(
        (f) => `posture/${day}/${f}`,
      ),
    );
    for (const put of puts) {
      expect(put).toMatchObject({
        Bucket: 'evidence-bucket',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KEY_ARN,
      });
    }
    expect(result).toMatchObject({ exitCode: 1, notified: false });
    expect(snsMock.calls()).toHaveLength(0);
    // Without an intended report there is nothing to attribute against.
    expect(configMock.commandCalls(SelectResourceConfigCommand)).toHaveLength(0);
    expect(stsMock.calls()).toHaveLength(0);
  });

  test('compares with the intended report and notifies the drift topic when drift appears', async () => {
    s3Mock.on(GetObjectCommand).resolves({
      Body: { transformToString: async () => JSON.stringify(intended) } as never,
    });
    const result = await handler({}, CONTEXT);
    expect(s3Mock.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({
      Bucket: 'evidence-bucket',
      Key: 'posture/intended/report.json',
    });
    expect(result.notified).toBe(true);
    const publish = snsMock.commandCalls(PublishCommand)[0].args[0].input;
    expect(publish).toMatchObject({
      TopicArn: 'arn:aws:sns:us-east-1:111122223333:drift',
      Subject: 'HIPAA posture drift in 111122223333',
    });
    expect(publish.Message).toMatch(/^posture: 1 account\(s\) × 1 region\(s\) · 2 observed/);
    expect(publish.Message).toContain(
      '- resource-failing Fixture/Records/Bucket/Resource: compliant at synth',
    );
  });
});

describe('the bundled handler', () => {
  test('loads on its own and exports handler', () => {
    const bundle = bundleHandler();
    const loaded = require(path.join(bundle.dir, 'index.js')) as { handler?: unknown };
    expect(typeof loaded.handler).toBe('function');
  });
});
