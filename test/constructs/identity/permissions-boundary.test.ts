import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { PermissionsBoundary } from '../../../constructs/identity/permissions-boundary';
import { newTestApp, newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { evaluateWithBoundary } from '../../helpers/iam-evaluator';
import { ADMINISTRATOR_ACCESS_LIKE, managedPolicyStatements } from './policy-fixtures';

describe('PermissionsBoundary at its defaults', () => {
  const stack = newTestStack();
  const boundary = new PermissionsBoundary(stack, 'Boundary');
  const template = Template.fromStack(stack);
  const statements = managedPolicyStatements(boundary.policy);
  const BOUNDARY_ARN = `arn:aws:iam::111122223333:policy/${boundary.managedPolicyName}`;
  const asAdmin = (action: string, resource: string, context = {}) =>
    evaluateWithBoundary(ADMINISTRATOR_ACCESS_LIKE, statements, { action, resource, context });

  test('is a managed policy with a unique name, whose ARN is built from that name', () => {
    expect(boundary.managedPolicyName).toMatch(/^TestStack-Boundary-[0-9A-F]{8}$/);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      ManagedPolicyName: boundary.managedPolicyName,
    });
    expect(stack.resolve(boundary.policyArn)).toBe(BOUNDARY_ARN);
    const named = new PermissionsBoundary(newTestStack(), 'Boundary', { managedPolicyName: 'Org-Boundary' });
    expect(named.managedPolicyName).toBe('Org-Boundary');
  });

  test('allows "*" as a ceiling and explicitly denies tampering with audit, detection and keys', () => {
    expect(statements[0]).toEqual({ Sid: 'BoundaryCeiling', Effect: 'Allow', Action: '*', Resource: '*' });
    const denied = statements.filter((s) => s.Effect === 'Deny').flatMap((s) => s.Action as string[]);
    expect(denied).toEqual(
      expect.arrayContaining([
        'cloudtrail:StopLogging',
        'cloudtrail:DeleteTrail',
        'cloudtrail:UpdateTrail',
        'cloudtrail:PutEventSelectors',
        'guardduty:DeleteDetector',
        'guardduty:DisassociateFromMasterAccount',
        'guardduty:UpdateDetector',
        'guardduty:DeletePublishingDestination',
        'securityhub:DisableSecurityHub',
        'securityhub:BatchDisableStandards',
        'config:DeleteConfigurationRecorder',
        'config:StopConfigurationRecorder',
        'config:DeleteDeliveryChannel',
        'config:DeleteConformancePack',
        'kms:ScheduleKeyDeletion',
        'kms:DisableKey',
        'kms:DisableKeyRotation',
        'iam:DeleteRolePermissionsBoundary',
        'iam:DeleteUserPermissionsBoundary',
      ]),
    );
  });

  test('denies cloudtrail:StopLogging even to an administrator allowed "*"', () => {
    expect(asAdmin('cloudtrail:StopLogging', 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org')).toBe(
      'ExplicitDeny',
    );
    expect(asAdmin('kms:ScheduleKeyDeletion', 'arn:aws:kms:us-east-1:111122223333:key/k')).toBe(
      'ExplicitDeny',
    );
    expect(asAdmin('guardduty:DeleteDetector', '*')).toBe('ExplicitDeny');
  });

  test('caps without granting: ordinary administration stays allowed, nothing is allowed without an identity policy', () => {
    expect(asAdmin('ec2:RunInstances', '*')).toBe('Allow');
    expect(asAdmin('cloudtrail:LookupEvents', '*')).toBe('Allow');
    expect(evaluateWithBoundary([], statements, { action: 'ec2:RunInstances', resource: '*' })).toBe(
      'ImplicitDeny',
    );
  });

  test('denies iam:CreateRole without this boundary and allows it with it', () => {
    const role = 'arn:aws:iam::111122223333:role/new';
    expect(asAdmin('iam:CreateRole', role)).toBe('ExplicitDeny');
    expect(
      asAdmin('iam:CreateRole', role, {
        'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    ).toBe('ExplicitDeny');
    expect(asAdmin('iam:CreateRole', role, { 'iam:PermissionsBoundary': BOUNDARY_ARN })).toBe('Allow');
    expect(asAdmin('iam:PutUserPermissionsBoundary', 'arn:aws:iam::111122223333:user/u')).toBe(
      'ExplicitDeny',
    );
    expect(asAdmin('iam:DeleteRolePermissionsBoundary', role)).toBe('ExplicitDeny');
  });

  test('protects itself from new versions and deletion, but not other policies', () => {
    expect(asAdmin('iam:CreatePolicyVersion', BOUNDARY_ARN)).toBe('ExplicitDeny');
    expect(asAdmin('iam:DeletePolicy', BOUNDARY_ARN)).toBe('ExplicitDeny');
    expect(asAdmin('iam:SetDefaultPolicyVersion', BOUNDARY_ARN)).toBe('ExplicitDeny');
    expect(asAdmin('iam:CreatePolicyVersion', 'arn:aws:iam::111122223333:policy/AppPolicy')).toBe('Allow');
  });

  test('has no unacknowledged findings; Allow "*" is acknowledged as a boundary ceiling', () => {
    expectNoUnacknowledgedFindings(boundary);
  });

  test('an ordinary Allow "*" policy fails the compliance helper (the fixture can fail)', () => {
    const admin = new iam.ManagedPolicy(newTestStack(), 'Admin', {
      statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })],
    });
    expect(collectUnacknowledgedFindings(admin).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining([
        'HIPAA.Security-IAMPolicyNoStatementsWithAdminAccess',
        'AwsSolutions-IAM5[Action::*]',
      ]),
    );
  });
});

