import { Match, Template } from 'aws-cdk-lib/assertions';
import { MEMBER_BOUNDARY_NAME, MemberIdentityStack } from '../../../lib/organization/member-identity-stack';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { newGatedApp, synthAndReadValidation } from '../../helpers/gated-app';

describe('MemberIdentityStack', () => {
  const { app, outdir } = newGatedApp('member-identity-');
  const stack = new MemberIdentityStack(app, 'MemberIdentity');
  const template = Template.fromStack(stack);

  test('sets the account password policy through its own, single custom-resource provider', () => {
    template.hasResourceProperties('Custom::AccountPasswordPolicy', {});
    template.resourceCountIs('Custom::AWS', 0);
  });

  test('creates the named workload boundary and bounds the stack’s own roles with it', () => {
    const boundary = template.findResources('AWS::IAM::ManagedPolicy', {
      Properties: { ManagedPolicyName: MEMBER_BOUNDARY_NAME },
    });
    const [boundaryId] = Object.keys(boundary);
    expect(boundaryId).toBeDefined();
    template.allResourcesProperties('AWS::IAM::Role', { PermissionsBoundary: { Ref: boundaryId } });
  });

  test('creates the deny-without-MFA policy', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          }),
        ]),
      },
    });
  });

  test('passes every pack and the CloudFormation validator with no violations', () => {
    expectNoUnacknowledgedFindings(stack);
    const { error, report } = synthAndReadValidation(app, outdir);
    expect(error).toBeUndefined();
    expect(report.pluginReports.length).toBeGreaterThan(0);
    for (const plugin of report.pluginReports) expect(plugin.violations).toEqual([]);
  });
});
