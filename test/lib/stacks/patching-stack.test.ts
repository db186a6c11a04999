import { Match, Template } from 'aws-cdk-lib/assertions';
import { PatchingStack } from '../../../lib/stacks/patching-stack';
import { addAccountTrail, newGatedApp, synthAndReadValidation } from '../../helpers/gated-app';

describe('PatchingStack in a gated app with the CloudFormation validator on', () => {
  const { app, outdir } = newGatedApp('patching-stack-');
  addAccountTrail(app); // the account's trail logs the stack's PHI data events
  const stack = new PatchingStack(app, 'Patching', { env: { account: '111122223333', region: 'us-east-1' } });
  const { error: synthError, report } = synthAndReadValidation(app, outdir);
  if (synthError) throw synthError;
  const template = Template.fromStack(stack);

  test('synthesizes with zero violations from every pack', () => {
    expect(report.pluginReports.map((r) => r.pluginName).sort()).toEqual([
      'AwsSolutions',
      'HIPAA.Security',
      'LeastPrivilege',
      'NIST.800.53.R5',
      'TemplateEvidence',
    ]);
    for (const pack of report.pluginReports) {
      expect(pack.violations).toEqual([]);
      expect(pack.conclusion).toBe('success');
    }
  });

  test('has default baselines for the reference patch group, a weekly Install window and daily scans', () => {
    template.resourceCountIs('AWS::SSM::PatchBaseline', 5);
    template.allResourcesProperties('AWS::SSM::PatchBaseline', {
      PatchGroups: ['hipaa-workloads'],
      DefaultBaseline: true,
    });
    template.hasResourceProperties('AWS::SSM::MaintenanceWindow', { Schedule: 'cron(0 3 ? * SUN *)' });
    template.hasResourceProperties('AWS::SSM::MaintenanceWindowTask', {
      TaskInvocationParameters: {
        MaintenanceWindowRunCommandParameters: Match.objectLike({
          Parameters: { Operation: ['Install'], RebootOption: ['RebootIfNeeded'] },
        }),
      },
    });
    template.resourceCountIs('AWS::SSM::ResourceDataSync', 1);
  });

  test('turns on Default Host Management and EBS encryption by default through one shared provider', () => {
    const calls = JSON.stringify(template.findResources('Custom::AWS'));
    for (const action of [
      'updateServiceSetting',
      'enableEbsEncryptionByDefault',
      'modifyEbsDefaultKmsKeyId',
    ]) {
      expect(calls).toContain(action);
    }
    template.resourceCountIs('AWS::Lambda::Function', 1);
  });

  test('keeps every log group encrypted for six years', () => {
    template.allResourcesProperties('AWS::Logs::LogGroup', {
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 2192,
    });
  });
});
