import { Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { flattenForNag, leastPrivilegeFinding, type PolicyStatementJson } from '../../core/policy-findings';
import { acknowledgeBuiltIn } from '../../core/private/acknowledge-built-in';

/** Action-name prefixes the LeastPrivilege pack counts as read-only. */
const READ_ONLY =
  /^[a-z0-9-]+:(Get|List|Describe|BatchGet|Head|Query|Scan|Search|Lookup|Select|View|Filter)/i;

const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

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
  const document = stack.resolve(policy.document) as { Statement?: PolicyStatementJson[] };
  for (const json of document.Statement ?? []) {
    const resources = list(json.Resource).map(flattenForNag);
    for (const resource of resources.filter((r) => r.includes('*'))) {
      ids.add(`AwsSolutions-IAM5[Resource::${resource}]`);
    }
    const writes = list(json.Action).some((a) => typeof a === 'string' && !READ_ONLY.test(a));
    if (resources.includes('*') && writes)
      ids.add(`LeastPrivilege-NoWriteOnAnyResource[${leastPrivilegeFinding(json)}]`);
  }
  if (ids.size > 0) {
    acknowledgeBuiltIn(
      policy,
      [...ids].map((ruleId) => ({ ruleId, reason })),
    );
  }
}
