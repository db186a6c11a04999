import { Citation } from '../../../../constructs/core/citations';
import { DetectionCitation } from '../../../../constructs/detection/private/citations';
import {
  MIN_PASSWORD_LENGTH,
  PASSWORD_REUSE_PREVENTION,
} from '../../../../constructs/identity/account-password-policy';
import { TEMPORARY_PASSWORD_VALIDITY_DAYS } from '../../../../constructs/identity/app-user-pool';
import { IdentityCitation } from '../../../../constructs/identity/private/citations';
import {
  expectBetween,
  expectEqual,
  expectRetained,
  fail,
  type Problem,
  type TemplateRule,
  unverified,
} from '../../template/rule';
import { isSpecial } from '../../template/template-set';

/** Longest password Cognito accepts as a minimum length. */
const COGNITO_MAX_MIN_LENGTH = 99;
/** The most previous passwords Cognito remembers. */
const COGNITO_MAX_PASSWORD_HISTORY = 24;
/** The second factor every pool must offer: TOTP authenticator apps (SMS may be offered in addition). */
const TOTP = 'SOFTWARE_TOKEN_MFA';

/**
 * Every Cognito user pool requires MFA with TOTP offered, runs on the Plus plan with threat protection
 * enforced, requires strong passwords (AppUserPool's minimums), keeps temporary passwords one day, and is
 * protected from deletion and retained.
 */
export const CognitoUserPoolSecurity: TemplateRule = {
  id: 'CognitoUserPoolSecurity',
  citations: [
    Citation.AUTHENTICATION,
    IdentityCitation.PASSWORD_MANAGEMENT,
    DetectionCitation.LOGIN_MONITORING,
  ],
  severity: 'error',
  resourceTypes: ['AWS::Cognito::UserPool'],
  rationale:
    'App users reach ePHI through the pool: without required MFA a stolen password is enough, without enforced threat protection compromised credentials and risky sign-ins are not blocked, weak passwords are guessed, and a deleted pool loses every identity.',
  fix: `Use AppUserPool (or set MfaConfiguration ON with ${TOTP}, UserPoolTier PLUS, UserPoolAddOns.AdvancedSecurityMode ENFORCED, a password policy of ${MIN_PASSWORD_LENGTH}+ characters with every class and history ${PASSWORD_REUSE_PREVENTION}, DeletionProtection ACTIVE and DeletionPolicy Retain).`,
  strongerWhen: {
    'Properties.Policies.PasswordPolicy.MinimumLength': 'higher',
    'Properties.Policies.PasswordPolicy.PasswordHistorySize': 'higher',
    'Properties.Policies.PasswordPolicy.TemporaryPasswordValidityDays': 'lower',
  },
  check: (view) => {
    const problems: Problem[] = [
      ...expectEqual(view, 'MfaConfiguration', 'ON'),
      ...expectEqual(view, 'UserPoolTier', 'PLUS'),
      ...expectEqual(view, 'UserPoolAddOns.AdvancedSecurityMode', 'ENFORCED'),
      ...expectEqual(view, 'DeletionProtection', 'ACTIVE'),
      ...expectBetween(
        view,
        'Policies.PasswordPolicy.MinimumLength',
        MIN_PASSWORD_LENGTH,
        COGNITO_MAX_MIN_LENGTH,
      ),
      ...expectEqual(view, 'Policies.PasswordPolicy.RequireLowercase', true),
      ...expectEqual(view, 'Policies.PasswordPolicy.RequireUppercase', true),
      ...expectEqual(view, 'Policies.PasswordPolicy.RequireNumbers', true),
      ...expectEqual(view, 'Policies.PasswordPolicy.RequireSymbols', true),
      ...expectBetween(
        view,
        'Policies.PasswordPolicy.PasswordHistorySize',
        PASSWORD_REUSE_PREVENTION,
        COGNITO_MAX_PASSWORD_HISTORY,
      ),
      ...expectBetween(
        view,
        'Policies.PasswordPolicy.TemporaryPasswordValidityDays',
        1,
        TEMPORARY_PASSWORD_VALIDITY_DAYS,
      ),
      ...expectRetained(view),
    ];
    const mfas = view.get('EnabledMfas');
    if (mfas !== undefined && isSpecial(mfas))
      problems.push(unverified('EnabledMfas', mfas, `a list with ${TOTP}`));
    else if (!Array.isArray(mfas) || !mfas.includes(TOTP))
      problems.push(
        fail(
          'EnabledMfas',
          `EnabledMfas must include ${TOTP} (TOTP apps), got ${JSON.stringify(mfas ?? null)}`,
        ),
      );
    return problems;
  },
};
