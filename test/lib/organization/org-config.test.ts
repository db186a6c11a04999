import { ConfigError } from '../../../lib/config';
import { parseOrganizationConfig } from '../../../lib/organization/org-config';

const valid = {
  organizationId: 'o-abcdef1234',
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

  test('rejects a missing or malformed organization id', () => {
    const { organizationId: _omitted, ...withoutId } = valid;
    expect(() => parseOrganizationConfig(withoutId)).toThrow(
      /hipaaBaseline\.organization\.organizationId .*\(got undefined\)/,
    );
    expect(() => parseOrganizationConfig({ ...valid, organizationId: 'r-ab12' })).toThrow(
      /hipaaBaseline\.organization\.organizationId must be an organization id \(o-xxxxxxxxxx\) \(got "r-ab12"\)/,
    );
  });

  test('rejects a management account that is also the delegated administrator', () => {
    expect(() =>
      parseOrganizationConfig({ ...valid, managementAccountId: valid.delegatedAdminAccountId }),
    ).toThrow(
      /hipaaBaseline\.organization\.delegatedAdminAccountId must differ from managementAccountId.*\(got "111122223333"\)/,
    );
  });

  test('accepts security-admin role ARN patterns and rejects anything else', () => {
    const roles = ['arn:aws:iam::*:role/SecurityAdmin'];
    expect(parseOrganizationConfig({ ...valid, securityAdminRoleArns: roles }).securityAdminRoleArns).toEqual(
      roles,
    );
    expect(() => parseOrganizationConfig({ ...valid, securityAdminRoleArns: ['SecurityAdmin'] })).toThrow(
      /hipaaBaseline\.organization\.securityAdminRoleArns\.0 must be an IAM role ARN pattern.*\(got "SecurityAdmin"\)/,
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
