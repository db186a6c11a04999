import { App, Aws, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BackupCopyVault } from '../../../constructs/backup/backup-copy-vault';
import { ResilientBackup, type ResilientBackupProps } from '../../../constructs/backup/resilient-backup';
import { EXCEPTION_METADATA_KEY, RELAXATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const COPY_ARN = 'arn:aws:backup:us-west-2:111122223333:backup-vault:phi-copy';
const BACKUP_ACCOUNT_VAULT = 'arn:aws:backup:us-east-1:999988887777:backup-vault:org-air-gapped';
const REASON = 'Single-Region pilot holding synthetic records only, until the DR Region is approved.';

const build = (props: ResilientBackupProps) => {
  const stack = newTestStack();
  const backups = new ResilientBackup(stack, 'Backups', props);
  return { stack, backups, template: Template.fromStack(stack) };
};
const copyDestinations = (template: Template): unknown[][] =>
  Object.values(template.findResources('AWS::Backup::BackupPlan')).flatMap((plan) =>
    plan.Properties.BackupPlan.BackupPlanRule.map(
      (rule: { CopyActions?: { DestinationBackupVaultArn: unknown }[] }) =>
        (rule.CopyActions ?? []).map((c) => c.DestinationBackupVaultArn),
    ),
  );
const relaxations = (backups: ResilientBackup) =>
  backups.node.metadata.filter((m) => m.type === RELAXATION_METADATA_KEY).map((m) => m.data);
const acknowledged = (backups: ResilientBackup) =>
  backups.plan.node.defaultChild?.node.metadata
    .filter((m) => m.type === EXCEPTION_METADATA_KEY)
    .map((m) => (m.data as { id: string }).id);

describe('ResilientBackup offsite copies at their defaults (copyTo given)', () => {
  const { backups, template } = build({ copyTo: { destinationVaultArn: COPY_ARN } });

  test('creates a logically air-gapped vault admitting every rule retention, retained, AWS-owned key', () => {
    template.resourceCountIs('AWS::Backup::LogicallyAirGappedBackupVault', 1);
    template.hasResource('AWS::Backup::LogicallyAirGappedBackupVault', {
      Properties: {
        BackupVaultName: Match.stringLikeRegexp('^TestStackBackupsAirGappedVault'),
        MinRetentionDays: 35,
        MaxRetentionDays: 2558,
        // A customer-managed key of this account could be deleted by the attacker the air gap is for.
        EncryptionKeyArn: Match.absent(),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(backups.airGappedVault).toBeDefined();
  });

  test('every rule copies to the other Region and to the air-gapped vault, kept as long as the source', () => {
    const toAirGapped = { 'Fn::GetAtt': [expect.stringMatching(/^BackupsAirGappedVault/), 'BackupVaultArn'] };
    expect(copyDestinations(template)).toEqual([
      [COPY_ARN, toAirGapped],
      [COPY_ARN, toAirGapped],
      [COPY_ARN, toAirGapped],
    ]);
    expect(backups.copyDestinations).toHaveLength(2);
  });

  test('no deployment-time Region rule when the stack Region is known, and no relaxation', () => {
    expect(Object.keys(template.toJSON().Rules ?? {})).toEqual(['CheckBootstrapVersion']);
    expect(relaxations(backups)).toEqual([]);
  });

  test('the copy and air-gap template rules pass without acknowledgment', () => {
    expect(acknowledged(backups) ?? []).toEqual([]);
    expectNoUnacknowledgedFindings(backups);
  });
});

describe('ResilientBackup requires a cross-Region copy or a stated reason', () => {
  test('fails without copyTo and without withoutCrossRegionCopy', () => {
    expect(() => build({})).toThrow(
      /TestStack\/Backups: 'copyTo' must be a vault in another Region \({ destinationVaultArn }\) .*or withoutCrossRegionCopy: { reason } .*\(164\.308\(a\)\(7\)\(ii\)\(B\)\), got undefined/,
    );
  });

  test("fails for a copy vault in the stack's own Region", () => {
    expect(() =>
      build({ copyTo: { destinationVaultArn: COPY_ARN.replace('us-west-2', 'us-east-1') } }),
    ).toThrow(
      /'copyTo\.destinationVaultArn' must be a vault in another Region than the stack's \(us-east-1\).*\(164\.308\(a\)\(7\)\(ii\)\(B\)\)/,
    );
  });

  test('fails for a copy ARN whose Region is a token', () => {
    const arn = `arn:aws:backup:${Aws.REGION}:111122223333:backup-vault:phi-copy`;
    expect(() => build({ copyTo: { destinationVaultArn: arn } })).toThrow(
      /'copyTo\.destinationVaultArn' must be a backup vault ARN with a literal Region and vault name/,
    );
  });

  test('withoutCrossRegionCopy records the relaxation and acknowledges BackupCopyOffsite with its reason', () => {
    const { backups, template } = build({ withoutCrossRegionCopy: { reason: REASON } });
    expect(relaxations(backups)).toEqual([
      { citation: '164.308(a)(7)(ii)(B)', setting: 'withoutCrossRegionCopy', reason: REASON },
    ]);
    expect(acknowledged(backups)).toEqual(['TemplateEvidence::TemplateEvidence-BackupCopyOffsite']);
    // The air-gapped copy stays.
    expect(copyDestinations(template).map((d) => d.length)).toEqual([1, 1, 1]);
    expectNoUnacknowledgedFindings(backups);
  });

  test('withoutCrossRegionCopy needs a specific reason and excludes copyTo', () => {
    expect(() => build({ withoutCrossRegionCopy: { reason: 'n/a' } })).toThrow(
      /'withoutCrossRegionCopy\.reason' must be a specific reason of at least 20 characters/,
    );
    expect(() =>
      build({ withoutCrossRegionCopy: { reason: REASON }, copyTo: { destinationVaultArn: COPY_ARN } }),
    ).toThrow(/'withoutCrossRegionCopy' must be absent when copyTo is set/);
  });

  test('the template rule does fail for a plan without the cross-Region copy when nothing acknowledges it', () => {
    const { stack, backups } = build({ copyTo: { destinationVaultArn: COPY_ARN } });
    const plan = backups.plan.node.defaultChild as import('aws-cdk-lib').CfnResource;
    for (const i of [0, 1, 2])
      plan.addPropertyOverride(`BackupPlan.BackupPlanRule.${i}.CopyActions`, [
        { DestinationBackupVaultArn: { 'Fn::GetAtt': ['BackupsVaultD5ACEB0F', 'BackupVaultArn'] } },
      ]);
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining(['TemplateEvidence-BackupCopyOffsite', 'TemplateEvidence-BackupAirGappedVault']),
    );
  });
});

describe('ResilientBackup in an environment-agnostic stack', () => {
  const stack = new Stack(new App(), 'Agnostic');
  new ResilientBackup(stack, 'Backups', {
    copyTo: {
      destinationVaultArn: `arn:${Aws.PARTITION}:backup:us-west-2:${Aws.ACCOUNT_ID}:backup-vault:phi-copy`,
    },
  });
  const template = Template.fromStack(stack);

  test('accepts partition and account tokens, and fails the deployment in the copy Region', () => {
    const { CheckBootstrapVersion: _bootstrap, ...rules } = template.toJSON().Rules;
    expect(Object.values(rules)).toEqual([
      {
        Assertions: [
          {
            Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-west-2'] }] },
            AssertDescription: expect.stringMatching(
              /Agnostic\/Backups: .*deploy this stack to another Region/,
            ),
          },
        ],
      },
    ]);
  });
});

describe('ResilientBackup air-gapped copy options', () => {
  test('airGappedCopy copies to the backup account vault and creates none here', () => {
    const { backups, template } = build({
      copyTo: { destinationVaultArn: COPY_ARN },
      airGappedCopy: { destinationVaultArn: BACKUP_ACCOUNT_VAULT },
    });
    template.resourceCountIs('AWS::Backup::LogicallyAirGappedBackupVault', 0);
    expect(copyDestinations(template)[0]).toEqual([COPY_ARN, BACKUP_ACCOUNT_VAULT]);
    expect(backups.airGappedVault).toBeUndefined();
    // Its type is not in this assembly: the template rule is acknowledged, naming the vault.
    expect(acknowledged(backups)).toEqual(['TemplateEvidence::TemplateEvidence-BackupAirGappedVault']);
    expectNoUnacknowledgedFindings(backups);
  });

  test("airGappedCopy may name the deploying Region as a token (a StackSet's per-Region backup-account vault)", () => {
    const regional = `arn:${Aws.PARTITION}:backup:${Aws.REGION}:999988887777:backup-vault:org-air-gapped`;
    const { template } = build({
      copyTo: { destinationVaultArn: COPY_ARN },
      airGappedCopy: { destinationVaultArn: regional },
    });
    expect(JSON.stringify(copyDestinations(template)[0])).toContain('"Ref":"AWS::Region"');
    expect(() =>
      build({
        copyTo: { destinationVaultArn: COPY_ARN },
        airGappedCopy: { destinationVaultArn: `arn:aws:backup:${Aws.REGION}:999988887777:vault/x` },
      }),
    ).toThrow(/'airGappedCopy\.destinationVaultArn' must be the ARN of a logically air-gapped vault/);
  });

  test('withoutAirGappedCopy creates no vault and records the relaxation', () => {
    const { backups, template } = build({
      copyTo: { destinationVaultArn: COPY_ARN },
      withoutAirGappedCopy: {
        reason: 'This Region has no logically air-gapped vaults yet (checked 2026-11).',
      },
    });
    template.resourceCountIs('AWS::Backup::LogicallyAirGappedBackupVault', 0);
    expect(copyDestinations(template)[2]).toEqual([COPY_ARN]);
    expect(relaxations(backups)).toEqual([expect.objectContaining({ setting: 'withoutAirGappedCopy' })]);
    expectNoUnacknowledgedFindings(backups);
  });

  test('rejects a malformed air-gapped vault ARN, and both options at once', () => {
    expect(() =>
      build({
        copyTo: { destinationVaultArn: COPY_ARN },
        airGappedCopy: { destinationVaultArn: 'org-vault' },
      }),
    ).toThrow(/'airGappedCopy\.destinationVaultArn' must be the ARN of a logically air-gapped vault/);
    expect(() =>
      build({
        copyTo: { destinationVaultArn: COPY_ARN },
        airGappedCopy: { destinationVaultArn: BACKUP_ACCOUNT_VAULT },
        withoutAirGappedCopy: { reason: REASON },
      }),
    ).toThrow(/'withoutAirGappedCopy' must be absent when airGappedCopy is set/);
  });

  test('longer yearly retention widens the air-gapped vault so the copies are accepted', () => {
    const { template } = build({
      copyTo: { destinationVaultArn: COPY_ARN },
      vaultLock: { maxRetentionDays: 3653 },
      retention: { yearlyDays: 3653 },
    });
    template.hasResourceProperties('AWS::Backup::LogicallyAirGappedBackupVault', {
      MinRetentionDays: 35,
      MaxRetentionDays: 3653,
    });
  });
});

describe('BackupCopyVault', () => {
  const stack = new Stack(new App(), 'Copy', { env: { account: '111122223333', region: 'us-west-2' } });
  const copy = new BackupCopyVault(stack, 'PhiCopy', { backupVaultName: 'phi-copy' });
  const template = Template.fromStack(stack);

  test('a named vault with its own Region key, Vault Lock in compliance mode, retained, deletion denied', () => {
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: {
        BackupVaultName: 'phi-copy',
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PhiCopyKey'), 'Arn'] },
        LockConfiguration: { MinRetentionDays: 35, MaxRetentionDays: 2558, ChangeableForDays: 3 },
        AccessPolicy: Match.objectLike({
          Statement: [
            Match.objectLike({ Effect: 'Deny', Action: Match.arrayWith(['backup:DeleteRecoveryPoint']) }),
          ],
        }),
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/phi/Copy/copy-phi-copy' });
    expect(copy.vaultArn).toBeDefined();
    expectNoUnacknowledgedFindings(copy);
  });

  test('rejects a vault name that is a token or malformed, and a long grace period', () => {
    const s = new Stack(new App(), 'Bad');
    expect(() => new BackupCopyVault(s, 'A', { backupVaultName: Aws.STACK_NAME })).toThrow(
      /'backupVaultName' must be a literal vault name/,
    );
    expect(() => new BackupCopyVault(s, 'B', { backupVaultName: 'x' })).toThrow(/got "x"/);
    expect(
      () => new BackupCopyVault(s, 'C', { backupVaultName: 'ok-name', vaultLock: { changeableForDays: 90 } }),
    ).toThrow(/'vaultLock\.changeableForDays' must be an integer from 3 to 30/);
  });
});
