import { Citation } from '../../../../constructs/core/citations';
import type { Resolved } from '../../template/resolve';
import { fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';
import {
  asList,
  awsManagedPolicyName,
  literalStrings,
  managedPolicyOf,
  type PolicyStatement,
  statementsOf,
} from './policy-documents';

/**
 * AWS-managed policies that grant administrator access: AdministratorAccess itself, and IAMFullAccess,
 * whose holder can attach AdministratorAccess to itself.
 */
export const ADMIN_AWS_MANAGED_POLICIES: readonly string[] = ['AdministratorAccess', 'IAMFullAccess'];

/** Actions that, allowed on every resource, amount to administrator access. */
const ADMIN_ACTIONS = new Set(['*', '*:*', 'iam:*']);

const POLICY_TYPES = [
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Policy',
  'AWS::IAM::RolePolicy',
  'AWS::IAM::GroupPolicy',
  'AWS::IAM::UserPolicy',
];
const PRINCIPAL_TYPES = ['AWS::IAM::Role', 'AWS::IAM::Group', 'AWS::IAM::User'];

/** The problem an Allow statement raises when it grants every action (or every IAM action) on every resource. */
function statementProblem(path: string, statement: PolicyStatement): Problem | undefined {
  if (statement.Effect !== 'Allow') return undefined;
  const anyResource =
    statement.NotResource !== undefined || asList(statement.Resource).some((r) => r === '*');
  if (!anyResource) return undefined;
  const actions = literalStrings(statement.Action);
  if (actions === undefined) return unverified(`${path}.Action`, statement.Action, 'a list of named actions');
  const admin = actions.filter((a) => ADMIN_ACTIONS.has(a.toLowerCase()));
  return admin.length > 0
    ? fail(path, `${path} allows ${admin.join(', ')} on every resource: administrator access`)
    : undefined;
}

/** Problems of every statement of `document`, found at `path`. */
function documentProblems(path: string, document: Resolved | undefined): Problem[] {
  const statements = statementsOf(document);
  if (statements === undefined) return [unverified(path, document, 'a policy document without "*" on "*"')];
  return statements
    .map((s, i) => statementProblem(`${path}.Statement[${i}]`, s))
    .filter((p): p is Problem => p !== undefined);
}

/**
 * No identity policy grants administrator access: no Allow of `*` (or `iam:*`) on Resource `*` in a
 * managed, standalone or inline policy, and no AdministratorAccess or IAMFullAccess in `ManagedPolicyArns`.
 * A role that must be an administrator (AccessRoles' administrator and break-glass roles) is acknowledged
 * on the role with its reason.
 */
export const IamNoAdminAccess: TemplateRule = {
  id: 'IamNoAdminAccess',
  citations: [Citation.ACCESS_MANAGEMENT, Citation.ACCESS_CONTROL],
  severity: 'error',
  resourceTypes: [...POLICY_TYPES, ...PRINCIPAL_TYPES],
  rationale:
    'A principal with administrator access can read, change and delete every ePHI store and turn off the controls that record it; access must be limited to what each job function needs.',
  fix: 'Grant the specific actions and resources the principal needs; where an administrator role is required, keep it behind MFA and a permissions boundary and acknowledge the finding on that role with the reason.',
  check: (view, set) => {
    if (POLICY_TYPES.includes(view.resource.type))
      return documentProblems('PolicyDocument', view.get('PolicyDocument'));
    const problems: Problem[] = [];
    view.values('ManagedPolicyArns[]').forEach((arn, i) => {
      const path = `ManagedPolicyArns[${i}]`;
      const policy = managedPolicyOf(arn, set);
      const awsName = awsManagedPolicyName(arn);
      if (policy)
        problems.push(
          ...documentProblems(path, policy.properties.PolicyDocument).map((p) => ({
            ...p,
            message: `${p.message} (in ${policy.stackName}/${policy.logicalId}, attached here)`,
          })),
        );
      else if (awsName && ADMIN_AWS_MANAGED_POLICIES.includes(awsName))
        problems.push(fail(path, `${path} attaches the AWS-managed ${awsName} policy`));
      else if (!awsName)
        problems.push(unverified(path, arn, 'a policy that does not grant administrator access'));
    });
    view.values('Policies[]').forEach((inline, i) => {
      const document =
        inline !== null && typeof inline === 'object' && !isSpecial(inline) && !Array.isArray(inline)
          ? (inline as Record<string, Resolved>).PolicyDocument
          : inline;
      problems.push(...documentProblems(`Policies[${i}].PolicyDocument`, document));
    });
    return problems;
  },
};
