import { MFA_ENFORCEMENT_STATEMENT } from '../../../../../constructs/identity/mfa-enforcement';
import { IamMfaEnforcementAttached } from '../../../../../lib/compliance/rules/iam/mfa-enforcement-attached';
import type { Json } from '../../../../../lib/compliance/template/cfn-template';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const deny: Json = { ...MFA_ENFORCEMENT_STATEMENT, NotAction: [...MFA_ENFORCEMENT_STATEMENT.NotAction] };
const allowOwnMfa: Json = {
  Sid: 'AllowOwnMfa',
  Effect: 'Allow',
  Action: 'iam:EnableMFADevice',
  Resource: '*',
};
const mfaDocument: Json = {
  Version: '2012-10-17',
  Statement: [allowOwnMfa, deny],
};

const compliant = [
  stackTemplate(
    'Identity',
    {
      Mfa: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { PolicyDocument: mfaDocument, Groups: [{ Ref: 'Operators' }] },
      },
      Clinicians: { Type: 'AWS::IAM::Group', Properties: { ManagedPolicyArns: [{ Ref: 'Mfa' }] } },
      Operators: { Type: 'AWS::IAM::Group', Properties: {} },
      Alice: { Type: 'AWS::IAM::User', Properties: { Groups: [{ Ref: 'Clinicians' }] } },
    },
    { Outputs: { MfaArn: { Value: { Ref: 'Mfa' }, Export: { Name: 'Identity-MfaArn' } } } },
  ),
  stackTemplate('Workload', {
    Auditors: {
      Type: 'AWS::IAM::Group',
      Properties: { ManagedPolicyArns: [{ 'Fn::ImportValue': 'Identity-MfaArn' }] },
    },
  }),
];

/** Replaces the MFA deny statement of the policy with `statement`. */
const withDeny = (statement: Json) =>
  mutate(compliant, (r) => setProperty(r.Mfa, 'PolicyDocument.Statement', [allowOwnMfa, statement]));

export const fixture: RuleFixture = {
  rule: IamMfaEnforcementAttached,
  compliant,
  bad: [
    {
      name: 'the MFA policy detached from a group by a deletion override',
      templates: mutate(compliant, (r) => deleteProperty(r.Clinicians, 'ManagedPolicyArns')),
      path: 'ManagedPolicyArns',
    },
    {
      name: 'the deny exempts an action beyond MFA self-service',
      templates: withDeny({
        ...(deny as object),
        NotAction: [...MFA_ENFORCEMENT_STATEMENT.NotAction, 's3:GetObject'],
      }),
    },
    {
      name: 'the deny is narrowed by a further condition',
      templates: withDeny({
        ...(deny as object),
        Condition: { ...MFA_ENFORCEMENT_STATEMENT.Condition, StringEquals: { 'aws:username': 'bob' } },
      }),
    },
    {
      name: 'the deny tests MFA present true (inverted)',
      templates: withDeny({
        ...(deny as object),
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      }),
    },
    {
      name: 'the MFA policy is imported from outside the assembly',
      templates: mutate(compliant, (r) =>
        setProperty(r.Auditors, 'ManagedPolicyArns', [{ 'Fn::ImportValue': 'Elsewhere-MfaArn' }]),
      ),
      expect: 'unverified',
      path: 'ManagedPolicyArns',
    },
  ],
};
