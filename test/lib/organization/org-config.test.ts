import { ConfigError } from '../../../lib/config';
import { parseOrganizationConfig } from '../../../lib/organization/org-config';

const valid = {
  organizationId: 'o-abcdef1234',
  homeRegion: 'us-east-1',
  regions: ['us-east-1', 'us-west-2'],
  delegatedAdminAccountId: '111122223333',
  memberOrganizationalUnitIds: ['ou-ab12-cdef3456', 'r-ab12'],
  backupAccountId: '444455556666',
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

  test('requires a backup account while member backups are on, or a stated reason', () => {
    const { backupAccountId: _omitted, ...withoutAccount } = valid;
    expect(() => parseOrganizationConfig(withoutAccount)).toThrow(
      /hipaaBaseline\.organization\.backupAccountId is required while memberBaseline\.backups is on: .*withoutBackupAccount: \{ reason \}.*\(164\.308\(a\)\(7\)\(ii\)\(A\), 164\.312\(c\)\(1\)\) \(got undefined\)/,
    );
    const reason = 'A pilot organization of two accounts has no third account to hold the copies yet';
    expect(
      parseOrganizationConfig({ ...withoutAccount, withoutBackupAccount: { reason } }).withoutBackupAccount,
    ).toEqual({
      reason,
    });
    expect(
      parseOrganizationConfig({ ...withoutAccount, memberBaseline: { backups: false } }).backupAccountId,
    ).toBeUndefined();
  });

  test('rejects a backup account that is the management or delegated-admin account, or not 12 digits', () => {
    expect(() =>
      parseOrganizationConfig({
        ...valid,
        managementAccountId: '999988887777',
        backupAccountId: '999988887777',
      }),
    ).toThrow(
      /hipaaBaseline\.organization\.backupAccountId must differ from managementAccountId: keep the last copies out of the accounts that administer the organization \(164\.308\(a\)\(7\)\(ii\)\(A\).*\(got "999988887777"\)/,
    );
    expect(() =>
      parseOrganizationConfig({ ...valid, backupAccountId: valid.delegatedAdminAccountId }),
    ).toThrow(/backupAccountId must differ from delegatedAdminAccountId.*\(got "111122223333"\)/);
    expect(() => parseOrganizationConfig({ ...valid, backupAccountId: 'backup' })).toThrow(
      /backupAccountId must be a 12-digit AWS account id \(got "backup"\)/,
    );
  });

  test('rejects both a backup account and withoutBackupAccount, and a boilerplate reason', () => {
    expect(() => parseOrganizationConfig({ ...valid, withoutBackupAccount: { reason: 'n/a' } })).toThrow(
      /withoutBackupAccount must be absent when backupAccountId is set[\s\S]*withoutBackupAccount\.reason is (boilerplate|shorter than 20 characters): say why member accounts keep their only air-gapped copies themselves.*\(got "n\/a"\)/,
    );
  });

  test('rejects a missing organization key', () => {
    expect(() => parseOrganizationConfig(undefined)).toThrow(/'hipaaBaseline\.organization' key is missing/);
  });
});
