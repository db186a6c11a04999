import { Stack, Tokenization } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** A string-encoded token (`${Token[AWS.Partition.10]}`) or list-encoded token (`#{Token[…]}`). */
const ENCODED_TOKEN = /[$#]\{Token\[[^\]]*\]\}/g;

/** Names a resolved CloudFormation value: `AWS::Partition`, `MyBucket`, `MyBucket.Arn`, `Fn::Join`. */
function describeResolved(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const [fn, args] = Object.entries(value)[0] ?? [];
    if (fn === 'Ref' && typeof args === 'string') return args;
    if (fn === 'Fn::GetAtt' && Array.isArray(args)) return args.join('.');
    if (fn) return fn;
  }
  return 'unresolved value';
}

/**
 * Text for a person (a report reason, a message) with every unresolved token replaced by a stable,
 * readable placeholder: `${Token[AWS.Partition.10]}` becomes `<AWS::Partition>`, a resource reference
 * `<LogicalId>` or `<LogicalId.Attribute>`, a token that resolves to a literal the literal itself. Token
 * numbers differ between runs; the placeholders do not. Resolved in the stack of `scope`.
 */
export function readableText(scope: IConstruct, text: string): string {
  if (!text.includes('Token[')) return text;
  const stack = Stack.of(scope);
  return text.replace(ENCODED_TOKEN, (encoded) => {
    const token = Tokenization.reverseString(encoded.replace(/^#/, '$')).firstToken;
    if (token === undefined) return '<unresolved value>';
    const resolved = stack.resolve(token);
    return typeof resolved === 'string' && !resolved.includes('Token[')
      ? resolved
      : `<${describeResolved(resolved)}>`;
  });
}
