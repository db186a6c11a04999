import { Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import {
  PATCH_OPERATING_SYSTEMS,
  PatchBaselines,
  type PatchBaselinesProps,
} from '../../../constructs/patching/patch-baselines';
import { PatchSchedule } from '../../../constructs/patching/patch-schedule';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const securityRule = (severity: string, days: number | undefined, level: string) => ({
  ApproveAfterDays: days === undefined ? Match.absent() : days,
  ComplianceLevel: level,
  EnableNonSecurity: false,
  PatchFilterGroup: {
    PatchFilters: [
      { Key: 'CLASSIFICATION', Values: ['Security'] },
      { Key: 'SEVERITY', Values: [severity] },
    ],
  },
});

describe('PatchBaselines at its defaults', () => {
  const stack = newTestStack();
  const baselines = new PatchBaselines(stack, 'Baselines', { patchGroup: 'web' });
  const template = Template.fromStack(stack);

  test('writes one baseline per operating system, registered for the patch group only', () => {
    template.resourceCountIs('AWS::SSM::PatchBaseline', PATCH_OPERATING_SYSTEMS.length);
    for (const os of PATCH_OPERATING_SYSTEMS) {
      template.hasResourceProperties('AWS::SSM::PatchBaseline', {
        OperatingSystem: os,
        PatchGroups: ['web'],
        DefaultBaseline: false,
        ApprovedPatchesComplianceLevel: 'HIGH',
      });
    }
    expect(baselines.operatingSystems).toEqual([...PATCH_OPERATING_SYSTEMS]);
  });

  test('approves critical security patches on release (CRITICAL) and important ones after 7 days (HIGH)', () => {
    for (const os of ['AMAZON_LINUX_2023', 'AMAZON_LINUX_2']) {
      template.hasResourceProperties('AWS::SSM::PatchBaseline', {
        OperatingSystem: os,
        ApprovalRules: {
          PatchRules: [securityRule('Critical', 0, 'CRITICAL'), securityRule('Important', 7, 'HIGH')],
        },
      });
    }
    template.hasResourceProperties('AWS::SSM::PatchBaseline', {
      OperatingSystem: 'REDHAT_ENTERPRISE_LINUX',
      ApprovalRules: {
        PatchRules: [securityRule('Critical', 0, 'CRITICAL'), securityRule('Important', 7, 'HIGH')],
      },
    });
  });

  test('uses the MSRC severity filters on Windows and reports available security updates as non-compliant', () => {
    template.hasResourceProperties('AWS::SSM::PatchBaseline', {
      OperatingSystem: 'WINDOWS',
      AvailableSecurityUpdatesComplianceStatus: 'NON_COMPLIANT',
      ApprovedPatchesEnableNonSecurity: Match.absent(),
      ApprovalRules: {
        PatchRules: [
          {
            ApproveAfterDays: 0,
            ComplianceLevel: 'CRITICAL',
            PatchFilterGroup: {
              PatchFilters: [
                { Key: 'CLASSIFICATION', Values: ['CriticalUpdates', 'SecurityUpdates'] },
                { Key: 'MSRC_SEVERITY', Values: ['Critical'] },
              ],
            },
          },
          {
            ApproveAfterDays: 7,
            ComplianceLevel: 'HIGH',
            PatchFilterGroup: {
              PatchFilters: [
                { Key: 'CLASSIFICATION', Values: ['SecurityUpdates'] },
                { Key: 'MSRC_SEVERITY', Values: ['Important'] },
              ],
            },
          },
        ],
      },
    });
  });

  test('uses PRIORITY and SECTION on Ubuntu, with no approval delay (Patch Manager does not support one there)', () => {
    template.hasResourceProperties('AWS::SSM::PatchBaseline', {
      OperatingSystem: 'UBUNTU',
      ApprovalRules: {
        PatchRules: [
          Match.objectLike({
            ApproveAfterDays: Match.absent(),
            ComplianceLevel: 'CRITICAL',
            PatchFilterGroup: {
              PatchFilters: [
                { Key: 'PRIORITY', Values: ['Required', 'Important'] },
                { Key: 'SECTION', Values: ['*'] },
              ],
            },
          }),
          Match.objectLike({ ApproveAfterDays: Match.absent(), ComplianceLevel: 'HIGH' }),
        ],
      },
    });
  });

  test('never approves non-security updates on Linux', () => {
    for (const os of ['AMAZON_LINUX_2023', 'AMAZON_LINUX_2', 'UBUNTU', 'REDHAT_ENTERPRISE_LINUX']) {
      template.hasResourceProperties('AWS::SSM::PatchBaseline', {
        OperatingSystem: os,
        ApprovedPatchesEnableNonSecurity: false,
        ApprovalRules: {
          PatchRules: [
            Match.objectLike({ EnableNonSecurity: false }),
            Match.objectLike({ EnableNonSecurity: false }),
          ],
        },
      });
    }
  });

  test('exposes each baseline by operating system', () => {
    expect(baselines.baseline('UBUNTU').operatingSystem).toBe('UBUNTU');
  });

  test('alone, nothing installs the approved patches: PatchInstallScheduled flags every baseline', () => {
    expect(collectUnacknowledgedFindings(baselines).map((f) => f.ruleName)).toEqual(
      PATCH_OPERATING_SYSTEMS.map(() => 'TemplateEvidence-PatchInstallScheduled'),
    );
  });

  test('has no unacknowledged findings beside a PatchSchedule that installs for its patch group', () => {
    const scheduled = newTestStack();
    const withSchedule = new PatchBaselines(scheduled, 'Baselines', { patchGroup: 'web' });
    new PatchSchedule(scheduled, 'Schedule', { patchGroup: 'web' });
    expectNoUnacknowledgedFindings(withSchedule);
  });
});

describe('PatchBaselines options', () => {
  test('registers the baselines as the default of each operating system when asked', () => {
    const stack = newTestStack();
    new PatchBaselines(stack, 'Baselines', { patchGroup: 'web', registerAsDefault: true });
    Template.fromStack(stack).allResourcesProperties('AWS::SSM::PatchBaseline', { DefaultBaseline: true });
  });

  test('applies shorter approval delays and writes only the requested operating systems', () => {
    const stack = newTestStack();
    new PatchBaselines(stack, 'Baselines', {
      patchGroup: 'db',
      operatingSystems: ['AMAZON_LINUX_2023'],
      criticalApproveAfterDays: 3,
      importantApproveAfterDays: 0,
      approvedPatchesComplianceLevel: 'CRITICAL',
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SSM::PatchBaseline', 1);
    template.hasResourceProperties('AWS::SSM::PatchBaseline', {
      ApprovedPatchesComplianceLevel: 'CRITICAL',
      ApprovalRules: {
        PatchRules: [securityRule('Critical', 3, 'CRITICAL'), securityRule('Important', 0, 'HIGH')],
      },
    });
  });
});

describe('PatchBaselines rejects insecure or invalid props', () => {
  const build = (props: Partial<PatchBaselinesProps>) => () =>
    new PatchBaselines(newTestStack(), 'Baselines', { patchGroup: 'web', ...props });

  test('rejects a critical approval delay above 3 days', () => {
    expect(build({ criticalApproveAfterDays: 4 })).toThrow(
      /TestStack\/Baselines: 'criticalApproveAfterDays' must be an integer from 0 to 3 \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got 4/,
    );
  });

  test('rejects an important approval delay above 7 days', () => {
    expect(build({ importantApproveAfterDays: 8 })).toThrow(
      /TestStack\/Baselines: 'importantApproveAfterDays' must be an integer from 0 to 7 \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got 8/,
    );
  });

  test('rejects an approval delay that is a token', () => {
    expect(build({ criticalApproveAfterDays: Token.asNumber({ Ref: 'Days' }) })).toThrow(
      /'criticalApproveAfterDays' must be an integer from 0 to 3 .* got an unresolved token/,
    );
  });

  test('rejects a compliance level below HIGH for approved patches', () => {
    expect(build({ approvedPatchesComplianceLevel: 'LOW' as 'HIGH' })).toThrow(
      /TestStack\/Baselines: 'approvedPatchesComplianceLevel' must be one of "CRITICAL", "HIGH" \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got "LOW"/,
    );
  });

  test('rejects a patch group name that cannot be a tag value and baseline name', () => {
    expect(build({ patchGroup: 'web servers' })).toThrow(
      /TestStack\/Baselines: 'patchGroup' must be a literal name of 1 to 64 letters.* \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got "web servers"/,
    );
  });

  test('rejects an empty or repeated operating system list', () => {
    expect(build({ operatingSystems: [] })).toThrow(/'operatingSystems' must be a non-empty list/);
    expect(build({ operatingSystems: ['WINDOWS', 'WINDOWS'] })).toThrow(
      /'operatingSystems' must be a non-empty list without repeats .* got \["WINDOWS","WINDOWS"\]/,
    );
  });

  test('reports every problem at once and creates nothing', () => {
    const stack = newTestStack();
    expect(
      () =>
        new PatchBaselines(stack, 'Baselines', {
          patchGroup: 'web',
          criticalApproveAfterDays: 10,
          importantApproveAfterDays: 30,
        }),
    ).toThrow(/criticalApproveAfterDays[\s\S]*importantApproveAfterDays/);
    expect(stack.node.tryFindChild('Baselines')).toBeUndefined();
  });
});

describe('the rule packs do not check patch baselines', () => {
  test('a raw baseline approving patches after 100 days has no pack finding, so the construct must refuse it', () => {
    const stack = newTestStack();
    const lax = new ssm.CfnPatchBaseline(stack, 'Lax', {
      name: 'lax',
      operatingSystem: 'AMAZON_LINUX_2023',
      approvalRules: {
        patchRules: [
          {
            approveAfterDays: 100,
            patchFilterGroup: { patchFilters: [{ key: 'CLASSIFICATION', values: ['*'] }] },
          },
        ],
      },
    });
    expect(collectUnacknowledgedFindings(lax)).toEqual([]);
  });
});
