import { Aws, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import {
  BackupAccountVault,
  ORGANIZATION_BACKUP_VAULT_NAME,
} from '../../../constructs/backup/backup-account-vault';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { evaluateResourcePolicy, type ResourceStatement } from '../../helpers/iam-evaluator';

const ORG = 'o-abcdef1234';

describe('BackupAccountVault at defaults', () => {
  const stack = newTestStack();
  const vault = new BackupAccountVault(stack, 'AirGapped', { organizationId: ORG });
  const template = Template.fromStack(stack);

  test('creates a retained logically air-gapped vault with the bounds of ResilientBackup’s own', () => {
    template.hasResource('AWS::Backup::LogicallyAirGappedBackupVault', {
      Properties: {
        BackupVaultName: ORGANIZATION_BACKUP_VAULT_NAME,
        MinRetentionDays: 35,
        MaxRetentionDays: 2558,
        // An AWS-owned key: a customer-managed key of the backup account could be disabled by its admins.
        EncryptionKeyArn: Match.absent(),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.resourceCountIs('AWS::Backup::BackupVault', 0);
  });

  test('only principals of the organization may copy in, and nothing else is granted', () => {
    const [resource] = Object.values(template.findResources('AWS::Backup::LogicallyAirGappedBackupVault'));
    const statements = resource?.Properties.AccessPolicy.Statement as ResourceStatement[];
    expect(statements).toHaveLength(1);
    const request = (action: string, orgId: string) => ({
      principal: 'arn:aws:iam::444455556666:role/backup',
      action,
      resource: '*',
      context: { 'aws:PrincipalOrgID': orgId },
    });
    expect(evaluateResourcePolicy(statements, request('backup:CopyIntoBackupVault', ORG))).toBe('Allow');
    expect(evaluateResourcePolicy(statements, request('backup:CopyIntoBackupVault', 'o-zzzzzzzzzz'))).toBe(
      'ImplicitDeny',
    );
    expect(evaluateResourcePolicy(statements, request('backup:DeleteRecoveryPoint', ORG))).toBe(
      'ImplicitDeny',
    );
  });

  test('names the same ARN members build for any Region', () => {
    expect(BackupAccountVault.vaultArn('aws', 'us-west-2', '444455556666')).toBe(
      'arn:aws:backup:us-west-2:444455556666:backup-vault:hipaa-organization-air-gapped',
    );
    expect(
      Stack.of(vault).resolve(BackupAccountVault.vaultArn(Aws.PARTITION, Aws.REGION, '444455556666')),
    ).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':backup:',
          { Ref: 'AWS::Region' },
          ':444455556666:backup-vault:hipaa-organization-air-gapped',
        ],
      ],
    });
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('BackupAccountVault validation', () => {
  const make = (props: Partial<ConstructorParameters<typeof BackupAccountVault>[2]>) => () =>
    new BackupAccountVault(newTestStack(), 'AirGapped', { organizationId: ORG, ...props });

  test('accepts custom bounds that admit the members’ retentions', () => {
    const stack = newTestStack();
    new BackupAccountVault(stack, 'AirGapped', {
      organizationId: ORG,
      minRetentionDays: 35,
      maxRetentionDays: 3650,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::LogicallyAirGappedBackupVault', {
      MaxRetentionDays: 3650,
    });
  });

  test('fails if the organization id is malformed or a token', () => {
    expect(make({ organizationId: 'org-1' })).toThrow(
      /TestStack\/AirGapped: 'organizationId' must be an organization id .*\(164\.312\(a\)\(1\)\), got "org-1"/,
    );
    expect(make({ organizationId: Token.asString({ Ref: 'Org' }) })).toThrow(
      /'organizationId'.*unresolved token/,
    );
  });

  test('fails if the bounds would refuse the daily or yearly copies', () => {
    expect(make({ minRetentionDays: 7 })).toThrow(
      /'minRetentionDays' must be an integer from 35 to 36500 \(164\.308\(a\)\(7\)\(ii\)\(A\)\), got 7/,
    );
    expect(make({ maxRetentionDays: 365 })).toThrow(
      /'maxRetentionDays' must be an integer from 2192 to 36500 \(164\.316\(b\)\(2\)\(i\)\), got 365/,
    );
    expect(make({ minRetentionDays: 3000, maxRetentionDays: 2500 })).toThrow(
      /'minRetentionDays' must be at most maxRetentionDays \(2500\).*got 3000/,
    );
  });

  test('fails if the vault name is not a literal vault name', () => {
    expect(make({ backupVaultName: 'no spaces allowed' })).toThrow(
      /'backupVaultName' must be a literal vault name/,
    );
  });
});

describe('BackupAccountVault compliance fixture', () => {
  test('the findings helper fails for an unlocked, deletable vault added beside it', () => {
    const stack = newTestStack();
    new BackupAccountVault(stack, 'AirGapped', { organizationId: ORG });
    new backup.CfnBackupVault(stack, 'Plain', { backupVaultName: 'plain' });
    const paths = collectUnacknowledgedFindings(stack).map((f) => f.constructPath);
    expect(paths.join('\n')).toMatch(/Plain/);
    expect(paths.join('\n')).not.toMatch(/AirGapped/);
  });
});
