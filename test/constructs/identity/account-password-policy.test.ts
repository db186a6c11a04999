import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cr from 'aws-cdk-lib/custom-resources';
import {
  AccountPasswordPolicy,
  type AccountPasswordPolicyProps,
} from '../../../constructs/identity/account-password-policy';
import { evaluateRulePacks } from '../../../lib/compliance/evaluate';
import { LeastPrivilegeChecks } from '../../../lib/compliance/packs/least-privilege';
import { newTestApp, newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { evaluate } from '../../helpers/iam-evaluator';
import { managedPolicyStatements } from './policy-fixtures';

interface SdkCall {
  service: string;
  action: string;
  parameters: Record<string, unknown>;
}

describe('AccountPasswordPolicy at its defaults', () => {
  const stack = newTestStack();
  const policy = new AccountPasswordPolicy(stack, 'PasswordPolicy');
  const template = Template.fromStack(stack);
  const [resource] = Object.values(template.findResources('Custom::AccountPasswordPolicy')) as {
    Properties: Record<string, unknown>;
  }[];

  test('calls iam:UpdateAccountPasswordPolicy with the strongest settings on create and update', () => {
    const expected = {
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
      HardExpiry: false,
    };
    for (const key of ['Create', 'Update']) {
      const call = JSON.parse(resource?.Properties[key] as string) as SdkCall;
      expect(call).toMatchObject({
        service: 'IAM',
        action: 'updateAccountPasswordPolicy',
        parameters: expected,
      });
    }
    expect(policy.settings).toMatchObject({
      minimumLength: 14,
      passwordReusePrevention: 24,
      maxPasswordAgeDays: 90,
    });
  });

  test('leaves the password policy in place when the stack is deleted (no delete call)', () => {
    expect(resource?.Properties.Delete).toBeUndefined();
  });

  test("the function's role may only set the password policy and write its own encrypted logs", () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      Policies: Match.absent(),
      ManagedPolicyArns: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const statements = managedPolicyStatements(
      policy.role.node.scope?.node.tryFindChild('ProviderPolicy') as never,
    );
    expect(statements.map((s) => s.Action)).toEqual([
      'iam:UpdateAccountPasswordPolicy',
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
    ]);
    const call = (action: string, resource: string) => evaluate(statements, { action, resource });
    expect(call('iam:UpdateAccountPasswordPolicy', '*')).toBe('Allow');
    expect(call('iam:DeleteAccountPasswordPolicy', '*')).toBe('ImplicitDeny');
    expect(call('iam:CreateUser', 'arn:aws:iam::111122223333:user/x')).toBe('ImplicitDeny');
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 2192,
      KmsKeyId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: Match.anyValue() },
    });
  });

  test('runs the function only after its policy is attached', () => {
    template.hasResource('Custom::AccountPasswordPolicy', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^PasswordPolicyProviderPolicy')]),
    });
  });

  test('has no unacknowledged findings, the shared provider function included', () => {
    expectNoUnacknowledgedFindings(stack);
  });

  test('its Resource "*" statement is acknowledged in the LeastPrivilege pack, with a reason', () => {
    const findings = evaluateRulePacks(stack, [new LeastPrivilegeChecks()]);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleName: expect.stringMatching(
          /^LeastPrivilege-NoWriteOnAnyResource\[.*iam:UpdateAccountPasswordPolicy/,
        ),
        acknowledgment: expect.objectContaining({
          reason: expect.stringMatching(/no resource-level permissions/),
        }),
      }),
    ]);
  });
});

describe('AccountPasswordPolicy options', () => {
  test('applies stronger values and hard expiry', () => {
    const stack = newTestStack();
    new AccountPasswordPolicy(stack, 'PasswordPolicy', {
      minimumLength: 20,
      maxPasswordAgeDays: 60,
      hardExpiry: true,
    });
    const [resource] = Object.values(
      Template.fromStack(stack).findResources('Custom::AccountPasswordPolicy'),
    ) as {
      Properties: { Create: string };
    }[];
    expect((JSON.parse(resource?.Properties.Create ?? '{}') as SdkCall).parameters).toMatchObject({
      MinimumPasswordLength: 20,
      MaxPasswordAge: 60,
      HardExpiry: true,
    });
  });

  test('a default AwsCustomResource fails the compliance helper (the fixture can fail)', () => {
    const stack = newTestStack();
    new cr.AwsCustomResource(stack, 'Unhardened', {
      onCreate: {
        service: 'IAM',
        action: 'getAccountSummary',
        physicalResourceId: cr.PhysicalResourceId.of('x'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining(['HIPAA.Security-IAMNoInlinePolicy', 'HIPAA.Security-LambdaInsideVPC']),
    );
  });

  test('fails synthesis when another AwsCustomResource shares its function and role', () => {
    const app = newTestApp();
    const stack = new Stack(app, 'Shared');
    new AccountPasswordPolicy(stack, 'PasswordPolicy');
    new cr.AwsCustomResource(stack, 'Other', {
      onCreate: {
        service: 'IAM',
        action: 'getAccountSummary',
        physicalResourceId: cr.PhysicalResourceId.of('x'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    expect(() => app.synth()).toThrow(
      /Shared\/PasswordPolicy: shares its AwsCustomResource function and role with Shared\/Other.*164\.308\(a\)\(5\)\(ii\)\(D\)/,
    );
  });
});

describe('AccountPasswordPolicy rejects weak settings (164.308(a)(5)(ii)(D))', () => {
  const build = (props: AccountPasswordPolicyProps) => () =>
    new AccountPasswordPolicy(newTestStack(), 'PasswordPolicy', props);

  test.each([8, 13, 129, 14.5])('rejects a minimum length of %p', (minimumLength) => {
    expect(build({ minimumLength })).toThrow(
      new RegExp(
        `TestStack/PasswordPolicy: 'minimumLength' must be an integer from 14 to 128 \\(164\\.308\\(a\\)\\(5\\)\\(ii\\)\\(D\\)\\), got ${minimumLength}`,
      ),
    );
  });

  test.each([
    'requireSymbols',
    'requireNumbers',
    'requireUppercase',
    'requireLowercase',
    'allowUsersToChangePassword',
  ] as const)('rejects %s: false', (prop) => {
    expect(build({ [prop]: false })).toThrow(
      new RegExp(
        `TestStack/PasswordPolicy: '${prop}' must be true \\(164\\.308\\(a\\)\\(5\\)\\(ii\\)\\(D\\)\\), got false`,
      ),
    );
  });

  test('rejects remembering fewer than 24 previous passwords', () => {
    expect(build({ passwordReusePrevention: 5 })).toThrow(
      /TestStack\/PasswordPolicy: 'passwordReusePrevention' must be 24, the most previous passwords IAM remembers \(164\.308\(a\)\(5\)\(ii\)\(D\)\), got 5/,
    );
  });

  test.each([0, 91, 365])('rejects a maximum password age of %p days', (maxPasswordAgeDays) => {
    expect(build({ maxPasswordAgeDays })).toThrow(
      new RegExp(
        `'maxPasswordAgeDays' must be an integer from 1 to 90 \\(164\\.308\\(a\\)\\(5\\)\\(ii\\)\\(D\\)\\), got ${maxPasswordAgeDays}`,
      ),
    );
  });

  test('reports every weak setting at once', () => {
    expect(build({ minimumLength: 8, requireSymbols: false, maxPasswordAgeDays: 365 })).toThrow(
      /'minimumLength'[\s\S]*'requireSymbols'[\s\S]*'maxPasswordAgeDays'/,
    );
  });
});
