import {
  DescribeConformancePackComplianceCommand,
  DescribeConformancePacksCommand,
  GetConformancePackComplianceDetailsCommand,
  NoSuchConformancePackException,
} from '@aws-sdk/client-config-service';
import {
  AccessDeniedException,
  GetEnabledStandardsCommand,
  GetFindingsCommand,
  InvalidAccessException,
} from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { POSTURE_READ_ACTIONS } from '../../../lib/posture/permissions';
import {
  ACCOUNT,
  collect,
  configMock,
  healthyAccount,
  hubMock,
  resetMocks,
  result,
  SUFFIX,
  stsMock,
} from './support/mocked-account';

beforeEach(resetMocks);

describe('collectPosture partial collection', () => {
  const named = (name: string, message: string, status = 400) =>
    Object.assign(new Error(message), {
      name,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status },
    });

  test.each([
    [
      'missing credentials',
      'sts',
      named('CredentialsProviderError', 'Could not load credentials from any providers'),
      'missing-credentials',
      /no AWS credentials found: pass --profile/,
    ],
    [
      'an expired token',
      'sts',
      named('ExpiredTokenException', 'The security token included in the request is expired'),
      'expired-credentials',
      /session token has expired/,
    ],
  ])('stops with one clear gap on %s', async (_label, _source, error, code, message) => {
    stsMock.on(GetCallerIdentityCommand).rejects(error);
    const { store, accounts } = await collect();
    expect(accounts).toEqual([]);
    expect(store.gaps).toEqual([
      expect.objectContaining({ source: 'sts', code, message: expect.stringMatching(message) }),
    ]);
    expect(configMock.calls()).toHaveLength(0);
  });

  test('names the missing permission on AccessDenied and keeps what was collected', async () => {
    healthyAccount();
    hubMock
      .on(GetFindingsCommand)
      .rejects(new AccessDeniedException({ message: 'not authorized', $metadata: {} }));
    const { store } = await collect();
    expect(store.gaps).toEqual([
      expect.objectContaining({
        source: 'securityhub',
        operation: 'GetFindings',
        code: 'access-denied',
        permission: 'securityhub:GetFindings',
        message: `access denied in ${ACCOUNT}/us-east-1: GetFindings needs securityhub:GetFindings; grant it (see POSTURE_READ_ACTIONS)`,
      }),
    ]);
    expect(store.observations.filter((o) => o.pack === 'AWSConfig')).toHaveLength(3);
    expect(POSTURE_READ_ACTIONS).toContain('securityhub:GetFindings');
  });

  test('reports Security Hub not enabled once and does not ask for findings', async () => {
    healthyAccount();
    hubMock.on(GetEnabledStandardsCommand).rejects(
      new InvalidAccessException({
        message: `Account ${ACCOUNT} is not subscribed to AWS Security Hub`,
        $metadata: {},
      }),
    );
    const { store } = await collect();
    expect(store.gaps.map((g) => [g.code, g.message])).toEqual([
      [
        'securityhub-not-enabled',
        `Security Hub is not enabled in ${ACCOUNT}/us-east-1: enable it, or its controls cannot be observed`,
      ],
    ]);
    expect(hubMock.commandCalls(GetFindingsCommand)).toHaveLength(0);
  });

  test('reports an unknown conformance pack and still collects the named packs that exist', async () => {
    healthyAccount();
    configMock
      .on(DescribeConformancePackComplianceCommand, { ConformancePackName: 'missing' })
      .rejects(new NoSuchConformancePackException({ message: 'no such pack', $metadata: {} }));
    const { store } = await collect({ conformancePacks: ['missing', 'hipaa'] });
    expect(store.gaps.map((g) => [g.code, g.message])).toEqual([
      [
        'conformance-pack-not-found',
        `conformance pack missing not found in ${ACCOUNT}/us-east-1: check --conformance-pack, or that AWS Config is enabled there`,
      ],
    ]);
    expect(configMock.commandCalls(DescribeConformancePacksCommand)).toHaveLength(0);
    expect(store.observations.filter((o) => o.pack === 'AWSConfig').length).toBeGreaterThan(0);
  });

  test('reports Config without any conformance pack', async () => {
    healthyAccount();
    configMock.on(DescribeConformancePacksCommand).resolves({ ConformancePackDetails: [] });
    const { store } = await collect();
    expect(store.gaps.map((g) => g.code)).toEqual(['no-conformance-pack']);
  });

  test.each([
    [
      'throttling that outlasted retries',
      named('ThrottlingException', 'Rate exceeded'),
      'throttled',
      /still throttled after retries/,
    ],
    [
      'a timeout',
      Object.assign(named('TimeoutError', 'socket hang up'), { code: 'ETIMEDOUT' }),
      'timeout',
      /timed out after retries/,
    ],
    [
      'a 5xx',
      named('InternalFailure', 'We encountered an internal error', 500),
      'service-error',
      /service error after retries/,
    ],
    [
      'a malformed body',
      named('SyntaxError', 'Unexpected token o in JSON at position 1'),
      'malformed-response',
      /could not be read/,
    ],
  ])('keeps earlier pages and records a gap on %s', async (_label, error, code, message) => {
    healthyAccount();
    configMock
      .on(GetConformancePackComplianceDetailsCommand)
      .resolvesOnce({
        ConformancePackName: 'hipaa',
        ConformancePackRuleEvaluationResults: [result(`custom-rule${SUFFIX}`, 'bucket-a', 'AWS::S3::Bucket')],
        NextToken: 'd2',
      })
      .rejects(error);
    const { store } = await collect();
    expect(store.gaps).toEqual([
      expect.objectContaining({
        operation: 'GetConformancePackComplianceDetails',
        code,
        message: expect.stringMatching(message),
      }),
    ]);
    expect(store.observations.filter((o) => o.pack === 'AWSConfig')).toHaveLength(1);
  });
});
