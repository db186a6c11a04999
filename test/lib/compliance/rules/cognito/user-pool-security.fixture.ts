import { CognitoUserPoolSecurity } from '../../../../../lib/compliance/rules/cognito/user-pool-security';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Identity', {
    AppUsers: {
      Type: 'AWS::Cognito::UserPool',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        DeletionProtection: 'ACTIVE',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        MfaConfiguration: 'ON',
        Policies: {
          PasswordPolicy: {
            MinimumLength: 14,
            PasswordHistorySize: 24,
            RequireLowercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            RequireUppercase: true,
            TemporaryPasswordValidityDays: 1,
          },
        },
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        UserPoolTier: 'PLUS',
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: CognitoUserPoolSecurity,
  compliant,
  bad: [
    {
      name: 'MFA made optional by an override',
      templates: mutate(compliant, (r) => setProperty(r.AppUsers, 'MfaConfiguration', 'OPTIONAL')),
      path: 'MfaConfiguration',
    },
    {
      name: 'threat protection in audit mode on the Essentials plan',
      templates: mutate(compliant, (r) => {
        setProperty(r.AppUsers, 'UserPoolAddOns.AdvancedSecurityMode', 'AUDIT');
        setProperty(r.AppUsers, 'UserPoolTier', 'ESSENTIALS');
      }),
      path: 'UserPoolAddOns.AdvancedSecurityMode',
    },
    {
      name: 'an 8-character password policy without symbols',
      templates: mutate(compliant, (r) => {
        setProperty(r.AppUsers, 'Policies.PasswordPolicy.MinimumLength', 8);
        deleteProperty(r.AppUsers, 'Policies.PasswordPolicy.RequireSymbols');
      }),
      path: 'Policies.PasswordPolicy.MinimumLength',
    },
    {
      name: 'deletion protection off and the pool deleted with the stack',
      templates: mutate(compliant, (r) => {
        setProperty(r.AppUsers, 'DeletionProtection', 'INACTIVE');
        delete (r.AppUsers as Record<string, unknown>).DeletionPolicy;
      }),
      path: 'DeletionPolicy',
    },
    {
      name: 'MFA configuration from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        (t[0]?.template as { Parameters?: unknown }).Parameters = { Mfa: { Type: 'String' } };
        setProperty(r.AppUsers, 'MfaConfiguration', { Ref: 'Mfa' });
      }),
      expect: 'unverified',
      path: 'MfaConfiguration',
    },
  ],
};
