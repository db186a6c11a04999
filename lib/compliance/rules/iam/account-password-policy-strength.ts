import {
  MAX_PASSWORD_AGE_DAYS,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_REUSE_PREVENTION,
} from '../../../../constructs/identity/account-password-policy';
import { IdentityCitation } from '../../../../constructs/identity/private/citations';
import type { Resolved } from '../../template/resolve';
import { fail, type Problem, type ResourceView, type TemplateRule, unverified } from '../../template/rule';

/** The SDK calls of the custom resource that must set the policy. */
const CALLS = ['Create', 'Update'] as const;

/** Each `updateAccountPasswordPolicy` parameter that must be true. */
const REQUIRED_TRUE = [
  'RequireSymbols',
  'RequireNumbers',
  'RequireUppercaseCharacters',
  'RequireLowercaseCharacters',
  'AllowUsersToChangePassword',
] as const;

/** Each numeric parameter, with the range AccountPasswordPolicy accepts. */
const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  MinimumPasswordLength: [MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH],
  PasswordReusePrevention: [PASSWORD_REUSE_PREVENTION, PASSWORD_REUSE_PREVENTION],
  MaxPasswordAge: [1, MAX_PASSWORD_AGE_DAYS],
};

type SdkCall = { service?: unknown; action?: unknown; parameters?: Record<string, unknown> };

/** The SDK call an AwsCustomResource holds as a JSON string, or why it cannot be read. */
function parseCall(value: Resolved | undefined): SdkCall | string {
  if (typeof value !== 'string') return 'not a literal JSON string';
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as SdkCall) : 'not a JSON object';
  } catch {
    return 'not valid JSON';
  }
}

/** Problems of one SDK call (`Create` or `Update`), recording each parameter as observed. */
function callProblems(view: ResourceView, name: (typeof CALLS)[number]): Problem[] {
  const raw = view.get(name);
  if (raw === undefined)
    return [fail(name, `${name} must call iam:UpdateAccountPasswordPolicy, but the property is absent`)];
  const call = parseCall(raw);
  if (typeof call === 'string') return [unverified(name, raw, `a literal SDK call (${call})`)];
  if (String(call.service).toLowerCase() !== 'iam' || call.action !== 'updateAccountPasswordPolicy')
    return [
      fail(name, `${name} must call IAM updateAccountPasswordPolicy, got ${call.service}.${call.action}`),
    ];
  const parameters = call.parameters ?? {};
  const problems: Problem[] = [];
  const at = (parameter: string) => `${name}.parameters.${parameter}`;
  for (const parameter of REQUIRED_TRUE) {
    const value = parameters[parameter];
    view.note(`Properties.${at(parameter)}`, (value ?? null) as Resolved);
    if (value !== true)
      problems.push(fail(at(parameter), `${at(parameter)} must be true, got ${JSON.stringify(value)}`));
  }
  for (const [parameter, [min, max]] of Object.entries(RANGES)) {
    const value = parameters[parameter];
    view.note(`Properties.${at(parameter)}`, (value ?? null) as Resolved);
    if (typeof value !== 'number' || value < min || value > max)
      problems.push(
        fail(
          at(parameter),
          `${at(parameter)} must be ${min === max ? min : `between ${min} and ${max}`}, got ${JSON.stringify(value)}`,
        ),
      );
  }
  return problems;
}

/**
 * The account password policy (AccountPasswordPolicy's `Custom::AccountPasswordPolicy`) sets, on create
 * and on update, passwords of at least 14 characters with every character class, no reuse of the last
 * 24, expiry within 90 days and self-service change; and never deletes the policy.
 */
export const AccountPasswordPolicyStrength: TemplateRule = {
  id: 'AccountPasswordPolicyStrength',
  citations: [IdentityCitation.PASSWORD_MANAGEMENT],
  severity: 'error',
  resourceTypes: ['Custom::AccountPasswordPolicy'],
  rationale:
    'Short, simple, reused or never-expiring IAM user passwords are guessed or replayed; deleting the policy falls back to IAM’s default of 8 characters with no complexity for every IAM user in the account.',
  fix: `Use AccountPasswordPolicy at its defaults (length ≥ ${MIN_PASSWORD_LENGTH}, every character class, reuse prevention ${PASSWORD_REUSE_PREVENTION}, max age ≤ ${MAX_PASSWORD_AGE_DAYS} days) and remove any override of its Create, Update or Delete call.`,
  strongerWhen: {
    'Properties.Create.parameters.MinimumPasswordLength': 'higher',
    'Properties.Update.parameters.MinimumPasswordLength': 'higher',
    'Properties.Create.parameters.MaxPasswordAge': 'lower',
    'Properties.Update.parameters.MaxPasswordAge': 'lower',
  },
  check: (view) => {
    const problems = CALLS.flatMap((name) => callProblems(view, name));
    const onDelete = view.get('Delete');
    if (onDelete !== undefined) {
      const call = parseCall(onDelete);
      if (typeof call === 'string')
        problems.push(unverified('Delete', onDelete, 'absent (the policy is kept)'));
      else if (String(call.action).toLowerCase() === 'deleteaccountpasswordpolicy')
        problems.push(
          fail(
            'Delete',
            'Delete must not call deleteAccountPasswordPolicy: IAM would fall back to its weak default',
          ),
        );
    }
    return problems;
  },
};
