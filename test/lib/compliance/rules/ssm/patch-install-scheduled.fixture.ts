import { PatchInstallScheduled } from '../../../../../lib/compliance/rules/ssm/patch-install-scheduled';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const GROUP = [{ Key: 'tag:PatchGroup', Values: ['phi-workloads'] }];
const runPatchBaseline = (operation: string) => ({
  MaintenanceWindowRunCommandParameters: { Parameters: { Operation: [operation] } },
});

const compliant = [
  stackTemplate('Patching', {
    Baseline: {
      Type: 'AWS::SSM::PatchBaseline',
      Properties: { OperatingSystem: 'AMAZON_LINUX_2023', PatchGroups: ['phi-workloads'] },
    },
    DefaultBaseline: {
      Type: 'AWS::SSM::PatchBaseline',
      Properties: { OperatingSystem: 'UBUNTU', DefaultBaseline: true },
    },
    InstallWindow: {
      Type: 'AWS::SSM::MaintenanceWindow',
      Properties: {
        Schedule: 'cron(0 3 ? * SUN *)',
        Duration: 4,
        Cutoff: 1,
        AllowUnassociatedTargets: false,
      },
    },
    InstallTarget: {
      Type: 'AWS::SSM::MaintenanceWindowTarget',
      Properties: { ResourceType: 'INSTANCE', Targets: GROUP, WindowId: { Ref: 'InstallWindow' } },
    },
    InstallTask: {
      Type: 'AWS::SSM::MaintenanceWindowTask',
      Properties: {
        TaskArn: 'AWS-RunPatchBaseline',
        TaskType: 'RUN_COMMAND',
        WindowId: { Ref: 'InstallWindow' },
        Targets: [{ Key: 'WindowTargetIds', Values: [{ Ref: 'InstallTarget' }] }],
        TaskInvocationParameters: runPatchBaseline('Install'),
      },
    },
    FleetInstall: {
      Type: 'AWS::SSM::Association',
      Properties: {
        Name: 'AWS-RunPatchBaseline',
        Parameters: { Operation: ['Install'] },
        ScheduleExpression: 'rate(7 days)',
        Targets: [{ Key: 'InstanceIds', Values: ['*'] }],
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: PatchInstallScheduled,
  compliant,
  bad: [
    {
      name: 'the install task only scans',
      templates: mutate(compliant, (r) => {
        setProperty(r.InstallTask, 'TaskInvocationParameters', runPatchBaseline('Scan'));
        setProperty(r.FleetInstall, 'Targets', [{ Key: 'tag:PatchGroup', Values: ['other-group'] }]);
      }),
      path: 'PatchGroups',
    },
    {
      name: 'the install window is disabled',
      templates: mutate(compliant, (r) => {
        setProperty(r.InstallWindow, 'Enabled', false);
        setProperty(r.FleetInstall, 'Targets', [{ Key: 'tag:PatchGroup', Values: ['other-group'] }]);
      }),
    },
    {
      name: 'the window target names another patch group',
      templates: mutate(compliant, (r) => {
        setProperty(r.InstallTarget, 'Targets', [{ Key: 'tag:PatchGroup', Values: ['other-group'] }]);
        setProperty(r.FleetInstall, 'Targets', [{ Key: 'tag:PatchGroup', Values: ['other-group'] }]);
      }),
    },
    {
      name: 'the operation comes from an import',
      templates: mutate(compliant, (r) => {
        setProperty(
          r.InstallTask,
          'TaskInvocationParameters.MaintenanceWindowRunCommandParameters.Parameters',
          {
            Operation: [{ 'Fn::ImportValue': 'PatchOperation' }],
          },
        );
        setProperty(r.FleetInstall, 'Targets', [{ Key: 'tag:PatchGroup', Values: ['other-group'] }]);
      }),
      expect: 'unverified',
    },
  ],
};
