import {
  BackupClient,
  DescribeRestoreJobCommand,
  type DescribeRestoreJobOutput,
} from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import {
  RECOVERY_METRIC_NAMESPACE,
  readRtoHours,
  recordRestore,
} from '../../../../constructs/backup/handlers/restore-evidence';

const NOW = new Date('2026-12-06T12:00:00Z');
const CREATED = new Date('2026-12-06T05:00:00Z');
const hoursAfter = (hours: number) => new Date(CREATED.getTime() + hours * 3_600_000);
const event = (status: string) => ({
  account: '111122223333',
  region: 'us-east-1',
  detail: { restoreJobId: 'job-1', status },
});

describe('restore evidence handler', () => {
  const backupMock = mockClient(BackupClient);
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
