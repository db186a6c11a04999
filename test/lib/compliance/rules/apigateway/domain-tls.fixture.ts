import { ApiGatewayDomainTls } from '../../../../../lib/compliance/rules/apigateway/domain-tls';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const certificate = 'arn:aws:acm:us-east-1:111122223333:certificate/0f0e0d0c-0b0a-0908-0706-050403020100';
const compliant = [
  stackTemplate('Api', {
    Domain: {
      Type: 'AWS::ApiGateway::DomainName',
      Properties: {
        DomainName: 'api.example.org',
        RegionalCertificateArn: certificate,
        EndpointConfiguration: { Types: ['REGIONAL'] },
        SecurityPolicy: 'TLS_1_2',
      },
    },
    // An enhanced TLS 1.3 policy is stronger still.
    Tls13Domain: {
      Type: 'AWS::ApiGateway::DomainName',
      Properties: {
        DomainName: 'records.example.org',
        RegionalCertificateArn: certificate,
        EndpointConfiguration: { Types: ['REGIONAL'] },
        SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09',
        EndpointAccessMode: 'STRICT',
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: ApiGatewayDomainTls,
  compliant,
  bad: [
    {
      name: 'a domain that still accepts TLS 1.0',
      templates: mutate(compliant, (r) => setProperty(r.Domain, 'SecurityPolicy', 'TLS_1_0')),
      path: 'SecurityPolicy',
    },
    {
      name: 'a domain without a security policy',
      templates: mutate(compliant, (r) => deleteProperty(r.Tls13Domain, 'SecurityPolicy')),
      path: 'SecurityPolicy',
    },
    {
      name: 'an edge-optimized domain',
      templates: mutate(compliant, (r) => setProperty(r.Domain, 'EndpointConfiguration.Types', ['EDGE'])),
      path: 'EndpointConfiguration.Types',
    },
    {
      name: 'a domain without an endpoint configuration (edge-optimized by default)',
      templates: mutate(compliant, (r) => deleteProperty(r.Domain, 'EndpointConfiguration')),
      path: 'EndpointConfiguration.Types',
    },
    {
      name: 'the security policy comes from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        setProperty(r.Domain, 'SecurityPolicy', { Ref: 'TlsPolicy' });
        Object.assign(t[0]?.template ?? {}, { Parameters: { TlsPolicy: { Type: 'String' } } });
      }),
      expect: 'unverified',
    },
  ],
};
