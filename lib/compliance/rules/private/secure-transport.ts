import { Composite, type Resolved, Unresolved } from '../../template/resolve';
import { displayValue, fail, type Problem } from '../../template/rule';
import { isSpecial, refOf, type TemplateResource, type TemplateSet } from '../../template/template-set';
import { isObject } from './json-values';

/** How a resource policy is attached to the resource it protects, for {@link secureTransportProblems}. */
export interface ResourcePolicyShape {
  /** The policy resource type, e.g. `AWS::SNS::TopicPolicy`. */
  readonly policyType: string;
  /** The policy's property that names the protected resource (`[]` for lists), e.g. `Topics[]`. */
  readonly targetPath: string;
  /**
   * Actions a deny statement must name (any one of them) to cover every request to the resource,
   * e.g. `['sns:Publish', 'sns:*', '*']`.
   */
  readonly actions: readonly string[];
}

const asList = (value: Resolved | undefined): Resolved[] =>
  value === undefined ? [] : Array.isArray(value) ? [...value] : [value];

/** True when `principal` is everyone (`"*"` or `{ "AWS": "*" }`). */
function isEveryone(principal: Resolved | undefined): boolean {
  if (principal === '*') return true;
  return isObject(principal) && asList(principal.AWS).includes('*');
}

/**
 * True when the statement's condition is exactly `Bool: { aws:SecureTransport: false }`: any further
 * condition would narrow the deny to some requests only.
 */
function deniesInsecureTransport(condition: Resolved | undefined): boolean {
  if (!isObject(condition) || !isObject(condition.Bool)) return false;
  if (Object.keys(condition).length !== 1 || Object.keys(condition.Bool).length !== 1) return false;
  const value = condition.Bool['aws:SecureTransport'];
  return asList(value).some((v) => v === false || v === 'false');
}

/** True when the statement's Resource names `target` (by reference, `<arn>/*`, or `*`). */
function coversResource(resource: Resolved | undefined, target: TemplateResource): boolean {
  return asList(resource).some((r) => {
    if (r === '*') return true;
    const ref = refOf(r);
    return ref !== undefined && ref.stackName === target.stackName && ref.logicalId === target.logicalId;
  });
}

/**
 * Problems when no resource policy of `shape.policyType` attached to `target` denies every principal
 * requests made without TLS (`Effect: Deny`, `Principal: *`, an action of `shape.actions`, a Resource
 * naming the target, and `Condition.Bool.aws:SecureTransport` false). Statements that hold unresolved
 * values make the result unverified rather than compliant. Records what it found on `note`.
 */
export function secureTransportProblems(
  target: TemplateResource,
  set: TemplateSet,
  shape: ResourcePolicyShape,
  note: (key: string, value: Resolved) => void,
): Problem[] {
  const policies = set.referrers(target, shape.policyType, shape.targetPath);
  note(
    'resourcePolicies',
    policies.map((p) => p.label),
  );
  if (policies.length === 0)
    return [
      fail(
        'Properties',
        `no ${shape.policyType} is attached to the resource (${shape.targetPath.replace('[]', '')} referencing it), so nothing denies requests made without TLS`,
      ),
    ];
  let unresolved: Resolved | undefined;
  for (const policy of policies) {
    const statements = policy.properties.PolicyDocument;
    const list = isObject(statements) ? asList(statements.Statement) : [];
    if (statements !== undefined && !isObject(statements)) unresolved ??= statements;
    for (const statement of list) {
      if (!isObject(statement)) {
        unresolved ??= statement;
        continue;
      }
      // NotPrincipal / NotAction / NotResource turn the deny into an exception list: not counted.
      if (
        statement.Effect !== 'Deny' ||
        ['NotPrincipal', 'NotAction', 'NotResource'].some((k) => k in statement)
      )
        continue;
      const denies =
        isEveryone(statement.Principal) &&
        asList(statement.Action).some((a) => typeof a === 'string' && shape.actions.includes(a)) &&
        coversResource(statement.Resource, target) &&
        deniesInsecureTransport(statement.Condition);
      if (denies) {
        note('secureTransportDeniedBy', policy.label);
        return [];
      }
      if (hasUnresolved(statement)) unresolved ??= statement;
    }
  }
  return unresolved !== undefined
    ? [
        {
          path: 'Properties',
          message: `a resource policy must deny requests when aws:SecureTransport is false, but it holds ${JSON.stringify(displayValue(unresolved))}, which cannot be verified at synth`,
          unverified: true,
        },
      ]
    : [
        fail(
          'Properties',
          `no statement of ${policies.map((p) => p.label).join(', ')} denies Principal * (${shape.actions.join(' / ')}) on the resource when aws:SecureTransport is false`,
        ),
      ];
}

/** True when `value` holds a part the templates cannot decide (references to resources are decided). */
function hasUnresolved(value: Resolved): boolean {
  if (value instanceof Unresolved) return true;
  if (value instanceof Composite) return value.parts.some((p) => p instanceof Unresolved);
  if (Array.isArray(value)) return value.some(hasUnresolved);
  return isObject(value) && Object.values(value).some(hasUnresolved);
}

/**
 * Problems when `KmsMasterKeyId` is absent or names an AWS managed key (`alias/aws/<service>`), whose
 * key policy the account cannot restrict.
 */
export function customerManagedKeyProblems(keyId: Resolved | undefined, service: string): Problem[] {
  const path = 'KmsMasterKeyId';
  if (keyId === undefined || keyId === '')
    return [fail(path, `${path} must be set: a customer-managed KMS key encrypts the messages`)];
  const text = isSpecial(keyId) ? String(keyId) : typeof keyId === 'string' ? keyId : '';
  return text.endsWith(`alias/aws/${service}`)
    ? [fail(path, `${path} must be a customer-managed key, got the AWS managed key ${JSON.stringify(text)}`)]
    : [];
}
