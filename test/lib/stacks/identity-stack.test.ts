import { Match, Template } from 'aws-cdk-lib/assertions';
import { IdentityStack } from '../../../lib/stacks/identity-stack';
import { newGatedApp, synthAndReadValidation } from '../../helpers/gated-app';

describe('IdentityStack, gated (three packs and LeastPrivilege), CloudFormation validator on', () => {
  const { app, outdir } = newGatedApp('identity-');
  const stack = new IdentityStack(app, 'Identity', {
    env: { account: '111122223333', region: 'us-east-1' },
    breakGlassSubscribers: [{ email: 'oncall@example.org' }],
  });
  const { error: synthError, report } = synthAndReadValidation(app, outdir);
  const template = Template.fromStack(stack);

  test('synthesizes without error', () => {
    expect(synthError).toBeUndefined();
  });

  test('the validation report has no violations in any plugin', () => {
    expect(report.pluginReports.map((r) => r.pluginName)).toEqual(
      expect.arrayContaining(['HIPAA.Security', 'NIST.800.53.R5', 'AwsSolutions', 'LeastPrivilege']),
    );
    for (const plugin of report.pluginReports) {
      expect([plugin.pluginName, plugin.violations]).toEqual([plugin.pluginName, []]);
      expect([plugin.pluginName, plugin.conclusion]).toEqual([plugin.pluginName, 'success']);
    }
  });

  test('every acknowledged finding carries a specific reason; LeastPrivilege ones name their statement', () => {
    const suppressed = report.pluginReports.flatMap((r) => r.suppressedViolations ?? []);
    for (const s of suppressed) expect(s.reason.length).toBeGreaterThanOrEqual(20);
    const leastPrivilege = report.pluginReports.find((r) => r.pluginName === 'LeastPrivilege');
    expect(leastPrivilege?.suppressedViolations?.map((s) => s.ruleName).sort()).toEqual([
      'LeastPrivilege-NoWildcardAction[{"Action":"*","Effect":"Allow","Resource":"*","Sid":"BoundaryCeiling"}]',
      'LeastPrivilege-NoWriteOnAnyResource[{"Action":"iam:UpdateAccountPasswordPolicy","Effect":"Allow","Resource":"*","Sid":"SetAccountPasswordPolicy"}]',
    ]);
  });

  test('every role and user in the stack has the permissions boundary', () => {
    const boundaryRef = { Ref: Match.stringLikeRegexp('^BoundaryPolicy') };
    template.allResourcesProperties('AWS::IAM::Role', { PermissionsBoundary: boundaryRef });
    expect(Object.keys(template.findResources('AWS::IAM::Role')).length).toBe(5);
  });

  test('sets the password policy, four MFA groups, the user pool and one clinician app client', () => {
    template.resourceCountIs('Custom::AccountPasswordPolicy', 1);
    template.resourceCountIs('AWS::IAM::Group', 4);
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://clinician.example.com/callback'],
      RefreshTokenValidity: 720,
    });
    template.allResourcesProperties('AWS::IAM::Group', {
      ManagedPolicyArns: [{ Ref: Match.stringLikeRegexp('^AccessMfaEnforcementPolicy') }],
    });
  });
});