describe('PermissionsBoundary.applyTo', () => {
  const app = newTestApp();
  const stack = new Stack(app, 'Bounded', { env: { account: '111122223333', region: 'us-east-1' } });
  const boundary = new PermissionsBoundary(stack, 'Boundary');
  new iam.Role(stack, 'Plain', { assumedBy: new iam.AccountRootPrincipal() });
  new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
  new cr.AwsCustomResource(stack, 'Sdk', {
    onCreate: {
      service: 'IAM',
      action: 'getAccountSummary',
      physicalResourceId: cr.PhysicalResourceId.of('x'),
    },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    installLatestAwsSdk: false,
  });
  // A CustomResourceProvider role: a raw CfnResource of type AWS::IAM::Role, not an iam.CfnRole.
  new s3.Bucket(stack, 'Scratch', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
  new iam.User(stack, 'BreakGlassUser');
  PermissionsBoundary.applyTo(stack, boundary);
  const template = Template.fromStack(stack);

  test('sets the boundary on every AWS::IAM::Role, custom-resource and Lambda roles included', () => {
    const roles = template.findResources('AWS::IAM::Role');
    expect(Object.keys(roles).length).toBeGreaterThanOrEqual(4);
    const boundaryRef = {
      Ref: stack.getLogicalId(boundary.policy.node.defaultChild as iam.CfnManagedPolicy),
    };
    for (const [id, role] of Object.entries(roles)) {
      const props = (role as { Properties: { PermissionsBoundary?: unknown } }).Properties;
      expect([id, props.PermissionsBoundary]).toEqual([id, boundaryRef]);
    }
    expect(
      Object.keys(roles).some((id) => id.startsWith('CustomS3AutoDeleteObjectsCustomResourceProviderRole')),
    ).toBe(true);
  });

  test('sets the boundary on every AWS::IAM::User', () => {
    template.allResourcesProperties('AWS::IAM::User', {
      PermissionsBoundary: { Ref: Match.stringLikeRegexp('^BoundaryPolicy') },
    });
  });

  test('synthesis passes when every role and user has a boundary', () => {
    expect(() => app.synth()).not.toThrow();
  });
});

describe('PermissionsBoundary.requireBoundaries', () => {
  test('fails synthesis for a role left without a boundary, naming its path (164.308(a)(4)(i))', () => {
    const app = newTestApp();
    const bounded = new Stack(app, 'Bounded');
    PermissionsBoundary.applyTo(bounded, new PermissionsBoundary(bounded, 'Boundary'));
    new iam.Role(bounded, 'Covered', { assumedBy: new iam.AccountRootPrincipal() });
    const other = new Stack(app, 'Other');
    new iam.Role(other, 'Unbounded', { assumedBy: new iam.AccountRootPrincipal() });
    PermissionsBoundary.requireBoundaries(app);
    PermissionsBoundary.requireBoundaries(app); // idempotent: one message per role
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /Other\/Unbounded\/Resource: AWS::IAM::Role has no permissions boundary; apply one with PermissionsBoundary\.applyTo\(scope, boundary\).*\(164\.308\(a\)\(4\)\(i\)\)/,
    );
    expect(message.match(/Other\/Unbounded\/Resource:/g)).toHaveLength(1);
    expect(message).not.toMatch(/Bounded\/Covered/);
  });

  test('fails synthesis for a user whose boundary was removed by an override', () => {
    const app = newTestApp();
    const stack = new Stack(app, 'Cleared');
    PermissionsBoundary.applyTo(stack, new PermissionsBoundary(stack, 'Boundary'));
    const user = new iam.User(stack, 'Operator');
    (user.node.defaultChild as iam.CfnUser).addPropertyDeletionOverride('PermissionsBoundary');
    iam.PermissionsBoundary.of(user).clear();
    expect(() => app.synth()).toThrow(
      /Cleared\/Operator\/Resource: AWS::IAM::User has no permissions boundary/,
    );
  });
});

