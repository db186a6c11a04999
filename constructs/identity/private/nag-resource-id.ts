import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The `Resource::…` suffix AwsSolutions-IAM5 reports for a resource ARN, so a construct can acknowledge
 * the finding for exactly that resource: intrinsics are flattened the way cdk-nag does it
 * (`{ Fn::GetAtt: [Bucket, Arn] }` becomes `<Bucket.Arn>`, `Fn::Join` is joined).
 */
export function nagResourceSuffix(scope: IConstruct, arn: string): string {
  const visit = (node: unknown): string => {
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
    const obj = (node ?? {}) as Record<string, unknown>;
    if ('Fn::Join' in obj) {
      const [delimiter, items] = obj['Fn::Join'] as [string, unknown[]];
      return items.map(visit).join(delimiter);
    }
    if ('Fn::GetAtt' in obj) {
      const [resource, attribute] = obj['Fn::GetAtt'] as [string, string];
      return `<${resource}.${attribute}>`;
    }
    if ('Ref' in obj) return `<${String(obj.Ref)}>`;
    return JSON.stringify(node);
  };
  return `Resource::${visit(Stack.of(scope).resolve(arn))}`;
}
