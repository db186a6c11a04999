import { CfnResource, Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { acknowledgeBuiltIn } from './private/acknowledge-built-in';

/** One statement of an identity-based policy, as rendered in the template. */
export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: unknown;
}

/** Longest statement text in a LeastPrivilege finding, before brackets are closed. */
const MAX_FINDING_LENGTH = 200;

/** A copy of `value` with object keys sorted, so the same statement always reads the same. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value as object)
      .sort()
      .map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]),
  );
}

/**
 * The finding text the LeastPrivilege pack reports for a statement: its compact JSON with keys sorted,
 * whitespace replaced by `_`, cut to about 200 characters, with brackets balanced so the rule id stays
 * valid. `LeastPrivilege-<Rule>[<this text>]` acknowledges exactly this statement.
 */
export function leastPrivilegeFinding(statement: PolicyStatementJson): string {
  const json = JSON.stringify(sortedKeys(statement)).replace(/\s+/g, '_');
  const cut = json.length > MAX_FINDING_LENGTH ? `${json.slice(0, MAX_FINDING_LENGTH)}…` : json;
  const pairs: Record<string, string> = { ']': '[', ')': '(', '}': '{' };
  const open: string[] = [];
  let out = '';
  for (const c of cut) {
    if (c === '[' || c === '(' || c === '{') open.push(c);
    else if (c in pairs) {
      if (open[open.length - 1] !== pairs[c]) continue; // a closer inside a string value: drop it
      open.pop();
    }
    out += c;
  }
  const closers: Record<string, string> = { '[': ']', '(': ')', '{': '}' };
  return (
    out +
    open
      .reverse()
      .map((c) => closers[c])
      .join('')
  );
}

/** Flattens a resolved CloudFormation value the way cdk-nag spells it in AwsSolutions-IAM5 finding ids. */
export function flattenForNag(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  const value = node as Record<string, unknown>;
  if (value['Fn::Join']) {
    const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
    return items.map(flattenForNag).join(delimiter);
  }
  if (value['Fn::Sub']) return flattenForNag(value['Fn::Sub']);
  if (value['Fn::GetAtt']) {
    const [resource, attribute] = value['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenForNag(resource)}.${flattenForNag(attribute)}>`;
  }
  if (value['Fn::ImportValue']) return flattenForNag(value['Fn::ImportValue']);
  if (value.Ref) return `<${flattenForNag(value.Ref)}>`;
  return JSON.stringify(node);
}

const asList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string',
  );

/** Resource types holding identity-based policies, and where their statements are. */
export const POLICY_LOCATIONS: Readonly<Record<string, 'document' | 'policies'>> = {
  'AWS::IAM::Policy': 'document',
  'AWS::IAM::ManagedPolicy': 'document',
  'AWS::IAM::RolePolicy': 'document',
  'AWS::IAM::GroupPolicy': 'document',
  'AWS::IAM::UserPolicy': 'document',
  'AWS::IAM::Role': 'policies',
  'AWS::IAM::User': 'policies',
  'AWS::IAM::Group': 'policies',
};

/** The Allow statements of the IAM policy resources at or below `scope`, as they will be deployed. */
export function renderedAllowStatements(scope: IConstruct): PolicyStatementJson[] {
  const policies = scope.node
    .findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType in POLICY_LOCATIONS);
  return policies.flatMap(allowStatementsOf);
}

/** The Allow statements one IAM resource holds, as it will be deployed (overrides applied, tokens resolved). */
export function allowStatementsOf(policy: CfnResource): PolicyStatementJson[] {
  const rendered = Stack.of(policy).resolve(
    (policy as unknown as { _toCloudFormation(): unknown })._toCloudFormation(),
  ) as { Resources: Record<string, { Properties?: Record<string, unknown> }> };
  const props = Object.values(rendered.Resources)[0]?.Properties ?? {};
  const documents =
    POLICY_LOCATIONS[policy.cfnResourceType] === 'policies'
      ? ((props.Policies as { PolicyDocument?: unknown }[] | undefined) ?? []).map((p) => p.PolicyDocument)
      : [props.PolicyDocument];
  return documents
    .flatMap((doc) => {
      const statement = (doc as { Statement?: unknown } | undefined)?.Statement;
      return Array.isArray(statement) ? statement : statement ? [statement] : [];
    })
    .filter((s): s is PolicyStatementJson => (s as PolicyStatementJson).Effect === 'Allow');
}

/**
 * Acknowledges, on `scope`, the `Resource: '*'` findings (AwsSolutions-IAM5 and LeastPrivilege
 * NoWriteOnAnyResource) of the policy statements below it whose actions are all in `actions`: APIs that
 * accept no resource-level permissions. A statement with any other action stays flagged, so a wildcard
 * added later is still caught. Ids are computed when the app is validated, from the statements as
 * deployed (after CDK merges statements).
 */
export function acknowledgeResourceWildcards(
  scope: IConstruct,
  options: { readonly actions: readonly string[]; readonly reason: string },
): void {
  const allowed = new Set(options.actions);
  scope.node.addValidation({
    validate: () => {
      const ids = new Set<string>();
      for (const statement of renderedAllowStatements(scope)) {
        const actions = asList(statement.Action);
        if (!asList(statement.Resource).includes('*') || actions.length === 0) continue;
        if (!actions.every((a) => allowed.has(a))) continue;
        ids.add('AwsSolutions-IAM5[Resource::*]');
        ids.add(`LeastPrivilege-NoWriteOnAnyResource[${leastPrivilegeFinding(statement)}]`);
      }
      acknowledgeBuiltIn(
        scope,
        [...ids].map((ruleId) => ({ ruleId, reason: options.reason })),
      );
      return [];
    },
  });
}

/**
 * Acknowledges, on `scope`, exactly the AwsSolutions-IAM5 findings that `statements` raise: one per
 * wildcard action (`Action::s3:GetObject*`) and one per wildcard resource, spelled as cdk-nag spells it
 * (`Resource::<Bucket1234.Arn>/prefix/*`). Other wildcards added to the same policy later stay flagged.
 * Ids are computed when the app is validated, after cross-stack references are resolved.
 */
export function acknowledgeWildcards(
  scope: IConstruct,
  statements: readonly iam.PolicyStatement[],
  reason: string,
): void {
  scope.node.addValidation({
    validate: () => {
      const stack = Stack.of(scope);
      const ids = new Set<string>();
      for (const statement of statements) {
        for (const action of statement.actions) {
          if (action.includes('*')) ids.add(`AwsSolutions-IAM5[Action::${action}]`);
        }
        for (const resource of statement.resources) {
          const flat = flattenForNag(stack.resolve(resource));
          if (flat.includes('*')) ids.add(`AwsSolutions-IAM5[Resource::${flat}]`);
        }
      }
      acknowledgeBuiltIn(
        scope,
        [...ids].map((ruleId) => ({ ruleId, reason })),
      );
      return [];
    },
  });
}
