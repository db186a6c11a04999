import { Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { acknowledgeFindings } from '../../core/acknowledge';

/**
 * Acknowledges, on `scope`, exactly the AwsSolutions-IAM5 findings that `statements` raise: one per
 * wildcard action (`Action::s3:GetObject*`) and one per wildcard resource, spelled as cdk-nag spells it
 * (`Resource::<Bucket1234.Arn>/prefix/*`). Other wildcards added to the same policy later stay flagged.
 *
 * The ids are computed when the app is validated, after cross-stack references are resolved, because
 * a resource in another stack is only then an `Fn::ImportValue`.
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
          const flat = flatten(stack.resolve(resource));
          if (flat.includes('*')) ids.add(`AwsSolutions-IAM5[Resource::${flat}]`);
        }
      }
      acknowledgeFindings(
        scope,
        [...ids].map((ruleId) => ({ ruleId, reason })),
      );
      return [];
    },
  });
}

/** Flattens a resolved CloudFormation value the way cdk-nag names it in finding ids. */
function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  const value = node as Record<string, unknown>;
  if (value['Fn::Join']) {
    const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (value['Fn::Sub']) return flatten(value['Fn::Sub']);
  if (value['Fn::GetAtt']) {
    const [resource, attribute] = value['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (value['Fn::ImportValue']) return flatten(value['Fn::ImportValue']);
  if (value.Ref) return `<${flatten(value.Ref)}>`;
  return JSON.stringify(node);
}
