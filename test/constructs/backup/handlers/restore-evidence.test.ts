import {
  BackupClient,
  DescribeRestoreJobCommand,
  type DescribeRestoreJobOutput,
} from '@aws-sdk/client-backup';
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import {
  RECOVERY_METRIC_NAMESPACE,
  readProductArn,
  readRtoHours,
  recordRestore,
} from '../../../../constructs/backup/handlers/restore-evidence';
import { RESTORE_FINDING_GENERATOR } from '../../../../constructs/backup/handlers/restore-finding';

const NOW = new Date('2026-12-06T12:00:00Z');
const CREATED = new Date('2026-12-06T05:00:00Z');
const hoursAfter = (hours: number) => new Date(CREATED.getTime() + hours * 3_600_000);
const event = (status: string) => ({
  account: '111122223333',
  region: 'us-east-1',
  detail: { restoreJobId: 'job-1', status },
});

const backupMock = mockClient(BackupClient);
const hubMock = mockClient(SecurityHubClient);

describe('restore evidence handler', () => {
  beforeEach(() => backupMock.reset());

  async function record(status: string, job: DescribeRestoreJobOutput, rtoHours = 72) {
    backupMock.on(DescribeRestoreJobCommand, { RestoreJobId: 'job-1' }).resolves(job);
    const lines: string[] = [];
    const result = await recordRestore(event(status), {
      backup: new BackupClient({ region: 'us-east-1' }),
      log: (l) => lines.push(l),
      rtoHours,
      now: () => NOW,
    });
    expect(lines).toHaveLength(1);
    return { result, line: JSON.parse(lines[0]) };
  }

  test('a completed restore within the objective: duration, RestoreFailed 0, withinObjective', async () => {
    const { result, line } = await record('COMPLETED', {
      Status: 'COMPLETED',
      ResourceType: 'DynamoDB',
      CreationDate: CREATED,
      CompletionDate: hoursAfter(1.5),
      ExpectedCompletionTimeMinutes: 60,
      CreatedResourceArn: 'arn:aws:dynamodb:us-east-1:111122223333:table/restored',
    });
    expect(backupMock.commandCalls(DescribeRestoreJobCommand)).toHaveLength(1);
    expect(result).toMatchObject({ durationHours: 1.5, withinObjective: true, resourceType: 'DynamoDB' });
    expect(line).toMatchObject({
      _aws: {
        Timestamp: NOW.getTime(),
        CloudWatchMetrics: [
          {
            Namespace: RECOVERY_METRIC_NAMESPACE,
            Dimensions: [['ResourceType'], []],
            Metrics: [
              { Name: 'RestoreFailed', Unit: 'Count' },
              { Name: 'RestoreDurationHours', Unit: 'None' },
            ],
          },
        ],
      },
      ResourceType: 'DynamoDB',
      RestoreFailed: 0,
      RestoreDurationHours: 1.5,
      restoreEvidence: {
        restoreJobId: 'job-1',
        account: '111122223333',
        status: 'COMPLETED',
        creationDate: '2026-12-06T05:00:00.000Z',
        completionDate: '2026-12-06T06:30:00.000Z',
        expectedCompletionTimeMinutes: 60,
        recoveryTimeObjectiveHours: 72,
        withinObjective: true,
      },
    });
  });

  test('a completed restore slower than the objective is recorded as outside it', async () => {
    const { line } = await record(
      'COMPLETED',
      { Status: 'COMPLETED', ResourceType: 'Aurora', CreationDate: CREATED, CompletionDate: hoursAfter(30) },
      24,
    );
    expect(line).toMatchObject({
      ResourceType: 'Aurora',
      RestoreFailed: 0,
      RestoreDurationHours: 30,
      restoreEvidence: { durationHours: 30, recoveryTimeObjectiveHours: 24, withinObjective: false },
    });
  });

  test.each(['FAILED', 'ABORTED'])(
    'a %s restore counts as failed and reports no duration metric',
    async (status) => {
      const { line } = await record(status, {
        Status: status as 'FAILED',
        ResourceType: 'S3',
        CreationDate: CREATED,
        CompletionDate: hoursAfter(2),
        StatusMessage: 'Access denied to key',
      });
      expect(line.RestoreFailed).toBe(1);
      expect(line).not.toHaveProperty('RestoreDurationHours');
      expect(line._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'RestoreFailed', Unit: 'Count' }]);
      expect(line.restoreEvidence).toMatchObject({
        status,
        durationHours: 2,
        withinObjective: false,
        statusMessage: 'Access denied to key',
      });
    },
  );

  test('an event without a restore job id or a failing DescribeRestoreJob throws, logging nothing', async () => {
    const lines: string[] = [];
    const deps = {
      backup: new BackupClient({ region: 'us-east-1' }),
      log: (l: string) => lines.push(l),
      rtoHours: 72,
    };
    await expect(recordRestore({ detail: {} }, deps)).rejects.toThrow(/without detail\.restoreJobId/);
    backupMock.on(DescribeRestoreJobCommand).rejects(new Error('AccessDenied'));
    await expect(recordRestore(event('COMPLETED'), deps)).rejects.toThrow(/AccessDenied/);
    expect(lines).toEqual([]);
  });

  test('the objective must be a whole number of hours from 1 to 72', () => {
    expect(readRtoHours({ RECOVERY_TIME_OBJECTIVE_HOURS: '24' })).toBe(24);
    for (const bad of [undefined, '', '0', '73', '1.5', 'x']) {
      expect(() => readRtoHours({ RECOVERY_TIME_OBJECTIVE_HOURS: bad })).toThrow(
        /RECOVERY_TIME_OBJECTIVE_HOURS must be a whole number from 1 to 72/,
      );
    }
  });
});

