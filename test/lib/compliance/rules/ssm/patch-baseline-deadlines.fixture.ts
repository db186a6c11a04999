import { PatchBaselineDeadlines } from '../../../../../lib/compliance/rules/ssm/patch-baseline-deadlines';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const rule = (days: number | undefined, level: string, filters: [string, string[]][]) => ({
  ...(days === undefined ? {} : { ApproveAfterDays: days }),
  ComplianceLevel: level,
  PatchFilterGroup: { PatchFilters: filters.map(([Key, Values]) => ({ Key, Values })) },
});

const compliant = [
  stackTemplate('Patching', {
    Linux: {
      Type: 'AWS::SSM::PatchBaseline',
      Properties: {
        OperatingSystem: 'AMAZON_LINUX_2023',
        ApprovalRules: {
          PatchRules: [
            rule(0, 'CRITICAL', [
              ['CLASSIFICATION', ['Security']],
              ['SEVERITY', ['Critical']],
            ]),
            // One rule may cover both tiers.
            rule(7, 'HIGH', [
              ['CLASSIFICATION', ['Security', 'Bugfix']],
              ['SEVERITY', ['Important', 'Critical']],
            ]),
          ],
        },
      },
    },
    Windows: {
      Type: 'AWS::SSM::PatchBaseline',
      Properties: {
        ApprovalRules: {
          PatchRules: [
            rule(3, 'CRITICAL', [
              ['CLASSIFICATION', ['CriticalUpdates', 'SecurityUpdates']],
              ['MSRC_SEVERITY', ['Critical']],
            ]),
            rule(7, 'HIGH', [
              ['CLASSIFICATION', ['SecurityUpdates']],
              ['MSRC_SEVERITY', ['Important']],
            ]),
          ],
        },
      },
    },
    Ubuntu: {
      Type: 'AWS::SSM::PatchBaseline',
      Properties: {
        OperatingSystem: 'UBUNTU',
        ApprovalRules: {
          PatchRules: [
            rule(undefined, 'CRITICAL', [
              ['PRIORITY', ['Required', 'Important']],
              ['SECTION', ['*']],
            ]),
            rule(undefined, 'HIGH', [
              ['PRIORITY', ['Standard', 'Optional', 'Extra']],
              ['SECTION', ['*']],
            ]),
          ],
        },
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: PatchBaselineDeadlines,
  compliant,
  bad: [
    {
      name: 'critical patches approved after 14 days',
      templates: mutate(compliant, (r) =>
        setProperty(r.Windows, 'ApprovalRules.PatchRules.0.ApproveAfterDays', 14),
      ),
      path: 'ApprovalRules.PatchRules',
    },
    {
      name: 'important patches no longer approved (the rule narrowed to Critical)',
      templates: mutate(compliant, (r) =>
        setProperty(r.Linux, 'ApprovalRules.PatchRules.1.PatchFilterGroup.PatchFilters.1.Values', [
          'Critical',
        ]),
      ),
    },
    {
      name: 'Linux delay removed in favour of a fixed approval date',
      templates: mutate(compliant, (r) => {
        setProperty(r.Linux, 'ApprovalRules.PatchRules.0.ApproveAfterDays', undefined);
        setProperty(r.Linux, 'ApprovalRules.PatchRules.0.ApproveUntilDate', '2030-01-01');
        setProperty(r.Linux, 'ApprovalRules.PatchRules.1.PatchFilterGroup.PatchFilters.1.Values', [
          'Important',
        ]);
      }),
    },
    {
      name: 'approval delay from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        setProperty(r.Windows, 'ApprovalRules.PatchRules.0.ApproveAfterDays', { Ref: 'CriticalDays' });
        (t[0] as unknown as { template: Record<string, unknown> }).template.Parameters = {
          CriticalDays: { Type: 'Number' },
        };
      }),
      expect: 'unverified',
    },
  ],
};
