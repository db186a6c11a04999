import {
  PROPOSED_REQUIREMENTS,
  PROPOSED_RULE_NOTICE,
} from '../../../../lib/compliance/catalog/proposed-rule';
import { buildAssetInventory } from '../../../../lib/compliance/inventory/build-inventory';
import type { ReadinessStatus } from '../../../../lib/compliance/inventory/inventory-model';
import { type ReadinessInput, scoreProposedRule } from '../../../../lib/compliance/inventory/readiness';
import type { CfnResourceJson, StackTemplate } from '../../../../lib/compliance/template/cfn-template';
import { TemplateSet } from '../../../../lib/compliance/template/template-set';
import { stackTemplate } from '../../../helpers/template-fixtures';
import { type FixtureFlaws, inventoryFixture } from './inventory-fixtures';

const NOW = new Date('2026-06-15T00:00:00Z');

const baseline = (criticalDays: number, highDays: number): CfnResourceJson => ({
  Type: 'AWS::SSM::PatchBaseline',
  Properties: {
    Name: 'b',
    ApprovalRules: {
      PatchRules: [
        {
          ApproveAfterDays: criticalDays,
          PatchFilterGroup: { PatchFilters: [{ Key: 'MSRC_SEVERITY', Values: ['Critical'] }] },
        },
        {
          ApproveAfterDays: highDays,
          PatchFilterGroup: { PatchFilters: [{ Key: 'MSRC_SEVERITY', Values: ['Important'] }] },
        },
      ],
    },
  },
});

/** The readiness fixture: the inventory fixture plus the resources each proposed requirement reads. */
function readinessStack(extra: Record<string, CfnResourceJson>): StackTemplate {
  return stackTemplate('Ready', extra);
}

const GOOD_EXTRA: Record<string, CfnResourceJson> = {
  RestorePlan: { Type: 'AWS::Backup::RestoreTestingPlan', Properties: { RestoreTestingPlanName: 'r' } },
  RestoreS3: { Type: 'AWS::Backup::RestoreTestingSelection', Properties: { ProtectedResourceType: 'S3' } },
  RestoreAurora: {
    Type: 'AWS::Backup::RestoreTestingSelection',
    Properties: { ProtectedResourceType: 'Aurora' },
  },
  AirGapped: { Type: 'AWS::Backup::LogicallyAirGappedBackupVault', Properties: { BackupVaultName: 'ag' } },
  CopyingPlan: {
    Type: 'AWS::Backup::BackupPlan',
    Properties: {
      BackupPlan: {
        BackupPlanName: 'copy',
        BackupPlanRule: [
          {
            RuleName: 'Daily',
            TargetBackupVault: 'v',
            CopyActions: [{ DestinationBackupVaultArn: { 'Fn::GetAtt': ['AirGapped', 'BackupVaultArn'] } }],
          },
        ],
      },
    },
  },
  Baseline: baseline(7, 30),
  Registry: { Type: 'AWS::ECR::RegistryScanningConfiguration', Properties: { ScanType: 'ENHANCED' } },
  Pool: { Type: 'AWS::Cognito::UserPool', Properties: { MfaConfiguration: 'ON' } },
};

function score(
  flaws: FixtureFlaws,
  extra: Record<string, CfnResourceJson>,
  input: Partial<ReadinessInput> = {},
) {
  const set = new TemplateSet([...inventoryFixture(flaws), readinessStack(extra)]);
  const inventory = buildAssetInventory(set, new Map());
  const result = scoreProposedRule({
    set,
    inventory,
    rules: [],
    attestations: [],
    orgWideControls: [],
    now: NOW,
    ...input,
  });
  const byId = new Map(result.requirements.map((r) => [r.id, r]));
  return {
    result,
    status: (id: string) => byId.get(id)?.status as ReadinessStatus,
    reason: (id: string) => byId.get(id)?.reason ?? '',
  };
}

