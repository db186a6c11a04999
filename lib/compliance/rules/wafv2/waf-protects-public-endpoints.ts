import { Citation } from '../../../../constructs/core/citations';
import { Composite, type Resolved, ResourceRef } from '../../template/resolve';
import {
  type CheckResult,
  fail,
  NOT_APPLICABLE,
  type Problem,
  type ResourceView,
  type TemplateRule,
  unverified,
} from '../../template/rule';
import { isSpecial, refOf, type TemplateResource, type TemplateSet } from '../../template/template-set';
import { isInternetFacing, loadBalancerType } from '../elb/private/load-balancers';
import { baselineGaps } from './private/web-acls';

const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const ASSOCIATION = 'AWS::WAFv2::WebACLAssociation';

const sameResource = (ref: ResourceRef, resource: TemplateResource) =>
  ref.stackName === resource.stackName && ref.logicalId === resource.logicalId;

/** True when a stage ARN (`…/restapis/<api>/stages/<stage>`) names `stage`. */
function namesStage(arn: Resolved | undefined, stage: TemplateResource, api: TemplateResource): boolean {
  if (!(arn instanceof Composite)) return false;
  const refs = arn.parts.filter((p): p is ResourceRef => p instanceof ResourceRef);
  if (refs.some((r) => sameResource(r, stage) && r.attribute === undefined)) return true;
  const stageName = stage.properties.StageName;
  return (
    refs.some((r) => sameResource(r, api)) &&
    typeof stageName === 'string' &&
    arn.parts.some((p) => typeof p === 'string' && p.endsWith(`/stages/${stageName}`))
  );
}

/** The associations that name the resource, and whether some association's target cannot be known. */
function associationsOf(
  set: TemplateSet,
  names: (arn: Resolved | undefined) => boolean,
): { found: TemplateResource[]; undecided: boolean } {
  const all = set.ofType(ASSOCIATION);
  const found = all.filter((a) => names(a.properties.ResourceArn));
  const undecided = all.some((a) => {
    const arn = a.properties.ResourceArn;
    return (
      !found.includes(a) &&
      isSpecial(arn) &&
      refOf(arn) === undefined &&
      !(arn instanceof Composite && arn.parts.some((p) => p instanceof ResourceRef))
    );
  });
  return { found, undecided };
}

/** The resource must be associated with a web ACL of the assembly that holds the baseline. */
function protection(
  view: ResourceView,
  set: TemplateSet,
  names: (arn: Resolved | undefined) => boolean,
): Problem[] {
  const { found, undecided } = associationsOf(set, names);
  view.note(
    'webAclAssociations',
    found.map((a) => `${a.stackName}/${a.logicalId}`),
  );
  const problems: Problem[] = [];
  for (const association of found) {
    const acl = set.target(association.properties.WebACLArn);
    if (acl?.type !== 'AWS::WAFv2::WebACL') {
      problems.push({
        path: 'Properties',
        message: `the web ACL of ${association.logicalId} (${String(association.properties.WebACLArn)}) is not in the assembly, so its rules cannot be verified at synth`,
        unverified: true,
      });
      continue;
    }
    const gaps = baselineGaps(acl);
    view.note('webAclGaps', gaps ?? null);
    if (gaps === undefined)
      problems.push({
        path: 'Properties',
        message: `the rules of web ACL ${acl.logicalId} cannot be read at synth`,
        unverified: true,
      });
    else if (gaps.length === 0) return [];
    else
      problems.push(
        fail('Properties', `web ACL ${acl.logicalId} does not hold the baseline: ${gaps.join('; ')}`),
      );
  }
  if (found.length > 0) return problems;
  if (undecided)
    return [
      {
        path: 'Properties',
        message:
          'a web ACL association with an ARN that cannot be resolved may be this resource’s; it cannot be verified at synth',
        unverified: true,
      },
    ];
  return [fail('Properties', `no ${ASSOCIATION} names this resource: requests reach it without AWS WAF`)];
}

function checkLoadBalancer(view: ResourceView, set: TemplateSet): CheckResult {
  if (loadBalancerType(view.resource) !== 'application') return NOT_APPLICABLE;
  const scheme = view.get('Scheme');
  const facing = isInternetFacing(view.resource);
  if (facing === undefined)
    return [unverified('Scheme', scheme, '"internal", or internet-facing behind AWS WAF')];
  if (!facing) return NOT_APPLICABLE;
  return protection(view, set, (arn) => arn instanceof ResourceRef && sameResource(arn, view.resource));
}

function checkStage(view: ResourceView, set: TemplateSet): CheckResult {
  const apiId = view.get('RestApiId');
  const api = set.target(apiId);
  if (!api)
    return [unverified('RestApiId', apiId, 'a REST API of the assembly, whose endpoint type is known')];
  const types = api.properties.EndpointConfiguration
    ? (api.properties.EndpointConfiguration as Record<string, Resolved>).Types
    : undefined;
  view.note('endpointTypes', types ?? null);
  if (types !== undefined && isSpecial(types))
    return [unverified('RestApiId', apiId, 'a REST API whose endpoint type is known')];
  if (Array.isArray(types) && (types as Resolved[]).includes('PRIVATE')) return NOT_APPLICABLE;
  return protection(view, set, (arn) => namesStage(arn, view.resource, api));
}

/**
 * Every internet-facing application load balancer, and every stage of a REST API that is not PRIVATE, is
 * the `ResourceArn` of an `AWS::WAFv2::WebACLAssociation` whose web ACL runs the AWS managed groups Core,
 * Known Bad Inputs, SQL injection, Amazon IP reputation and Anonymous IP (none counting as a whole) and a
 * rate-based rule that blocks. Count overrides of single rules are judged by WafManagedRulesEnforced.
 */
export const WafProtectsPublicEndpoints: TemplateRule = {
  id: 'WafProtectsPublicEndpoints',
  citations: [Citation.RISK_MANAGEMENT, Citation.INTEGRITY, Citation.TRANSMISSION_SECURITY],
  severity: 'error',
  resourceTypes: [LOAD_BALANCER, 'AWS::ApiGateway::Stage'],
  rationale:
    'An endpoint the internet reaches without a web application firewall meets injection, known exploits, hostile IP ranges and request floods with nothing but the application code between them and ePHI.',
  fix: 'Use PhiLoadBalancer (WAF always on), or associate a PhiWebAcl with the load balancer or stage (webAcl.associate(id, arn)); a web ACL of your own must run the five AWS managed groups with OverrideAction None and a blocking rate-based rule.',
  check: (view, set) =>
    view.resource.type === LOAD_BALANCER ? checkLoadBalancer(view, set) : checkStage(view, set),
};
