import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { MFA_ENFORCEMENT_STATEMENT, MfaEnforcement } from '../../../constructs/identity/mfa-enforcement';
import { enforcesMfa } from '../../../lib/compliance/rules/iam/mfa-enforcement-attached';
import type { PolicyStatement } from '../../../lib/compliance/rules/iam/policy-documents';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { evaluate, type Statement } from '../../helpers/iam-evaluator';
import { managedPolicyStatements } from './policy-fixtures';

const ACCOUNT = '111122223333';
const ALICE = { 'aws:username': 'alice' };

describe('MfaEnforcement at its defaults', () => {
  const stack = newTestStack();
  const mfa = new MfaEnforcement(stack, 'Mfa');
  const group = new iam.Group(stack, 'Clinicians');
  mfa.attachTo(group);
  const template = Template.fromStack(stack);
  const statements = managedPolicyStatements(mfa.policy);
  /** What an IAM user in the group may do, if the group also granted everything else. */
  const asMember = (action: string, resource: string, mfaPresent?: boolean): string =>
    evaluate([...statements, { Effect: 'Allow', Action: '*', Resource: '*' }], {
      action,
      resource,
      context: {
        ...ALICE,
        ...(mfaPresent === undefined ? {} : { 'aws:MultiFactorAuthPresent': String(mfaPresent) }),
      },
    });

  test('denies every action but MFA self-service while aws:MultiFactorAuthPresent is false or absent', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          {
            Sid: 'DenyAllExceptMfaSelfServiceWithoutMfa',
            Effect: 'Deny',
            NotAction: [
              'iam:CreateVirtualMFADevice',
              'iam:EnableMFADevice',
              'iam:GetMFADevice',
              'iam:ListMFADevices',
              'iam:ResyncMFADevice',
              'iam:GetUser',
              'iam:ChangePassword',
              'iam:ListVirtualMFADevices',
              'iam:GetAccountPasswordPolicy',
              'sts:GetSessionToken',
            ],
            Resource: '*',
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          },
        ]),
      }),
    });
  });

  test('scopes self-service to the caller’s own user and MFA device', () => {
    const byId = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(byId.AllowCreateOwnVirtualMfaDevice?.Resource).toBe(`arn:aws:iam::${ACCOUNT}:mfa/*`);
    expect(byId.AllowDeactivateOwnMfaOnlyWithMfa).toMatchObject({
      Action: 'iam:DeactivateMFADevice',
      Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
    expect(byId.AllowManageOwnMfaAndPassword?.Resource).toBe(`arn:aws:iam::${ACCOUNT}:user/\${aws:username}`);
    expect(byId.AllowAccountLevelSelfService?.Action).toEqual([
      'iam:GetAccountPasswordPolicy',
      'iam:ListVirtualMFADevices',
      'sts:GetSessionToken',
    ]);
    for (const s of statements.filter((st) => st.Effect === 'Allow')) expect(s.Action).not.toContain('*');
  });

  test('attachTo attaches the policy to the group', () => {
    template.hasResourceProperties('AWS::IAM::Group', {
      ManagedPolicyArns: [{ Ref: Match.stringLikeRegexp('^MfaPolicy') }],
    });
  });

  test('without MFA a member can enrol a device and change their password, and nothing else', () => {
    expect(asMember('iam:CreateVirtualMFADevice', `arn:aws:iam::${ACCOUNT}:mfa/alice`)).toBe('Allow');
    expect(asMember('iam:EnableMFADevice', `arn:aws:iam::${ACCOUNT}:user/alice`)).toBe('Allow');
    expect(asMember('iam:ChangePassword', `arn:aws:iam::${ACCOUNT}:user/alice`)).toBe('Allow');
    expect(asMember('sts:GetSessionToken', '*')).toBe('Allow');
    expect(asMember('s3:GetObject', 'arn:aws:s3:::records/patient.pdf')).toBe('ExplicitDeny');
    expect(asMember('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/Developer`, false)).toBe('ExplicitDeny');
    expect(asMember('iam:DeactivateMFADevice', `arn:aws:iam::${ACCOUNT}:user/alice`)).toBe('ExplicitDeny');
  });

  test('self-service never reaches another user', () => {
    const own: Statement[] = statements; // without the group's other grants
    const bob = (action: string, resource: string) => evaluate(own, { action, resource, context: ALICE });
    expect(bob('iam:EnableMFADevice', `arn:aws:iam::${ACCOUNT}:user/bob`)).toBe('ImplicitDeny');
    expect(bob('iam:GetMFADevice', `arn:aws:iam::${ACCOUNT}:user/bob`)).toBe('ImplicitDeny');
    expect(
      evaluate(own, {
        action: 'iam:DeactivateMFADevice',
        resource: `arn:aws:iam::${ACCOUNT}:user/bob`,
        context: { ...ALICE, 'aws:MultiFactorAuthPresent': 'true' },
      }),
    ).toBe('ImplicitDeny');
    expect(bob('iam:ChangePassword', `arn:aws:iam::${ACCOUNT}:user/bob`)).toBe('ImplicitDeny');
    expect(bob('iam:ChangePassword', `arn:aws:iam::${ACCOUNT}:user/alice`)).toBe('Allow');
  });

  test("walks AWS's documented self-service sequence: sign in without MFA, enrol, sign in with MFA, work", () => {
    // Only the policy itself: every Allow below must come from MfaEnforcement, not from a broad grant.
    const alone = (action: string, resource: string, mfaPresent: boolean) =>
      evaluate(statements, {
        action,
        resource,
        context: { ...ALICE, 'aws:MultiFactorAuthPresent': String(mfaPresent) },
      });
    const me = `arn:aws:iam::${ACCOUNT}:user/alice`;
    // 1. Signed in with a password only: see own user, the password policy and own MFA devices.
    expect(alone('iam:GetUser', me, false)).toBe('Allow');
    expect(alone('iam:GetAccountPasswordPolicy', '*', false)).toBe('Allow');
    expect(alone('iam:ChangePassword', me, false)).toBe('Allow');
    expect(alone('iam:ListMFADevices', me, false)).toBe('Allow');
    expect(alone('iam:ListVirtualMFADevices', '*', false)).toBe('Allow');
    // 2. Create a virtual device under any name the user chooses, then enable and resync it.
    expect(alone('iam:CreateVirtualMFADevice', `arn:aws:iam::${ACCOUNT}:mfa/alice-phone`, false)).toBe(
      'Allow',
    );
    expect(alone('iam:EnableMFADevice', me, false)).toBe('Allow');
    expect(alone('iam:ResyncMFADevice', me, false)).toBe('Allow');
    expect(alone('iam:GetMFADevice', me, false)).toBe('Allow');
    // 3. Still without MFA: no work, no removing the second factor.
    expect(asMember('s3:GetObject', 'arn:aws:s3:::records/patient.pdf', false)).toBe('ExplicitDeny');
    expect(asMember('dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Patients`, false)).toBe(
      'ExplicitDeny',
    );
    expect(alone('iam:DeactivateMFADevice', me, false)).toBe('ExplicitDeny');
    // 4. Signed in again with MFA: work is allowed (by the group's other grants), own MFA is manageable.
    expect(asMember('s3:GetObject', 'arn:aws:s3:::records/patient.pdf', true)).toBe('Allow');
    expect(alone('iam:DeactivateMFADevice', me, true)).toBe('Allow');
  });

  test('with MFA the deny no longer applies', () => {
    expect(asMember('s3:GetObject', 'arn:aws:s3:::records/patient.pdf', true)).toBe('Allow');
  });

  test('has no unacknowledged findings; Resource "*" is acknowledged with the APIs that need it', () => {
    expectNoUnacknowledgedFindings(mfa);
  });

  test('its deny is the statement the IamMfaEnforcementAttached template rule looks for', () => {
    const deny = statements.filter((s) => s.Sid === MFA_ENFORCEMENT_STATEMENT.Sid);
    expect(deny).toHaveLength(1);
    expect(enforcesMfa(deny[0] as unknown as PolicyStatement)).toBe(true);
    expect(statements.filter((s) => enforcesMfa(s as unknown as PolicyStatement))).toHaveLength(1);
  });

  test('a group without the policy fails template evidence for 164.312(d)', () => {
    const bare = newTestStack();
    const group = new iam.Group(bare, 'Unprotected');
    expect(collectUnacknowledgedFindings(group).map((f) => f.ruleName)).toContain(
      'TemplateEvidence-IamMfaEnforcementAttached',
    );
  });

  test('a managed policy granting s3:* fails the compliance helper (the fixture can fail)', () => {
    const bad = new iam.ManagedPolicy(newTestStack(), 'Broad', {
      statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })],
    });
    expect(collectUnacknowledgedFindings(bad).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining([
        'AwsSolutions-IAM5[Action::s3:*]',
        'HIPAA.Security-IAMPolicyNoStatementsWithFullAccess',
      ]),
    );
  });
});
