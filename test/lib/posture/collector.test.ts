import { GetConformancePackComplianceDetailsCommand } from '@aws-sdk/client-config-service';
import { GetFindingsCommand } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CONFIG_RULE_CITATIONS } from '../../../lib/posture/config-rule-citations';
import {
  ACCOUNT,
  collect,
  configMock,
  healthyAccount,
  hubMock,
  resetMocks,
  SUFFIX,
  stsMock,
} from './support/mocked-account';

beforeEach(resetMocks);

describe('collectPosture aggregation', () => {
  test('streams Config pages into rule × resource observations with canonical rule names and citations', async () => {
    healthyAccount();
    const { store, accounts } = await collect();
    expect(accounts).toEqual([ACCOUNT]);
    const config = store.observations.filter((o) => o.pack === 'AWSConfig');
    expect(config.map((o) => [o.ruleId, o.baseRuleId, o.resourceId, o.status])).toEqual([
      [`s3-bucket-logging-enabled${SUFFIX}`, 's3-bucket-logging-enabled', 'bucket-a', 'non-compliant'],
      [`s3-bucket-logging-enabled${SUFFIX}`, 's3-bucket-logging-enabled', 'bucket-b', 'compliant'],
      [`custom-rule${SUFFIX}`, 'custom-rule', 'bucket-a', 'compliant'],
    ]);
    expect(store.rules.get('s3-bucket-logging-enabled')?.citations).toEqual(
      CONFIG_RULE_CITATIONS['s3-bucket-logging-enabled'],
    );
    expect(CONFIG_RULE_CITATIONS['s3-bucket-logging-enabled']).toContain('164.308(a)(3)(ii)(A)');
    expect(store.rules.get('s3-bucket-logging-enabled')?.ruleLevelNonCompliant).toBe(1);
    expect(store.rules.get('custom-rule')?.citations).toEqual([]);
    expect(
      configMock.commandCalls(GetConformancePackComplianceDetailsCommand)[1].args[0].input.NextToken,
    ).toBe('d2');
    expect(store.targetSummaries()).toEqual([
      {
        account: ACCOUNT,
        region: 'us-east-1',
        conformancePacks: ['hipaa'],
        configRules: 2,
        configResults: 3,
        securityHubStandards: ['arn:nist'],
        securityHubFindings: 2,
      },
    ]);
  });

  test('derives control status from failed findings, deduplicated per control and resource', async () => {
    healthyAccount();
    const { store } = await collect();
    const hub = store.observations.filter((o) => o.pack === 'SecurityHub');
    expect(hub.map((o) => [o.ruleId, o.resourceId, o.status, o.level])).toEqual([
      ['S3.5', 'arn:aws:s3:::bucket-a', 'non-compliant', 'error'],
      ['S3.9', 'arn:aws:s3:::bucket-a', 'non-compliant', 'warning'],
    ]);
    // S3.5 names its Config rule in the finding; S3.9 comes from the checked table.
    expect(store.rules.get('S3.5')?.citations).toEqual(CONFIG_RULE_CITATIONS['s3-bucket-ssl-requests-only']);
    expect(store.rules.get('S3.5')?.info).toMatch(/AWS Config rule s3-bucket-ssl-requests-only/);
    expect(store.rules.get('S3.9')?.citations).toEqual(CONFIG_RULE_CITATIONS['s3-bucket-logging-enabled']);
    expect(store.skipped).toBe(2);
  });

  test('asks Security Hub only for active, failed, unresolved findings, page by page', async () => {
    healthyAccount();
    await collect();
    const calls = hubMock.commandCalls(GetFindingsCommand);
    expect(calls).toHaveLength(2);
    // The SDK paginator reuses the input object, so only the filters and page size are checked here.
    expect(calls[0].args[0].input).toMatchObject({
      Filters: {
        RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
        ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }],
        WorkflowStatus: [
          { Value: 'NEW', Comparison: 'EQUALS' },
          { Value: 'NOTIFIED', Comparison: 'EQUALS' },
        ],
      },
      MaxResults: 100,
    });
    expect(calls[1].args[0].input.NextToken).toBe('f2');
  });

  test('assumes each --role-arn with STS and labels observations with its account', async () => {
    healthyAccount();
    stsMock.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date() },
    });
    const roles = ['arn:aws:iam::222233334444:role/Auditor', 'arn:aws:iam::555566667777:role/Auditor'];
    const { accounts, store } = await collect({ roleArns: roles, regions: ['us-east-1', 'eu-west-1'] });
    expect(accounts).toEqual(['222233334444', '555566667777']);
    expect(stsMock.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
    expect(stsMock.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual(
      roles.map((RoleArn) => ({ RoleArn, RoleSessionName: 'hipaa-baseline-posture', DurationSeconds: 3600 })),
    );
    expect(store.targetSummaries().map((t) => `${t.account}/${t.region}`)).toEqual([
      '222233334444/us-east-1',
      '222233334444/eu-west-1',
      '555566667777/us-east-1',
      '555566667777/eu-west-1',
    ]);
    expect(store.gaps).toEqual([]);
  });
});
