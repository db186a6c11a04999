import { AlbHardening } from '../../../../../lib/compliance/rules/elb/alb-hardening';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const attributes = [
  { Key: 'deletion_protection.enabled', Value: 'true' },
  { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
  { Key: 'routing.http.desync_mitigation_mode', Value: 'strictest' },
  { Key: 'access_logs.s3.enabled', Value: 'true' },
  { Key: 'access_logs.s3.bucket', Value: { Ref: 'AccessLogs' } },
  { Key: 'access_logs.s3.prefix', Value: 'elb/portal' },
];
const without = (key: string) => attributes.filter((a) => a.Key !== key);
const withValue = (key: string, value: string) =>
  attributes.map((a) => (a.Key === key ? { Key: key, Value: value } : a));

const compliant = [
  stackTemplate('Edge', {
    AccessLogs: { Type: 'AWS::S3::Bucket', Properties: {} },
    Alb: {
      Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      Properties: { Type: 'application', Scheme: 'internal', LoadBalancerAttributes: attributes },
    },
    // Network load balancers are not judged.
    Nlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network' } },
  }),
];
const alb = (value: unknown) => mutate(compliant, (r) => setProperty(r.Alb, 'LoadBalancerAttributes', value));

export const fixture: RuleFixture = {
  rule: AlbHardening,
  compliant,
  bad: [
    {
      name: 'invalid header fields are forwarded',
      templates: alb(withValue('routing.http.drop_invalid_header_fields.enabled', 'false')),
      path: 'LoadBalancerAttributes[routing.http.drop_invalid_header_fields.enabled]',
    },
    {
      name: 'desync mitigation left at the default (defensive)',
      templates: alb(without('routing.http.desync_mitigation_mode')),
      path: 'LoadBalancerAttributes[routing.http.desync_mitigation_mode]',
    },
    {
      name: 'desync mitigation in monitor mode',
      templates: alb(withValue('routing.http.desync_mitigation_mode', 'monitor')),
      path: 'routing.http.desync_mitigation_mode',
    },
    {
      name: 'access logs off',
      templates: alb(withValue('access_logs.s3.enabled', 'false')),
      path: 'LoadBalancerAttributes[access_logs.s3.enabled]',
    },
    {
      name: 'access logs on without a bucket',
      templates: alb(without('access_logs.s3.bucket')),
      path: 'LoadBalancerAttributes[access_logs.s3.bucket]',
    },
    {
      name: 'requests pass uninspected when AWS WAF is unreachable',
      templates: alb([...attributes, { Key: 'waf.fail_open.enabled', Value: 'true' }]),
      path: 'LoadBalancerAttributes[waf.fail_open.enabled]',
    },
    {
      name: 'deletion protection off',
      templates: alb(without('deletion_protection.enabled')),
      path: 'LoadBalancerAttributes[deletion_protection.enabled]',
    },
    {
      name: 'a load balancer without Type (CloudFormation makes it application) and no attributes',
      templates: mutate(compliant, (r) => setProperty(r.Nlb, 'Type', undefined)),
      path: 'LoadBalancerAttributes',
    },
  ],
};