const attestation = (statement: string, date: string) => ({
  citation: '164.308(a)(8)',
  statement,
  owner: 'ciso',
  evidence: 'audit/2026.pdf',
  date,
  source: 'compliance/attestations.yaml:1',
});

describe('proposed-rule readiness', () => {
  test('is marked as a proposal and scores every requirement of the catalog, each with an NPRM section', () => {
    const { result } = score({}, GOOD_EXTRA);
    expect(result.notice).toBe(PROPOSED_RULE_NOTICE);
    expect(result.source).toMatch(/90 FR 898/);
    expect(result.requirements.map((r) => r.id)).toEqual(PROPOSED_REQUIREMENTS.map((r) => r.id));
    for (const r of result.requirements) expect(r.nprmSection).toMatch(/^proposed 164\.3(08|12)\(/);
  });

  test('the known-good fixture is ready for every infrastructure requirement', () => {
    const { status, reason } = score({}, GOOD_EXTRA, {
      attestations: [
        attestation('Annual compliance audit of the Security Rule', '2026-03-01'),
        attestation('External penetration test of the PHI workloads', '2026-04-01'),
      ],
    });
    for (const id of [
      'asset-inventory-and-network-map',
      'restore-within-72-hours',
      'backup-separation',
      'patch-deadlines',
      'vulnerability-scan-cadence',
      'mfa-everywhere',
      'encryption-at-rest',
      'network-segmentation',
      'annual-compliance-audit',
      'penetration-test',
    ]) {
      expect([id, status(id), reason(id)]).toEqual([id, 'ready', expect.any(String)]);
    }
  });

  test('the known-bad fixture is not ready, each with the reason', () => {
    const { status, reason } = score(
      { noOwner: true, noKey: true, publicDataSubnets: true, noSeparateCopy: true },
      {
        Baseline: baseline(21, 45),
        Pool: { Type: 'AWS::Cognito::UserPool', Properties: { MfaConfiguration: 'OPTIONAL' } },
      },
      { attestations: [attestation('External penetration test', '2025-01-10')] },
    );
    expect(status('asset-inventory-and-network-map')).toBe('partial');
    expect(reason('asset-inventory-and-network-map')).toMatch(/1 PHI assets have no Owner tag/);
    expect(status('restore-within-72-hours')).toBe('not-ready');
    expect(status('backup-separation')).toBe('not-ready');
    expect(status('patch-deadlines')).toBe('not-ready');
    expect(reason('patch-deadlines')).toMatch(/approves critical after 21 days.*approves high after 45 days/);
    expect(status('vulnerability-scan-cadence')).toBe('not-ready');
    expect(status('mfa-everywhere')).toBe('not-ready');
    expect(status('encryption-at-rest')).toBe('partial');
    expect(status('network-segmentation')).toBe('not-ready');
    expect(reason('network-segmentation')).toMatch(/public subnets: Inv\/Db\/Resource/);
    expect(status('annual-compliance-audit')).toBe('partial');
    // Older than 12 months on the report date.
    expect(status('penetration-test')).toBe('not-ready');
  });

  test('copies only to vaults of the app are partial separation; a store without encryption is not ready', () => {
    const { status } = score(
      {},
      {
        Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'same' } },
        CopyPlan: {
          Type: 'AWS::Backup::BackupPlan',
          Properties: {
            BackupPlan: {
              BackupPlanName: 'c',
              BackupPlanRule: [
                {
                  RuleName: 'r',
                  TargetBackupVault: 'v',
                  CopyActions: [{ DestinationBackupVaultArn: { 'Fn::GetAtt': ['Vault', 'BackupVaultArn'] } }],
                },
              ],
            },
          },
        },
        Clear: { Type: 'AWS::SNS::Topic', Properties: {} },
      },
    );
    expect(status('backup-separation')).toBe('partial');
    expect(status('encryption-at-rest')).toBe('not-ready');
  });
});
