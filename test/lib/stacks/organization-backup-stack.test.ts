import { Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import { OrganizationBackupStack } from '../../../lib/stacks/organization-backup-stack';
import { newTestApp } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const ORG = 'o-abcdef1234';
const env = { account: '444455556666', region: 'us-west-2' };

describe('OrganizationBackupStack', () => {
  const stack = new OrganizationBackupStack(newTestApp(), 'Backup', { env, organizationId: ORG });
  const template = Template.fromStack(stack);

  test('holds only the logically air-gapped vault, under the name members address', () => {
    expect(Object.values(template.toJSON().Resources).map((r) => (r as { Type: string }).Type)).toEqual([
      'AWS::Backup::LogicallyAirGappedBackupVault',
    ]);
    template.hasResourceProperties('AWS::Backup::LogicallyAirGappedBackupVault', {
      BackupVaultName: 'hipaa-organization-air-gapped',
    });
    expect(stack.vault.vaultArn).toBe(stack.vault.vault.attrBackupVaultArn);
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(stack);
  });

  test('the findings helper fails for a vault without lock or key added to it', () => {
    const broken = new OrganizationBackupStack(newTestApp(), 'Backup', { env, organizationId: ORG });
    new backup.CfnBackupVault(broken, 'Plain', { backupVaultName: 'plain' });
    expect(
      collectUnacknowledgedFindings(broken)
        .map((f) => f.constructPath)
        .join('\n'),
    ).toMatch(/Plain/);
  });

  test('fails if the organization id is malformed', () => {
    expect(() => new OrganizationBackupStack(newTestApp(), 'Backup', { env, organizationId: 'org' })).toThrow(
      /Backup\/AirGappedVault: 'organizationId' must be an organization id/,
    );
  });
});
