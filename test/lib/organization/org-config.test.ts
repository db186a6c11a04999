import { ConfigError } from '../../../lib/config';
import { parseOrganizationConfig } from '../../../lib/organization/org-config';

const valid = {
  homeRegion: 'us-east-1',
  regions: ['us-east-1', 'us-west-2'],
  delegatedAdminAccountId: '111122223333',
  memberOrganizationalUnitIds: ['ou-ab12-cdef3456', 'r-ab12'],
};

describe('parseOrganizationConfig', () => {
  test('applies member-baseline defaults to a valid configuration', () => {
    expect(parseOrganizationConfig(valid)).toEqual({
      ...valid,
      memberBaseline: { backups: true, failureTolerancePercentage: 10, maxConcurrentPercentage: 25 },
    });
  });

  test('accepts a JSON string from -c', () => {
    expect(parseOrganizationConfig(JSON.stringify(valid)).homeRegion).toBe('us-east-1');
  });

  test('rejects regions that omit the home region', () => {
    expect(() => parseOrganizationConfig({ ...valid, regions: ['eu-west-1'] })).toThrow(
      /hipaaBaseline\.organization\.regions must include homeRegion us-east-1 \(got \["eu-west-1"\]\)/,
    );
  });

  test('rejects an empty region list', () => {
    expect(() => parseOrganizationConfig({ ...valid, regions: [] })).toThrow(
      /hipaaBaseline\.organization\.regions must list at least one region \(got \[\]\)/,
    );
  });

  test('rejects a delegated admin account id that is not 12 digits', () => {
    expect(() => parseOrganizationConfig({ ...valid, delegatedAdminAccountId: '1234' })).toThrow(
      /hipaaBaseline\.organization\.delegatedAdminAccountId must be a 12-digit AWS account id \(got "1234"\)/,
    );
  });

  test('rejects an organizational unit id that is not ou-… or r-…', () => {
    expect(() =>
      parseOrganizationConfig({ ...valid, memberOrganizationalUnitIds: ['111122223333'] }),
    ).toThrow(
      /hipaaBaseline\.organization\.memberOrganizationalUnitIds\.0 must be an organizational unit id .*\(got "111122223333"\)/,
    );
  });

  test('rejects a PHI organizational unit that does not get the member baseline', () => {
    expect(() =>
      parseOrganizationConfig({ ...valid, phiOrganizationalUnitIds: ['ou-zz99-zzzzzzzz'] }),
    ).toThrow(
      /hipaaBaseline\.organization\.phiOrganizationalUnitIds\.0 must also be listed in memberOrganizationalUnitIds.*\(got "ou-zz99-zzzzzzzz"\)/,
    );
  });

  test('rejects unknown keys and lists every problem in one ConfigError', () => {
    let error: unknown;
    try {
      parseOrganizationConfig({ ...valid, homeRegion: 'mars', accounts: 3 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /homeRegion must be an AWS region such as us-east-1 \(got "mars"\)/,
    );
    expect((error as Error).message).toMatch(/accounts/);
  });

  test('rejects a missing organization key', () => {
    expect(() => parseOrganizationConfig(undefined)).toThrow(/'hipaaBaseline\.organization' key is missing/);
  });
});
