import { Citation } from '../../../../constructs/core/citations';
import { MFA_ENFORCEMENT_STATEMENT } from '../../../../constructs/identity/mfa-enforcement';
import type { Resolved } from '../../template/resolve';
import { fail, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';
import { literalStrings, type PolicyStatement, policiesOf, statementsOf } from './policy-documents';

const MFA_KEY = Object.keys(MFA_ENFORCEMENT_STATEMENT.Condition.BoolIfExists)[0] as string;
/** Condition operators that test the MFA key: `BoolIfExists` (as MfaEnforcement writes it) or `Bool`. */
const MFA_OPERATORS = ['BoolIfExists', 'Bool'];
const EXEMPT_ACTIONS = new Set<string>(MFA_ENFORCEMENT_STATEMENT.NotAction.map((a) => a.toLowerCase()));

/** The only key of a one-key plain object, with its value. */
function onlyEntry(value: Resolved | undefined): [string, Resolved] | undefined {
  if (value === null || typeof value !== 'object' || isSpecial(value) || Array.isArray(value))
    return undefined;
  const entries = Object.entries(value as Record<string, Resolved>);
  return entries.length === 1 ? entries[0] : undefined;
}

/**
 * True when `statement` has the shape of {@link MFA_ENFORCEMENT_STATEMENT}: Effect Deny on Resource `*`,
 * every action (Action `*`, or NotAction exempting only MFA self-service), under a single condition that
 * `aws:MultiFactorAuthPresent` is false. A further condition or exempted action would narrow the deny.
 */
export function enforcesMfa(statement: PolicyStatement): boolean {
  if (statement.Effect !== 'Deny' || statement.NotResource !== undefined) return false;
  if (!literalStrings(statement.Resource)?.includes('*')) return false;
  const notAction = literalStrings(statement.NotAction);
  const action = literalStrings(statement.Action);
  const everyAction =
    statement.NotAction !== undefined
      ? notAction?.every((a) => EXEMPT_ACTIONS.has(a.toLowerCase())) === true
      : action?.includes('*') === true;
  if (!everyAction) return false;
  const [operator, test] = onlyEntry(statement.Condition) ?? [];
  if (operator === undefined || !MFA_OPERATORS.includes(operator)) return false;
  const [key, value] = onlyEntry(test) ?? [];
  return key?.toLowerCase() === MFA_KEY.toLowerCase() && String(value).toLowerCase() === 'false';
}

/**
 * Every IAM group and user has a policy attached (managed, standalone or inline, on the user or on a
 * group it belongs to) that denies every action but MFA self-service until the person signs in with MFA.
 */
export const IamMfaEnforcementAttached: TemplateRule = {
  id: 'IamMfaEnforcementAttached',
  citations: [Citation.AUTHENTICATION],
  severity: 'error',
  resourceTypes: ['AWS::IAM::Group', 'AWS::IAM::User'],
  rationale:
    'Without a deny on aws:MultiFactorAuthPresent false, an IAM user whose password or access key leaks can act with every permission of the user or group; MFA proves the person is who they claim to be.',
  fix: 'Attach MfaEnforcement to the group (mfaEnforcement.attachTo(group)) or put the user in such a group; AccessRoles does this for its groups.',
  check: (view, set) => {
    view.values('ManagedPolicyArns[]');
    view.values('Policies[]');
    if (view.resource.type === 'AWS::IAM::User') view.values('Groups[]');
    const { documents, unidentified } = policiesOf(view.resource, set);
    let unreadable: Resolved | undefined;
    for (const { source, document } of documents) {
      const statements = statementsOf(document);
      if (statements === undefined) unreadable ??= document ?? null;
      else if (statements.some(enforcesMfa)) {
        view.note('mfaPolicy', source);
        return [];
      }
    }
    view.note('mfaPolicy', null);
    if (unidentified.length > 0 || unreadable !== undefined)
      return [
        unverified(
          'ManagedPolicyArns',
          unidentified[0] ?? unreadable,
          'a policy that denies every action without MFA (one attached policy cannot be read from the templates)',
        ),
      ];
    return [
      fail(
        'ManagedPolicyArns',
        `no attached policy denies every action while aws:MultiFactorAuthPresent is false (${documents.length} policy document(s) read); attach MfaEnforcement`,
      ),
    ];
  },
};
