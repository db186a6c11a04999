import { AlbListenerHttps } from '../../../../../lib/compliance/rules/elb/alb-listener-https';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const redirect = [
  { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
];
const forward = [{ Type: 'forward', TargetGroupArn: { Ref: 'Targets' } }];

const compliant = [
  stackTemplate('Edge', {
    Alb: {
      Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      Properties: { Type: 'application', Scheme: 'internet-facing' },
    },
    Targets: {
      Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      Properties: { Protocol: 'HTTPS', Port: 8443 },
    },
    Https: {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: {
        LoadBalancerArn: { Ref: 'Alb' },
        Port: 443,
        Protocol: 'HTTPS',
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0e9a8f1c' }],
        DefaultActions: forward,
      },
    },
    HttpsRule: {
      Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
      Properties: {
        ListenerArn: { Ref: 'Https' },
        Priority: 10,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
        Actions: forward,
      },
    },
    Http: {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: { LoadBalancerArn: { Ref: 'Alb' }, Port: 80, Protocol: 'HTTP', DefaultActions: redirect },
    },
    HttpRule: {
      Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
      Properties: {
        ListenerArn: { Ref: 'Http' },
        Priority: 1,
        Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['old.example.org'] } }],
        Actions: redirect,
      },
    },
    // Network load balancer listeners are not judged.
    Nlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network' } },
    Tcp: {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: { LoadBalancerArn: { Ref: 'Nlb' }, Port: 5432, Protocol: 'TCP', DefaultActions: forward },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: AlbListenerHttps,
  compliant,
  bad: [
    {
      name: 'an HTTPS listener on the default policy, which accepts TLS 1.0',
      templates: mutate(compliant, (r) => deleteProperty(r.Https, 'SslPolicy')),
      path: 'SslPolicy',
    },
    {
      name: 'an HTTPS listener on a TLS 1.1 policy',
      templates: mutate(compliant, (r) =>
        setProperty(r.Https, 'SslPolicy', 'ELBSecurityPolicy-TLS13-1-1-2021-06'),
      ),
      path: 'SslPolicy',
    },
    {
      name: 'an HTTPS listener without a certificate',
      templates: mutate(compliant, (r) => deleteProperty(r.Https, 'Certificates')),
      path: 'Certificates',
    },
    {
      name: 'an HTTP listener that forwards to targets',
      templates: mutate(compliant, (r) => setProperty(r.Http, 'DefaultActions', forward)),
      path: 'DefaultActions[0]',
    },
    {
      name: 'an HTTP listener whose redirect keeps the protocol',
      templates: mutate(compliant, (r) =>
        setProperty(r.Http, 'DefaultActions', [{ Type: 'redirect', RedirectConfig: { Path: '/new' } }]),
      ),
      path: 'DefaultActions[0]',
    },
    {
      name: 'a rule on the HTTP listener that forwards in clear text',
      templates: mutate(compliant, (r) => setProperty(r.HttpRule, 'Actions', forward)),
      path: 'Actions[0]',
    },
    {
      name: 'a listener of a load balancer without Type (CloudFormation makes it application) serving HTTP',
      templates: mutate(compliant, (r) => {
        deleteProperty(r.Alb, 'Type');
        setProperty(r.Http, 'DefaultActions', forward);
      }),
      path: 'DefaultActions[0]',
    },
  ],
};
