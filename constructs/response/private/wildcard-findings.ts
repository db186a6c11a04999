import { Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeFindings } from '../../core/acknowledge';

/** Action-name prefixes the LeastPrivilege pack counts as read-only. */
const READ_ONLY =
  /^[a-z0-9-]+:(Get|List|Describe|BatchGet|Head|Query|Scan|Search|Lookup|Select|View|Filter)/i;

interface StatementJson {
  readonly Action?: string | string[];
  readonly Resource?: unknown;
  readonly [key: string]: unknown;
}

const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** Flattens a resolved ARN the way cdk-nag prints it: `<Logical.Attr>` for GetAtt, joins concatenated. */
function flatten(node: unknown): string {
  if (typeof node === 'string') return node;
  const obj = (node ?? {}) as Record<string, unknown>;
  if ('Fn::Join' in obj) {
    const [delimiter, items] = obj['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if ('Fn::GetAtt' in obj) {
    const [resource, attribute] = obj['Fn::GetAtt'] as [string, string];
    return `<${resource}.${attribute}>`;
  }
  if ('Ref' in obj) return `<${String(obj.Ref)}>`;
  return JSON.stringify(node);
}

/** A statement as the LeastPrivilege pack names it: compact JSON with keys sorted. */
function compact(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  };
  return JSON.stringify(sorted(value)).replace(/\s+/g, '_');
}

/**
 * Acknowledges, on `policy`, exactly the wildcard-resource findings its statements raise: one
 * `AwsSolutions-IAM5[Resource::…]` per ARN holding `*`, and `LeastPrivilege-NoWriteOnAnyResource[…]` for
 * each statement that allows a write on `Resource: '*'`, read from the policy document as it will be
 * rendered. Give every statement a `sid`, so statements are not merged after this runs. Statements
 * without wildcards raise nothing.
 */
export function acknowledgeWildcardResources(policy: iam.ManagedPolicy, reason: string): void {
  const stack = Stack.of(policy);
  const ids = new Set<string>();
  const document = stack.resolve(policy.document) as { Statement?: StatementJson[] };
  for (const json of document.Statement ?? []) {
    const resources = list(json.Resource).map(flatten);
    for (const resource of resources.filter((r) => r.includes('*'))) {
      ids.add(`AwsSolutions-IAM5[Resource::${resource}]`);
    }
    const writes = list(json.Action).some((a) => typeof a === 'string' && !READ_ONLY.test(a));
    if (resources.includes('*') && writes) ids.add(`LeastPrivilege-NoWriteOnAnyResource[${compact(json)}]`);
  }
  if (ids.size > 0)
    acknowledgeFindings(
      policy,
      [...ids].map((ruleId) => ({ ruleId, reason })),
    );
}
