import { WafProtectsPublicEndpoints } from '../../../../../lib/compliance/rules/wafv2/waf-protects-public-endpoints';
import type { CfnResourceJson } from '../../../../../lib/compliance/template/cfn-template';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';
import { RULE_INDEX, webAcl } from './web-acl-resources';

const loadBalancer = (scheme: string): CfnResourceJson => ({
  Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  Properties: { Type: 'application', Scheme: scheme, Subnets: ['subnet-1', 'subnet-2'] },
});
const association = (resourceArn: unknown): CfnResourceJson => ({
  Type: 'AWS::WAFv2::WebACLAssociation',
  Properties: { ResourceArn: resourceArn as never, WebACLArn: { 'Fn::GetAtt': ['WebAcl', 'Arn'] } },
});
// As CDK writes `stage.stageArn`.
const stageArn = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':apigateway:',
      { Ref: 'AWS::Region' },
      '::/restapis/',
      { Ref: 'Api' },
      '/stages/',
      { Ref: 'ApiStage' },
    ],
  ],
};

const compliant = [
  stackTemplate('Edge', {
    WebAcl: webAcl(),
    Portal: loadBalancer('internet-facing'),
    PortalWaf: association({ Ref: 'Portal' }),
    // Internal load balancers are not judged.
    Internal: loadBalancer('internal'),
    Api: {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: { Name: 'api', EndpointConfiguration: { Types: ['REGIONAL'] } },
    },
    ApiStage: {
      Type: 'AWS::ApiGateway::Stage',
      Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod' },
    },
    ApiWaf: association(stageArn),
    // A stage of a PRIVATE API is reachable only through VPC endpoints: not judged.
    PrivateApi: {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: { Name: 'private', EndpointConfiguration: { Types: ['PRIVATE'] } },
    },
    PrivateStage: {
      Type: 'AWS::ApiGateway::Stage',
      Properties: { RestApiId: { Ref: 'PrivateApi' }, StageName: 'prod' },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: WafProtectsPublicEndpoints,
  compliant,
  bad: [
    {
      name: 'an internet-facing load balancer without a web ACL',
      templates: mutate(compliant, (_r, t) => {
        for (const stack of t) delete (stack.template.Resources as Record<string, unknown>).PortalWaf;
      }),
      path: 'Properties',
    },
    {
      name: 'a load balancer without a Scheme (CloudFormation makes it internet-facing) and no web ACL',
      templates: mutate(compliant, (r) => {
        deleteProperty(r.Internal, 'Scheme');
      }),
      path: 'Properties',
    },
    {
      name: 'the web ACL lacks the SQL injection group',
      templates: mutate(compliant, (r) => {
        const rules = (r.WebAcl as { Properties: { Rules: unknown[] } }).Properties.Rules;
        rules.splice(RULE_INDEX.sqli, 1);
      }),
      path: 'Properties',
    },
    {
      name: 'the web ACL runs the Core rule set in count mode',
      templates: mutate(compliant, (r) =>
        setProperty(r.WebAcl, `Rules.${RULE_INDEX.common}.OverrideAction`, { Count: {} }),
      ),
      path: 'Properties',
    },
    {
      name: 'the web ACL has no rate-based rule',
      templates: mutate(compliant, (r) => {
        const rules = (r.WebAcl as { Properties: { Rules: unknown[] } }).Properties.Rules;
        rules.splice(RULE_INDEX.rateLimit, 1);
      }),
      path: 'Properties',
    },
    {
      name: 'a REGIONAL REST API stage without a web ACL',
      templates: mutate(compliant, (_r, t) => {
        for (const stack of t) delete (stack.template.Resources as Record<string, unknown>).ApiWaf;
      }),
      path: 'Properties',
    },
    {
      name: 'an edge-optimized API (no EndpointConfiguration) stage without a web ACL',
      templates: mutate(compliant, (r) => {
        deleteProperty(r.PrivateApi, 'EndpointConfiguration');
      }),
      path: 'Properties',
    },
    {
      name: 'the web ACL is outside the assembly',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.PortalWaf,
          'WebACLArn',
          'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/shared/0e9a8f1c-1111-2222-3333-444455556666',
        ),
      ),
      expect: 'unverified',
    },
  ],
};
