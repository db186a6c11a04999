import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BackupClient, ListProtectedResourcesCommand, ListRestoreJobsCommand } from '@aws-sdk/client-backup';
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConformancePackComplianceCommand,
  DescribeConformancePacksCommand,
  GetConformancePackComplianceDetailsCommand,
} from '@aws-sdk/client-config-service';
import {
  GetEnabledStandardsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { POSTURE_READ_ACTIONS } from '../../../lib/posture/permissions';
import { POSTURE_EXIT } from '../../../lib/posture/write-posture';
import { runPostureCommand } from './support/run-command';

const configMock = mockClient(ConfigServiceClient);
const hubMock = mockClient(SecurityHubClient);
const stsMock = mockClient(STSClient);
const backupMock = mockClient(BackupClient);
const ssmMock = mockClient(SSMClient);

function emptyAccount() {
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
  configMock
    .on(DescribeConfigurationRecorderStatusCommand)
    .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] });
  configMock.on(DescribeConformancePacksCommand).resolves({ ConformancePackDetails: [] });
  configMock
    .on(DescribeConformancePackComplianceCommand)
    .resolves({ ConformancePackName: 'p', ConformancePackRuleComplianceList: [] });
  configMock
    .on(GetConformancePackComplianceDetailsCommand)
    .resolves({ ConformancePackName: 'p', ConformancePackRuleEvaluationResults: [] });
  hubMock.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [] });
  hubMock.on(GetFindingsCommand).resolves({ Findings: [] });
  // No restore job and nothing protected: one non-compliant restore observation, not silence.
  backupMock.on(ListRestoreJobsCommand).resolves({ RestoreJobs: [] });
  backupMock.on(ListProtectedResourcesCommand).resolves({ Results: [] });
  ssmMock.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
}

const tempOut = () => fs.mkdtempSync(path.join(os.tmpdir(), 'posture-cmd-'));

beforeEach(() => {
  configMock.reset();
  hubMock.reset();
  stsMock.reset();
  backupMock.reset();
  ssmMock.reset();
  emptyAccount();
});

describe('hipaa-baseline posture options', () => {
  test.each([
    [['--region', 'Mars-1'], /option '--region <region>' argument 'Mars-1' is invalid\. not a region/],
    [
      ['--region', 'us-east-1', '--role-arn', 'arn:aws:iam::12:user/x'],
      /'--role-arn <arn>' argument 'arn:aws:iam::12:user\/x' is invalid\. not an IAM role ARN/,
    ],
    [
      ['--region', 'us-east-1', '--format', 'pdf'],
      /unknown format\(s\) pdf; choose from html,md,json,csv,sarif,oscal/,
    ],
    [
      ['--region', 'us-east-1', '--concurrency', '0'],
      /'--concurrency <n>' argument '0' is invalid\. must be an integer from 1 to 64/,
    ],
    [['--region', 'us-east-1', '--timeout-ms', 'soon'], /'--timeout-ms <ms>' argument 'soon' is invalid/],
    [
      ['--region', 'us-east-1', '--deadline', '0'],
      /'--deadline <seconds>' argument '0' is invalid\. must be an integer from 1 to 3600/,
    ],
    [
      ['--region', 'us-east-1', '--endpoint-url', 'localhost'],
      /'--endpoint-url <url>' argument 'localhost' is invalid\. must be an http\(s\) URL/,
    ],
    [['--region', 'us-east-1', '--conformance-pack', '1bad'], /not a conformance pack name/],
  ])('rejects %j with exit 2 and a clear message', async (argv, message) => {
    const { code, stderr } = await runPostureCommand(argv);
    expect(code).toBe(POSTURE_EXIT.USAGE);
    expect(stderr).toMatch(message);
    expect(stsMock.calls()).toHaveLength(0);
  });

  test('exits 2 without a region', async () => {
    const saved = { r: process.env.AWS_REGION, d: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      const { code, stderr } = await runPostureCommand(['--out', tempOut()]);
      expect(code).toBe(POSTURE_EXIT.USAGE);
      expect(stderr).toBe('error: no region: pass --region (repeatable) or set AWS_REGION\n');
    } finally {
      if (saved.r !== undefined) process.env.AWS_REGION = saved.r;
      if (saved.d !== undefined) process.env.AWS_DEFAULT_REGION = saved.d;
    }
  });

  test('exits 2 when --from has no synthesized report', async () => {
    const { code, stderr } = await runPostureCommand([
      '--region',
      'us-east-1',
      '--from',
      '/nonexistent',
      '--out',
      tempOut(),
    ]);
    expect(code).toBe(POSTURE_EXIT.USAGE);
    expect(stderr).toMatch(
      /No compliance report at \/nonexistent\/compliance\/report.json: run `npx cdk synth` first/,
    );
    expect(stsMock.calls()).toHaveLength(0);
  });

  test('--help documents the exit codes and the IAM permissions', async () => {
    const { code, stdout } = await runPostureCommand(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Exit codes:\n {2}0 {2}every observed evaluation is compliant/);
    expect(stdout).toMatch(/3 {2}collection incomplete/);
    expect(stdout).toMatch(/nothing was observed/);
    for (const action of POSTURE_READ_ACTIONS) expect(stdout).toContain(action);
    for (const option of [
      '--region',
      '--profile',
      '--role-arn',
      '--conformance-pack',
      '--from',
      '--out',
      '--format',
      '--json',
      '--endpoint-url',
      '--timeout-ms',
      '--deadline',
      '--concurrency',
    ]) {
      expect(stdout).toContain(option);
    }
  });
});

describe('hipaa-baseline posture output', () => {
  test('writes the chosen formats plus posture.json to --out (default cdk.out/posture)', async () => {
    const out = tempOut();
    const { code, stdout } = await runPostureCommand([
      '--region',
      'us-east-1',
      '--out',
      out,
      '--format',
      'md,csv',
    ]);
    // No conformance pack, no Security Hub standard, nothing observed: the posture is incomplete.
    expect(code).toBe(POSTURE_EXIT.INCOMPLETE);
    expect(fs.readdirSync(out).sort()).toEqual(['findings.csv', 'posture.json', 'posture.md', 'report.md']);
    expect(stdout).toMatch(
      /^posture: 1 account\(s\) × 1 region\(s\) · 1 observed .* · INCOMPLETE \(2 not observed; not a compliance verdict\) · written to /,
    );
  });

  test('--json prints one JSON object on stdout and keeps messages on stderr', async () => {
    const { stdout, stderr } = await runPostureCommand([
      '--region',
      'us-east-1',
      '--out',
      tempOut(),
      '--json',
    ]);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({
      exitCode: 3,
      partial: true,
      accounts: ['111122223333'],
      regions: ['us-east-1'],
    });
    expect(summary.gaps[0]).toMatchObject({ code: 'no-conformance-pack' });
    expect(stderr).toMatch(/posture: no conformance pack deployed in 111122223333\/us-east-1/);
  });

  test('draws progress on stderr only when asked (a terminal), silent otherwise', async () => {
    const quiet = await runPostureCommand(['--region', 'us-east-1', '--out', tempOut(), '--json'], {
      progress: false,
    });
    expect(quiet.stderr).not.toContain('\r');
    const loud = await runPostureCommand(['--region', 'us-east-1', '--out', tempOut(), '--json'], {
      progress: true,
    });
    // Each redraw returns the cursor and clears the line (ESC [ K).
    expect(loud.stderr).toContain('\r\u001b[Kposture: ');
    expect(loud.stderr).toMatch(
      /posture: \d+\/1 account-regions · 0 Config results · 0 findings · \d+ requests/,
    );
  });
});
