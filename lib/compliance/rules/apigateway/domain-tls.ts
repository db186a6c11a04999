import { Citation } from '../../../../constructs/core/citations';
import { fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';

/**
 * Security policies of a REGIONAL custom domain that refuse TLS 1.0 and 1.1: the legacy `TLS_1_2` and
 * the enhanced regional policies (TLS 1.3 only, or TLS 1.3 and 1.2 with post-quantum key exchange).
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html
 */
export const TLS_1_2_OR_NEWER_POLICIES: readonly string[] = [
  'TLS_1_2',
  'SecurityPolicy_TLS13_1_3_2025_09',
  'SecurityPolicy_TLS13_1_3_FIPS_2025_09',
  'SecurityPolicy_TLS13_1_2_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09',
];

/**
 * Every API Gateway custom domain name is REGIONAL and refuses TLS below 1.2: `SecurityPolicy` is
 * `TLS_1_2` or an enhanced regional TLS 1.2+/1.3 policy. An absent `SecurityPolicy` or
 * `EndpointConfiguration` fails: the first leaves the choice to the service, the second makes the domain
 * edge-optimized. (Private custom domains are `AWS::ApiGateway::DomainNameV2`, not judged here.)
 */
export const ApiGatewayDomainTls: TemplateRule = {
  id: 'ApiGatewayDomainTls',
  citations: [Citation.TRANSMISSION_SECURITY, Citation.ENCRYPTION_IN_TRANSIT],
  severity: 'error',
  resourceTypes: ['AWS::ApiGateway::DomainName'],
  rationale:
    'ePHI sent to the API crosses the internet inside TLS: a domain accepting TLS 1.0 lets a client negotiate a protocol with known weaknesses, and an edge-optimized domain terminates TLS at a CloudFront distribution AWS manages, outside the Region, the stage web ACL and this policy.',
  fix: "Set the domain with PhiApi's domain prop (REGIONAL, TLS_1_2), or set EndpointConfiguration.Types to ['REGIONAL'] and SecurityPolicy to TLS_1_2 or an enhanced regional TLS 1.3 policy.",
  check: (view) => {
    const problems: Problem[] = [];
    const types = view.get('EndpointConfiguration.Types');
    if (types !== undefined && isSpecial(types))
      problems.push(unverified('EndpointConfiguration.Types', types, '["REGIONAL"]'));
    else if (JSON.stringify(types) !== JSON.stringify(['REGIONAL']))
      problems.push(
        fail(
          'EndpointConfiguration.Types',
          `EndpointConfiguration.Types must be ["REGIONAL"], got ${types === undefined ? 'nothing (EDGE)' : JSON.stringify(types)}`,
        ),
      );
    const policy = view.get('SecurityPolicy');
    view.get('EndpointAccessMode'); // recorded as evidence: STRICT or BASIC with an enhanced policy
    if (policy !== undefined && isSpecial(policy))
      problems.push(unverified('SecurityPolicy', policy, TLS_1_2_OR_NEWER_POLICIES.join(' or ')));
    else if (typeof policy !== 'string' || !TLS_1_2_OR_NEWER_POLICIES.includes(policy))
      problems.push(
        fail(
          'SecurityPolicy',
          `SecurityPolicy must be one of ${TLS_1_2_OR_NEWER_POLICIES.join(', ')}, got ${policy === undefined ? 'nothing (property absent)' : JSON.stringify(policy)}`,
        ),
      );
    return problems;
  },
};
