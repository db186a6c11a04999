import { Citation } from '../../../../constructs/core/citations';
import { awsOwnedBuckets } from '../../../../constructs/network/private/endpoint-perimeter';
import { Composite, type Resolved, Unresolved } from '../../template/resolve';
import { fail, NOT_APPLICABLE, type Problem, type TemplateRule } from '../../template/rule';
import { isSpecial } from '../../template/template-set';
import { asList, type PolicyStatement, statementsOf } from '../iam/policy-documents';

/** Endpoint types that take no endpoint policy. */
const NO_POLICY_TYPES = new Set(['GatewayLoadBalancer', 'Resource', 'ServiceNetwork']);
const ACCOUNT = /^\d{12}$/;
const REGION_PLACEHOLDER = '<region>';
/** The AWS-owned buckets PhiVpc allows, with any Region (literal or the stack's pseudo parameter). */
const AWS_OWNED_BUCKETS = awsOwnedBuckets(REGION_PLACEHOLDER).map(
  (bucket) =>
    new RegExp(
      `^${bucket
        .split(REGION_PLACEHOLDER)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('([a-z]{2}(-[a-z]+)+-\\d|<pseudo>)')}$`,
    ),
);
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;

/** Whether a condition value names the account or organization: yes, no, or cannot be known. */
type Verdict = 'yes' | 'no' | 'unknown';

/** True for a value of a principal-side key: a literal account or organization, or the stack's account. */
function principalValueVerdict(key: string, value: Resolved): Verdict {
  const values = asList(value);
  if (values.length === 0) return 'no';
  const pattern = key === 'aws:principalaccount' ? ACCOUNT : ORGANIZATION;
  const each = values.map((v): Verdict => {
    if (typeof v === 'string') return pattern.test(v) ? 'yes' : 'no';
    if (v instanceof Unresolved && v.pseudoParameter === 'AWS::AccountId' && key === 'aws:principalaccount')
      return 'yes';
    return isSpecial(v) ? 'unknown' : 'no';
  });
  if (each.includes('no')) return 'no';
  return each.includes('unknown') ? 'unknown' : 'yes';
}

/** Whether an Allow statement is limited to principals of the account or organization (StringEquals). */
function principalVerdict(statement: PolicyStatement): Verdict {
  const condition = statement.Condition;
  if (condition === undefined || condition === null || typeof condition !== 'object') return 'no';
  if (isSpecial(condition)) return 'unknown';
  const equals = (condition as Record<string, Resolved>).StringEquals;
  if (equals === undefined || equals === null || typeof equals !== 'object' || Array.isArray(equals))
    return 'no';
  if (isSpecial(equals)) return 'unknown';
  const verdicts = Object.entries(equals as Record<string, Resolved>)
    .filter(([key]) => ['aws:principalaccount', 'aws:principalorgid'].includes(key.toLowerCase()))
    .map(([key, value]) => principalValueVerdict(key.toLowerCase(), value));
  if (verdicts.includes('yes')) return 'yes';
  return verdicts.includes('unknown') ? 'unknown' : 'no';
}

/** An ARN's text with pseudo parameters as placeholders; undefined when another part is unknown. */
function arnText(value: Resolved): string | undefined {
  if (typeof value === 'string') return value;
  if (!(value instanceof Composite)) return undefined;
  let text = '';
  for (const part of value.parts) {
    if (typeof part === 'string') text += part;
    else if (part instanceof Unresolved && part.pseudoParameter) text += '<pseudo>';
    else return undefined;
  }
  return text;
}

/**
 * True when an unconditioned Allow reads only AWS-owned buckets: specific actions (no wildcard) on
 * objects of the buckets PhiVpc allows (`arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*`). Those
 * requests are made by no principal of the account (anonymous package downloads, URLs AWS services
 * pre-sign), so they cannot carry a principal condition; any other bucket could receive ePHI in a key.
 */
function readsAwsOwnedBuckets(statement: PolicyStatement): boolean {
  if (statement.NotAction !== undefined || statement.NotResource !== undefined) return false;
  const actions = asList(statement.Action);
  const resources = asList(statement.Resource);
  if (actions.length === 0 || resources.length === 0) return false;
  if (!actions.every((a) => typeof a === 'string' && !/[*?]/.test(a))) return false;
  return resources.every((r) => {
    const bucket = /^arn:[^:]+:s3:::([^/]+)\//.exec(arnText(r) ?? '')?.[1];
    return bucket !== undefined && AWS_OWNED_BUCKETS.some((pattern) => pattern.test(bucket));
  });
}

/**
 * Every VPC endpoint that takes a policy has one, and each of its Allow statements is limited to
 * principals of the account or organization (`StringEquals` on `aws:PrincipalAccount` = a literal
 * account or the stack's own, or `aws:PrincipalOrgID` = an organization ID), or reads only the
 * AWS-owned buckets workloads need (ECR layers, Amazon Linux repositories, Systems Manager). Endpoints without a policy get the
 * default, which allows every principal of every account. Endpoints of non-AWS endpoint services and of
 * types without policies (Gateway Load Balancer, Resource, Service Network) are not judged.
 */
export const VpcEndpointPolicyPerimeter: TemplateRule = {
  id: 'VpcEndpointPolicyPerimeter',
  citations: [Citation.ACCESS_CONTROL, Citation.TRANSMISSION_SECURITY],
  severity: 'error',
  resourceTypes: ['AWS::EC2::VPCEndpoint'],
  rationale:
    'An endpoint with the default policy carries requests signed with any credentials: stolen or personal keys of another account can copy ePHI out of the VPC to that account through it. A policy limited to the account’s (or organization’s) principals closes that path.',
  fix: 'Use PhiVpc (its endpoints carry a data-perimeter policy), or give the endpoint a PolicyDocument whose Allow statements have StringEquals on aws:PrincipalAccount or aws:PrincipalOrgID.',
  check: (view) => {
    const type = view.get('VpcEndpointType');
    const service = view.get('ServiceName');
    if (typeof type === 'string' && NO_POLICY_TYPES.has(type)) return NOT_APPLICABLE;
    if (typeof service === 'string' && service.includes('vpce-svc-')) return NOT_APPLICABLE;
    const document = view.get('PolicyDocument');
    if (document === undefined)
      return [
        fail(
          'PolicyDocument',
          'PolicyDocument is absent: the default endpoint policy allows every principal of every account',
        ),
      ];
    const statements = statementsOf(document);
    if (!statements)
      return [
        {
          path: 'Properties.PolicyDocument',
          message: 'PolicyDocument cannot be read at synth',
          unverified: true,
        },
      ];
    const problems: Problem[] = [];
    for (const [i, statement] of statements.entries()) {
      if (statement.Effect !== 'Allow') continue;
      const path = `PolicyDocument.Statement.${i}`;
      const verdict = principalVerdict(statement);
      if (verdict === 'yes' || readsAwsOwnedBuckets(statement)) continue;
      problems.push(
        verdict === 'unknown'
          ? {
              path: `Properties.${path}`,
              message: `${path} has a principal condition that cannot be verified at synth`,
              unverified: true,
            }
          : fail(
              path,
              `${path} (${String(statement.Sid ?? 'no Sid')}) allows principals of any account: add StringEquals on aws:PrincipalAccount or aws:PrincipalOrgID`,
            ),
      );
    }
    view.note('allowStatements', statements.filter((s) => s.Effect === 'Allow').length);
    return problems;
  },
};
