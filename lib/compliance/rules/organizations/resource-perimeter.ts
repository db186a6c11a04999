import { Citation } from '../../../../constructs/core/citations';
import { Composite, type Resolved, Unresolved } from '../../template/resolve';
import { fail, NOT_APPLICABLE, type Problem, type TemplateRule } from '../../template/rule';
import { type TemplateResource, type TemplateSet } from '../../template/template-set';
import { isObject } from '../private/json-values';

const POLICY = 'AWS::Organizations::Policy';
const RCP = 'RESOURCE_CONTROL_POLICY';
const SCP = 'SERVICE_CONTROL_POLICY';
const ORG_ID = /^o-[a-z0-9]{10,32}$/;

/**
 * The services the perimeter must cover, with the actions (any one) a deny statement must name to
 * cover them: every action, or for STS the role assumption that role trust policies grant.
 */
const SERVICES: Readonly<Record<string, readonly string[]>> = {
  s3: ['*', 's3:*'],
  kms: ['*', 'kms:*'],
  sts: ['*', 'sts:*', 'sts:AssumeRole'],
  sqs: ['*', 'sqs:*'],
  secretsmanager: ['*', 'secretsmanager:*'],
};
/** Condition keys a perimeter statement may use besides `aws:PrincipalOrgID`: its documented exceptions. */
const EXCEPTION_KEYS = new Set(['aws:principalaccount']);

const asList = (value: Resolved | undefined): Resolved[] =>
  value === undefined ? [] : Array.isArray(value) ? [...value] : [value];

/** True when `value` holds a part the templates cannot decide. */
function hasUnresolved(value: Resolved | undefined): boolean {
  if (value instanceof Unresolved) return true;
  if (value instanceof Composite) return value.parts.some((p) => p instanceof Unresolved);
  if (Array.isArray(value)) return value.some(hasUnresolved);
  return isObject(value) && Object.values(value).some(hasUnresolved);
}

/** The statements of a policy's Content (an object, or the JSON string CloudFormation also accepts). */
function statementsOf(content: Resolved | undefined): Resolved[] {
  let document = content;
  if (typeof content === 'string') {
    try {
      document = JSON.parse(content) as Resolved;
    } catch {
      return [];
    }
  }
  return isObject(document) ? asList(document.Statement) : [];
}

/**
 * True when the condition denies principals outside one literal organization: a
 * `StringNotEquals[IfExists]` on `aws:PrincipalOrgID` naming an `o-…` id, with no other narrowing
 * than the AWS-service exception (`aws:PrincipalIsAWSService` false) and trusted accounts
 * (`aws:PrincipalAccount`, recorded as a relaxation by ResourceControlPolicies).
 */
function deniesOutsideOrg(condition: Resolved | undefined): boolean {
  if (!isObject(condition)) return false;
  let orgDenied = false;
  for (const [operator, block] of Object.entries(condition)) {
    if (!isObject(block)) return false;
    if (operator === 'StringNotEquals' || operator === 'StringNotEqualsIfExists') {
      for (const [key, value] of Object.entries(block)) {
        const k = key.toLowerCase();
        if (k === 'aws:principalorgid') {
          const ids = asList(value);
          orgDenied = ids.length === 1 && typeof ids[0] === 'string' && ORG_ID.test(ids[0]);
        } else if (!EXCEPTION_KEYS.has(k)) return false;
      }
    } else if (operator === 'Bool' || operator === 'BoolIfExists') {
      const keys = Object.keys(block);
      const service = block['aws:PrincipalIsAWSService'];
      if (keys.length !== 1 || !asList(service).some((v) => v === false || v === 'false')) return false;
    } else return false;
  }
  return orgDenied;
}

