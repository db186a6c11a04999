import { ConfigError, parseBaselineConfig } from '../../lib/config';

describe('parseBaselineConfig', () => {
  test('fills secure defaults', () => {
    expect(parseBaselineConfig({ environmentName: 'prod' })).toEqual({
      environmentName: 'prod',
      env: {},
      logRetentionDays: 2192,
      keyRotationDays: 365,
      network: { cidr: '10.40.0.0/16', maxAzs: 2, internetEgress: false },
      alerts: { critical: [], high: [], medium: [] },
      database: { name: 'patientrecords', readers: 1 },
    });
  });

  test('treats null account and region (as in cdk.json) as environment-agnostic', () => {
    expect(parseBaselineConfig({ environmentName: 'ref', env: { account: null, region: null } }).env).toEqual(
      {},
    );
  });

  test('accepts a JSON string from `-c`', () => {
    expect(parseBaselineConfig('{"environmentName":"dev","keyRotationDays":180}').keyRotationDays).toBe(180);
  });

  test('lists every bad key with the value received and what is allowed', () => {
    const attempt = () =>
      parseBaselineConfig({
        environmentName: 'Prod',
        logRetentionDays: 365,
        keyRotationDays: 400,
        network: { cidr: '8.8.8.0/24' },
        env: { account: '123', region: 'us-east-1', availabilityZones: ['us-west-2a', 'us-east-1b'] },
        alerts: { critical: ['not-an-email'] },
        extra: true,
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/hipaaBaseline\.environmentName must be .* \(got "Prod"\)/);
    expect(attempt).toThrow(
      /hipaaBaseline\.logRetentionDays must be one of 2192, .* \(164\.316\(b\)\(2\)\(i\)\) \(got 365\)/,
    );
    expect(attempt).toThrow(/hipaaBaseline\.keyRotationDays must be at most 365 days.* \(got 400\)/);
    expect(attempt).toThrow(
      /hipaaBaseline\.network\.cidr must be a private IPv4 CIDR .* \(got "8\.8\.8\.0\/24"\)/,
    );
    expect(attempt).toThrow(/hipaaBaseline\.env\.account must be a 12-digit AWS account id \(got "123"\)/);
    expect(attempt).toThrow(
      /hipaaBaseline\.env\.availabilityZones\.0 must be in region us-east-1 \(got "us-west-2a"\)/,
    );
    expect(attempt).toThrow(
      /hipaaBaseline\.alerts\.critical\.0 must be an email address \(got "not-an-email"\)/,
    );
    expect(attempt).toThrow(/Unrecognized key: "extra"/);
  });

  test('rejects a missing key and malformed JSON', () => {
    expect(() => parseBaselineConfig(undefined)).toThrow(/'hipaaBaseline' key is missing/);
    expect(() => parseBaselineConfig('{oops')).toThrow(/not valid JSON/);
  });
});