describe('PermissionsBoundary rejects invalid props', () => {
  test.each(['has spaces', 'x'.repeat(129)])('rejects the policy name %p', (managedPolicyName) => {
    expect(() => new PermissionsBoundary(newTestStack(), 'Boundary', { managedPolicyName })).toThrow(
      /TestStack\/Boundary: 'managedPolicyName' must be a literal policy name of 1 to 128 characters .*\(164\.308\(a\)\(4\)\(i\)\), got "/,
    );
  });

  test('rejects a token name: the boundary must name its own ARN at synth time', () => {
    const stack = newTestStack();
    expect(() => new PermissionsBoundary(stack, 'Boundary', { managedPolicyName: stack.stackId })).toThrow(
      /'managedPolicyName' must be .*got an unresolved token/,
    );
  });
});

describe('PermissionsBoundary with perRegionName', () => {
  test('suffixes the name with the Region, resolved at deploy time in an environment-agnostic stack', () => {
    const stack = new Stack(newTestApp(), 'Agnostic');
    const boundary = new PermissionsBoundary(stack, 'Boundary', {
      managedPolicyName: 'member-boundary',
      perRegionName: true,
    });
    const name = { 'Fn::Join': ['', ['member-boundary-', { Ref: 'AWS::Region' }]] };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', { ManagedPolicyName: name });
    expect(JSON.stringify(stack.resolve(boundary.policyArn))).toContain(
      JSON.stringify({ Ref: 'AWS::Region' }),
    );
  });

  test('uses the literal Region when the stack has one', () => {
    const boundary = new PermissionsBoundary(newTestStack(), 'Boundary', { perRegionName: true });
    expect(boundary.managedPolicyName).toMatch(/^TestStack-Boundary-[0-9A-F]{8}-us-east-1$/);
  });

  test('rejects a name that leaves no room for the Region suffix', () => {
    expect(
      () =>
        new PermissionsBoundary(newTestStack(), 'Boundary', {
          managedPolicyName: 'x'.repeat(111),
          perRegionName: true,
        }),
    ).toThrow(
      /TestStack\/Boundary: 'managedPolicyName' must be at most 110 characters with perRegionName.*got "x+"/,
    );
  });
});

describe('the IamRolePermissionsBoundary template rule', () => {
  test('once the app applies the boundary, it fails every role without one, also in stacks the guard does not watch', () => {
    const app = newTestApp();
    const bounded = new Stack(app, 'Bounded');
    PermissionsBoundary.applyTo(bounded, new PermissionsBoundary(bounded, 'Boundary'));
    new iam.Role(bounded, 'Covered', { assumedBy: new iam.AccountRootPrincipal() });
    const other = new Stack(app, 'Other');
    new iam.Role(other, 'Unbounded', { assumedBy: new iam.AccountRootPrincipal() });
    const rule = 'TemplateEvidence-IamRolePermissionsBoundary';
    expect(
      collectUnacknowledgedFindings(other)
        .filter((f) => f.ruleName === rule)
        .map((f) => f.constructPath),
    ).toEqual(['Other/Unbounded/Resource']);
    expect(collectUnacknowledgedFindings(bounded).filter((f) => f.ruleName === rule)).toEqual([]);
  });
});