/** The services one statement keeps outside principals away from (none unless it is a perimeter deny). */
function coveredBy(statement: Resolved): string[] {
  if (!isObject(statement) || statement.Effect !== 'Deny') return [];
  if (['NotPrincipal', 'NotAction', 'NotResource'].some((k) => k in statement)) return [];
  const principal = statement.Principal;
  const everyone = principal === '*' || (isObject(principal) && asList(principal.AWS).includes('*'));
  if (!everyone || !asList(statement.Resource).includes('*') || !deniesOutsideOrg(statement.Condition))
    return [];
  const actions = asList(statement.Action);
  return Object.entries(SERVICES)
    .filter(([, accepted]) => actions.some((a) => typeof a === 'string' && accepted.includes(a)))
    .map(([service]) => service);
}

const typeOf = (r: TemplateResource) => r.properties.Type;
const attached = (r: TemplateResource) => asList(r.properties.TargetIds).length > 0;

/** The stack's SCPs and RCPs in template order; the first one carries the stack's perimeter finding. */
function orgPoliciesOf(set: TemplateSet, stackName: string): TemplateResource[] {
  return set
    .ofType(POLICY)
    .filter((r) => r.stackName === stackName && (typeOf(r) === SCP || typeOf(r) === RCP));
}

/**
 * A template that governs an organization (it holds SCPs or RCPs) also holds resource control policies,
 * attached to a target, that deny principals outside the organization (`aws:PrincipalOrgID`) access to
 * S3, KMS, STS, SQS and Secrets Manager resources — whatever a member's bucket, key, queue, secret or
 * role trust policy grants. The finding is reported on the template's first SCP or RCP; every RCP must
 * also be attached.
 */
export const OrganizationResourcePerimeter: TemplateRule = {
  id: 'OrganizationResourcePerimeter',
  citations: [Citation.ACCESS_CONTROL, Citation.ACCESS_MANAGEMENT],
  severity: 'error',
  resourceTypes: [POLICY],
  rationale:
    'A single misconfigured bucket, key, queue, secret or role trust policy in any member account can open ePHI to principals outside the organization; a resource control policy caps every such policy at the organization boundary.',
  fix: 'Use ResourceControlPolicies (deployed by OrganizationManagementStack), or attach to the PHI OUs an AWS::Organizations::Policy of Type RESOURCE_CONTROL_POLICY with a Deny statement for Principal * on s3:*, kms:*, sts:AssumeRole, sqs:* and secretsmanager:* when aws:PrincipalOrgID (StringNotEqualsIfExists) is not the organization id.',
  check: (view, set) => {
    const type = view.get('Type');
    if (type !== SCP && type !== RCP) return NOT_APPLICABLE;
    const problems: Problem[] = [];
    if (type === RCP && !attached(view.resource)) {
      view.get('TargetIds');
      problems.push(
        fail(
          'TargetIds',
          'TargetIds must name at least one root, OU or account: an RCP attached to nothing bounds nothing',
        ),
      );
    }
    const policies = orgPoliciesOf(set, view.resource.stackName);
    if (policies[0] !== view.resource) return problems.length > 0 ? problems : NOT_APPLICABLE;

    const rcps = policies.filter((r) => typeOf(r) === RCP && attached(r));
    const covered = new Set<string>();
    let unresolved = false;
    for (const rcp of rcps) {
      for (const statement of statementsOf(rcp.properties.Content)) {
        const services = coveredBy(statement);
        for (const service of services) covered.add(service);
        if (services.length === 0 && hasUnresolved(statement)) unresolved = true;
      }
    }
    view.note(
      'attachedResourceControlPolicies',
      rcps.map((r) => r.label),
    );
    view.note('perimeterServices', [...covered].sort());
    const missing = Object.keys(SERVICES).filter((s) => !covered.has(s));
    if (missing.length === 0) return problems;
    const message = `no attached ${RCP} of ${view.resource.stackName} denies principals outside the organization (aws:PrincipalOrgID) access to ${missing.join(', ')}`;
    if (unresolved)
      return [
        ...problems,
        {
          path: 'Properties',
          message: `${message}, or it holds values that cannot be verified at synth`,
          unverified: true,
        },
      ];
    return [...problems, fail('Properties', message)];
  },
};
