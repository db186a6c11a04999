import { AccountPasswordPolicyStrength } from '../../../../../lib/compliance/rules/iam/account-password-policy-strength';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const parameters = {
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
const call = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    service: 'IAM',
    action: 'updateAccountPasswordPolicy',
    parameters: { ...parameters, ...overrides },
    physicalResourceId: { id: 'AccountPasswordPolicy' },
  });

const compliant = [
  stackTemplate('Identity', {
    Provider: { Type: 'AWS::Lambda::Function', Properties: {} },
    PasswordPolicy: {
      Type: 'Custom::AccountPasswordPolicy',
      Properties: {
        ServiceToken: { 'Fn::GetAtt': ['Provider', 'Arn'] },
        Create: call(),
        Update: call(),
        InstallLatestAwsSdk: false,
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: AccountPasswordPolicyStrength,
  compliant,
  bad: [
    {
      name: 'a shorter minimum length on update',
      templates: mutate(compliant, (r) =>
        setProperty(r.PasswordPolicy, 'Update', call({ MinimumPasswordLength: 8 })),
      ),
      path: 'Update.parameters.MinimumPasswordLength',
    },
    {
      name: 'symbols not required, reuse allowed and passwords never expire',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.PasswordPolicy,
          'Create',
          call({ RequireSymbols: false, PasswordReusePrevention: 1, MaxPasswordAge: 365 }),
        ),
      ),
      path: 'Create.parameters.RequireSymbols',
    },
    {
      name: 'the update call deleted and a delete call that removes the policy added',
      templates: mutate(compliant, (r) => {
        deleteProperty(r.PasswordPolicy, 'Update');
        setProperty(
          r.PasswordPolicy,
          'Delete',
          JSON.stringify({ service: 'IAM', action: 'deleteAccountPasswordPolicy' }),
        );
      }),
      path: 'Delete',
    },
    {
      name: 'the length comes from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        (t[0]?.template as { Parameters?: unknown }).Parameters = { MinLength: { Type: 'Number' } };
        setProperty(r.PasswordPolicy, 'Create', {
          'Fn::Join': [
            '',
            ['{"service":"IAM","parameters":{"MinimumPasswordLength":', { Ref: 'MinLength' }, '}}'],
          ],
        });
      }),
      expect: 'unverified',
      path: 'Create',
    },
  ],
};