describe('restore evidence handler: the Security Hub finding', () => {
  const PRODUCT = 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default';
  const SOURCE = 'arn:aws:dynamodb:us-east-1:111122223333:table/patients';
  const POINT = 'arn:aws:backup:us-east-1:111122223333:recovery-point:rp-1';
  beforeEach(() => {
    backupMock.reset();
    hubMock.reset();
    hubMock.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 1 });
  });

  async function record(status: string, job: DescribeRestoreJobOutput, rtoHours = 72) {
    backupMock.on(DescribeRestoreJobCommand).resolves({
      ResourceType: 'DynamoDB',
      RecoveryPointArn: POINT,
      SourceResourceArn: SOURCE,
      CreationDate: CREATED,
      ...job,
      Status: status as 'COMPLETED',
    });
    const lines: string[] = [];
    const result = await recordRestore(event(status), {
      backup: new BackupClient({ region: 'us-east-1' }),
      log: (l) => lines.push(l),
      rtoHours,
      now: () => NOW,
      securityHub: { client: new SecurityHubClient({ region: 'us-east-1' }), productArn: PRODUCT },
    });
    const imported = hubMock.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings);
    return {
      result,
      lines: lines.map((l) => JSON.parse(l)),
      finding: imported[0]?.[0] as AwsSecurityFinding,
    };
  }

  test('a failed restore: a HIGH, ACTIVE finding on the restore job and recovery point, citing HIPAA', async () => {
    const { finding, lines } = await record('FAILED', {
      CompletionDate: hoursAfter(2),
      StatusMessage: 'Access denied to key',
    });
    expect(finding).toMatchObject({
      SchemaVersion: '2018-10-08',
      ProductArn: PRODUCT,
      GeneratorId: RESTORE_FINDING_GENERATOR,
      AwsAccountId: '111122223333',
      Region: 'us-east-1',
      Types: [
        'Software and Configuration Checks/AWS Security Best Practices',
        expect.stringMatching(/HIPAA/),
      ],
      Severity: { Label: 'HIGH' },
      FindingProviderFields: { Severity: { Label: 'HIGH' } },
      RecordState: 'ACTIVE',
      Compliance: {
        Status: 'FAILED',
        RelatedRequirements: ['HIPAA 164.308(a)(7)(ii)(B)', 'HIPAA 164.308(a)(7)(ii)(D)'],
      },
      Title: 'AWS Backup restore of DynamoDB failed',
      Description: expect.stringMatching(
        /^Restore job job-1 of arn:aws:dynamodb:.*table\/patients failed: Access denied to key\./,
      ),
      Resources: [
        { Type: 'Other', Id: 'restore-job/job-1', Partition: 'aws', Region: 'us-east-1' },
        { Type: 'AwsBackupRecoveryPoint', Id: POINT, Partition: 'aws', Region: 'us-east-1' },
        { Type: 'Other', Id: SOURCE, Partition: 'aws', Region: 'us-east-1' },
      ],
      CreatedAt: CREATED.toISOString(),
      UpdatedAt: NOW.toISOString(),
    });
    expect(finding.Id).toMatch(new RegExp(`^${PRODUCT}/cdk-hipaa-baseline/restore-evidence/[0-9a-f]{32}$`));
    // Evidence first, then how the finding went.
    expect(lines.map((l) => Object.keys(l).includes('restoreEvidence'))).toEqual([true, false]);
    expect(lines[1]).toMatchObject({
      level: 'INFO',
      RestoreFindingFailed: 0,
      restoreFinding: { imported: true },
    });
  });

  test('a restore over the objective is MEDIUM; one without a duration is MEDIUM too', async () => {
    const slow = await record('COMPLETED', { CompletionDate: hoursAfter(30) }, 24);
    expect(slow.finding).toMatchObject({
      Severity: { Label: 'MEDIUM' },
      RecordState: 'ACTIVE',
      Compliance: { Status: 'FAILED' },
      Title: 'AWS Backup restore of DynamoDB exceeded the recovery time objective',
      Description: expect.stringMatching(/took 30 h, over the 24 h recovery time objective/),
    });
    hubMock.resetHistory();
    const unmeasured = await record('COMPLETED', {});
    expect(unmeasured.finding).toMatchObject({ Severity: { Label: 'MEDIUM' }, RecordState: 'ACTIVE' });
    expect(unmeasured.finding.Description).toMatch(/without a measurable duration/);
  });

  test('a restore within the objective archives the same finding (same Id), compliance PASSED', async () => {
    const failed = await record('FAILED', { CompletionDate: hoursAfter(1) });
    hubMock.resetHistory();
    const passed = await record('COMPLETED', {
      CompletionDate: hoursAfter(1),
      RecoveryPointArn: `${POINT}-next`,
    });
    expect(passed.finding.Id).toBe(failed.finding.Id);
    expect(passed.finding).toMatchObject({
      RecordState: 'ARCHIVED',
      Compliance: { Status: 'PASSED' },
      Severity: { Label: 'INFORMATIONAL' },
    });
    // Another resource has a finding of its own.
    hubMock.resetHistory();
    const other = await record('FAILED', { SourceResourceArn: `${SOURCE}-2` });
    expect(other.finding.Id).not.toBe(failed.finding.Id);
  });

  test.each([
    [
      'Security Hub is not enabled',
      () =>
        hubMock.on(BatchImportFindingsCommand).rejects(
          Object.assign(new Error('Account is not subscribed to AWS Security Hub'), {
            name: 'InvalidAccessException',
          }),
        ),
    ],
    [
      'the finding is rejected',
      () =>
        hubMock.on(BatchImportFindingsCommand).resolves({
          FailedCount: 1,
          SuccessCount: 0,
          FailedFindings: [{ Id: 'x', ErrorCode: 'InvalidInput', ErrorMessage: 'bad Types' }],
        }),
    ],
  ])(
    '%s: an ERROR line after the evidence, RestoreFindingFailed 1, and no exception',
    async (_label, arrange) => {
      arrange();
      const { result, lines } = await record('FAILED', { CompletionDate: hoursAfter(1) });
      expect(result.status).toBe('FAILED');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ RestoreFailed: 1, restoreEvidence: { restoreJobId: 'job-1' } });
      expect(lines[1]).toMatchObject({
        level: 'ERROR',
        RestoreFindingFailed: 1,
        message: expect.stringMatching(
          /finding of restore job job-1 was not imported .*the restore evidence line above stands/,
        ),
        restoreFinding: {
          imported: false,
          recordState: 'ACTIVE',
          error: expect.stringMatching(/InvalidAccessException|InvalidInput: bad Types/),
        },
        _aws: {
          CloudWatchMetrics: [
            {
              Namespace: RECOVERY_METRIC_NAMESPACE,
              Metrics: [{ Name: 'RestoreFindingFailed', Unit: 'Count' }],
            },
          ],
        },
      });
    },
  );

  test('the product ARN must be the account’s own default product', () => {
    expect(readProductArn({ SECURITY_HUB_PRODUCT_ARN: PRODUCT })).toBe(PRODUCT);
    for (const bad of [
      undefined,
      '',
      'arn:aws:securityhub:us-east-1::product/aws/securityhub',
      'arn:aws:securityhub:us-east-1:111122223333:product/444455556666/default',
      'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/other',
    ]) {
      expect(() => readProductArn({ SECURITY_HUB_PRODUCT_ARN: bad })).toThrow(
        /SECURITY_HUB_PRODUCT_ARN must be arn:<partition>:securityhub:<region>:<account>:product\/<account>\/default/,
      );
    }
  });
});
