import { Duration, SecretValue, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RELAXATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import {
  type OidcAuthentication,
  PhiLoadBalancer,
  type PhiLoadBalancerProps,
  type PhiTargetsOptions,
} from '../../../constructs/edge/phi-load-balancer';
import { PhiVpc } from '../../../constructs/network/phi-vpc';
import { newTestApp, newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const CERT_ARN = 'arn:aws:acm:us-east-1:111122223333:certificate/0e9a8f1c-1111-2222-3333-444455556666';
const certificateIn = (stack: Stack) => acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN);
const listenerOn = (template: Template, port: number) =>
  Object.values(template.findResources('AWS::ElasticLoadBalancingV2::Listener')).filter(
    (l) => l.Properties.Port === port,
  );

describe('PhiLoadBalancer at its defaults', () => {
  const stack = newTestStack();
  const network = new PhiVpc(stack, 'Network', {
    internetIngress: { reason: 'Public subnets for the internet-facing load balancer under test' },
  });
  const certificate = certificateIn(stack);
  const portal = new PhiLoadBalancer(stack, 'Portal', {
    vpc: network.vpc,
    internetFacing: true,
    certificate,
  });
  const internal = new PhiLoadBalancer(stack, 'Internal', { vpc: network.vpc, certificate });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    zoneName: 'example.org',
  });
  new PhiLoadBalancer(stack, 'Records', {
    vpc: network.vpc,
    domain: { domainName: 'records.example.org', hostedZone: zone },
    webAcl: internal.webAcl,
  });
  const template = Template.fromStack(stack);
  const ref = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as never);

  test('hardens every load balancer: invalid headers dropped, strictest desync mitigation, logs, deletion protection', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 3);
    template.allResourcesProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'application',
      IpAddressType: 'ipv4',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'routing.http.desync_mitigation_mode', Value: 'strictest' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { Ref: Match.anyValue() } },
      ]),
    });
  });

  test('is internal unless asked, in the application subnets; internet-facing ones sit in public subnets', () => {
    const lbs = template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(lbs[ref(portal.loadBalancer)]?.Properties).toMatchObject({
      Scheme: 'internet-facing',
      Subnets: [
        { Ref: expect.stringMatching(/publicSubnet1/) },
        { Ref: expect.stringMatching(/publicSubnet2/) },
      ],
    });
    expect(lbs[ref(internal.loadBalancer)]?.Properties).toMatchObject({
      Scheme: 'internal',
      Subnets: [
        { Ref: expect.stringMatching(/applicationSubnet1/) },
        { Ref: expect.stringMatching(/applicationSubnet2/) },
      ],
    });
  });

  test('serves HTTPS on 443 with TLS 1.2+ only, and a 404 for requests no target takes', () => {
    for (const listener of listenerOn(template, 443)) {
      expect(listener.Properties).toMatchObject({
        Protocol: 'HTTPS',
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        Certificates: [{ CertificateArn: expect.anything() }],
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
      });
    }
  });

  test('only redirects HTTP on 80 to HTTPS, permanently', () => {
    const listeners = listenerOn(template, 80);
    expect(listeners).toHaveLength(3);
    for (const listener of listeners) {
      expect(listener.Properties).toMatchObject({
        Protocol: 'HTTP',
        DefaultActions: [
          { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
        ],
      });
    }
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
  });

  test('lets in only 443 and 80, from anywhere when internet-facing and from the VPC when internal', () => {
    const groups = template.findResources('AWS::EC2::SecurityGroup');
    const ingress = (lb: PhiLoadBalancer) =>
      groups[stack.getLogicalId(lb.securityGroup.node.defaultChild as ec2.CfnSecurityGroup)]?.Properties
        .SecurityGroupIngress;
    expect(ingress(portal)).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 80, ToPort: 80 }),
    ]);
    expect(ingress(internal)).toEqual([
      expect.objectContaining({ CidrIp: '10.0.0.0/16', FromPort: 443, ToPort: 443 }),
      expect.objectContaining({ CidrIp: '10.0.0.0/16', FromPort: 80, ToPort: 80 }),
    ]);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('is always behind a web ACL: its own by default, or the one given', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 2);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 3);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: ref(portal.loadBalancer) },
      WebACLArn: { 'Fn::GetAtt': [stack.getLogicalId(portal.webAcl.webAcl), 'Arn'] },
    });
  });

  test('writes access logs to an SSE-S3 access-logs bucket that lets the Region’s ELB account write', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    expect(JSON.stringify(template.findResources('AWS::S3::BucketPolicy'))).toContain(
      'arn:aws:iam::127311923021:root',
    );
  });

  test('with a domain, creates a DNS-validated certificate and an alias record', () => {
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'records.example.org',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'records.example.org', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'records.example.org.', Type: 'A' });
  });

  test('has no unacknowledged findings at defaults, VPC included', () => {
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('PhiLoadBalancer with authentication and targets', () => {
  const stack = newTestStack();
  const network = new PhiVpc(stack, 'Network');
  const pool = new cognito.UserPool(stack, 'Users');
  const client = pool.addClient('Portal', { generateSecret: true });
  const domain = pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'phi-portal-test' } });
  const portal = new PhiLoadBalancer(stack, 'Portal', {
    vpc: network.vpc,
    certificate: certificateIn(stack),
    authentication: { cognito: { userPool: pool, userPoolClient: client, userPoolDomain: domain } },
  });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: network.vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'),
    portMappings: [{ containerPort: 8443 }],
  });
  const service = new ecs.FargateService(stack, 'App', {
    cluster,
    taskDefinition: task,
    vpcSubnets: { subnetGroupName: 'application' },
    circuitBreaker: { rollback: true },
    minHealthyPercent: 100,
  });
  const app = portal.addTargets('App', { targets: [service], port: 8443, healthCheckPath: '/health' });
  const legacy = portal.addTargets('Legacy', {
    targets: [service],
    port: 8443,
    conditions: [elbv2.ListenerCondition.pathPatterns(['/legacy/*'])],
    priority: 10,
    plaintextToTargets: {
      reason: 'The legacy container terminates only HTTP; TLS sidecar tracked in PHI-77.',
    },
  });
  const template = Template.fromStack(stack);
  const cognitoStep = {
    Type: 'authenticate-cognito',
    Order: 1,
    AuthenticateCognitoConfig: Match.objectLike({ SessionTimeout: Match.anyValue() }),
  };

  test('signs users in with Cognito for one hour before any action, the 404 included', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      DefaultActions: [
        { ...cognitoStep, AuthenticateCognitoConfig: Match.objectLike({ SessionTimeout: '3600' }) },
        Match.objectLike({ Type: 'fixed-response', Order: 2 }),
      ],
    });
  });

  test('forwards every other request to the Fargate service over HTTPS, behind sign-in', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Protocol: 'HTTPS',
      Port: 8443,
      TargetType: 'ip',
      HealthCheckProtocol: 'HTTPS',
      HealthCheckPath: '/health',
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 50000,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
      Actions: [
        cognitoStep,
        {
          Type: 'forward',
          Order: 2,
          TargetGroupArn: { Ref: stack.getLogicalId(app.node.defaultChild as never) },
        },
      ],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 8443,
      SourceSecurityGroupId: {
        'Fn::GetAtt': [stack.getLogicalId(portal.securityGroup.node.defaultChild as never), 'GroupId'],
      },
    });
  });

  test('plaintextToTargets sends HTTP to its targets and records the relaxation', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Protocol: 'HTTP',
      HealthCheckProtocol: 'HTTP',
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/legacy/*'] } }],
    });
    expect(legacy.node.metadata.filter((m) => m.type === RELAXATION_METADATA_KEY).map((m) => m.data)).toEqual(
      [
        {
          citation: '164.312(e)(2)(ii)',
          setting: 'plaintextToTargets',
          reason: 'The legacy container terminates only HTTP; TLS sidecar tracked in PHI-77.',
        },
      ],
    );
  });

  test('opens HTTPS egress to the identity provider, and has no unacknowledged findings', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: Match.arrayWith([Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443 })]),
    });
    expectNoUnacknowledgedFindings(portal);
  });

  test('fails if a second addTargets call takes every request', () => {
    expect(() => portal.addTargets('Again', { targets: [service], port: 8443 })).toThrow(
      /TestStack\/Portal\/Again: 'conditions' must be conditions \(with a priority\): an earlier addTargets call without conditions already takes every other request \(164\.312\(a\)\(1\)\)/,
    );
  });

  test.each<[string, Partial<PhiTargetsOptions>, RegExp]>([
    ['the port is out of range', { port: 70000 }, /'port' must be an integer from 1 to 65535 .* got 70000/],
    [
      'plaintext to targets has no real reason',
      { plaintextToTargets: { reason: 'legacy' } },
      /'plaintextToTargets\.reason' must be a specific reason .* \(164\.312\(e\)\(2\)\(ii\)\), got "legacy"/,
    ],
    [
      'conditions come without a priority',
      { conditions: [elbv2.ListenerCondition.pathPatterns(['/x/*'])], priority: undefined },
      /'priority' must be a listener rule priority from 1 to 49999 when conditions are given/,
    ],
    [
      'the health check path is not a path',
      { healthCheckPath: 'health' },
      /'healthCheckPath' must be a path/,
    ],
  ])('fails if %s', (_name, options, message) => {
    expect(() =>
      portal.addTargets('Bad', {
        targets: [service],
        port: 8443,
        conditions: [elbv2.ListenerCondition.pathPatterns(['/bad/*'])],
        priority: 20,
        ...options,
      } as PhiTargetsOptions),
    ).toThrow(message);
  });
});

describe('PhiLoadBalancer rejects invalid props', () => {
  const stack = newTestStack();
  const network = new PhiVpc(stack, 'Network');
  const certificate = certificateIn(stack);
  const build = (props: Partial<PhiLoadBalancerProps>) => () =>
    new PhiLoadBalancer(stack, 'Lb', { vpc: network.vpc, certificate, ...props });
  const oidc: OidcAuthentication = {
    issuer: 'https://idp.example.org',
    authorizationEndpoint: 'https://idp.example.org/authorize',
    tokenEndpoint: 'https://idp.example.org/token',
    userInfoEndpoint: 'https://idp.example.org/userinfo',
    clientId: 'portal',
    clientSecret: SecretValue.secretsManager('portal/oidc'),
  };
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    zoneName: 'example.org',
  });

  test('fails if neither a certificate nor a domain is given', () => {
    expect(build({ certificate: undefined })).toThrow(
      /TestStack\/Lb: 'certificate' must be exactly one of certificate \(an ACM certificate\) or domain .* \(164\.312\(e\)\(2\)\(ii\)\), got "neither certificate nor domain"/,
    );
  });

  test('fails if both a certificate and a domain are given', () => {
    expect(build({ domain: { domainName: 'portal.example.org', hostedZone: zone } })).toThrow(
      /'certificate' must be exactly one .* got "both certificate and domain"/,
    );
  });

  test('fails if the certificate is not from ACM', () => {
    const iamCert = acm.Certificate.fromCertificateArn(
      stack,
      'IamCert',
      'arn:aws:iam::111122223333:server-certificate/portal',
    );
    expect(build({ certificate: iamCert })).toThrow(
      /'certificate\.certificateArn' must be the ARN of an AWS Certificate Manager certificate .* got "arn:aws:iam::111122223333:server-certificate\/portal"/,
    );
  });

  test('fails if the domain is outside the hosted zone', () => {
    expect(
      build({ certificate: undefined, domain: { domainName: 'portal.example.com', hostedZone: zone } }),
    ).toThrow(
      /'domain\.domainName' must be a name in the hosted zone example\.org .* got "portal\.example\.com"/,
    );
  });

  test('fails if an allowed CIDR is malformed', () => {
    expect(build({ allowedIngressCidrs: ['10.0.0.0/8', '192.168.1/24'] })).toThrow(
      /'allowedIngressCidrs\[1\]' must be a list of 1 to 30 literal IPv4 CIDR blocks in canonical form, e\.g\. "203\.0\.113\.0\/24" \(164\.312\(e\)\(1\)\), got "192\.168\.1\/24"/,
    );
  });

  test('fails if an allowed CIDR has host bits set', () => {
    expect(build({ allowedIngressCidrs: ['10.1.2.3/16'] })).toThrow(
      /'allowedIngressCidrs\[0\]' must be the canonical block 10\.1\.0\.0\/16 .* got "10\.1\.2\.3\/16"/,
    );
  });

  test('fails if no CIDR is allowed in', () => {
    expect(build({ allowedIngressCidrs: [] })).toThrow(/'allowedIngressCidrs' must be a list of 1 to 30/);
  });

  test('fails if an internet-facing load balancer has no public subnets to live in', () => {
    expect(build({ internetFacing: true })).toThrow(
      /'vpcSubnets' must be a selection of at least two public subnets .* for a PhiVpc set internetIngress\) \(164\.312\(e\)\(1\)\)/,
    );
  });

  test('fails if an internal load balancer is put in public subnets', () => {
    const stack2 = newTestStack();
    const open = new PhiVpc(stack2, 'Network', {
      internetIngress: { reason: 'Public subnets for the internet-facing load balancer under test' },
    });
    expect(
      () =>
        new PhiLoadBalancer(stack2, 'Lb', {
          vpc: open.vpc,
          certificate: certificateIn(stack2),
          vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
        }),
    ).toThrow(/'vpcSubnets' must be a selection of at least two private or isolated subnets/);
  });

  test('fails if the access logs bucket is KMS-encrypted, which log delivery cannot write to', () => {
    const kmsBucket = new s3.Bucket(stack, 'KmsLogs', { encryption: s3.BucketEncryption.KMS });
    expect(build({ accessLogsBucket: kmsBucket })).toThrow(
      /'accessLogsBucket' must be an SSE-S3 bucket such as an AccessLogsBucket.* \(164\.312\(b\)\), got "a bucket encrypted with a KMS key"/,
    );
  });

  test('an environment-agnostic stack grants log delivery per Region through a mapping and the service principal', () => {
    const agnostic = new Stack(newTestApp(), 'Agnostic');
    const vpc = new ec2.Vpc(agnostic, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.9.0.0/16') });
    new PhiLoadBalancer(agnostic, 'Lb', { vpc, certificate: certificateIn(agnostic) });
    const t = Template.fromStack(agnostic);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ElbAccessLogDelivery',
            Action: 's3:PutObject',
            Principal: {
              AWS: Match.objectLike({
                'Fn::Join': Match.arrayWith([
                  Match.arrayWith([Match.objectLike({ 'Fn::FindInMap': Match.anyValue() })]),
                ]),
              }),
              Service: 'logdelivery.elasticloadbalancing.amazonaws.com',
            },
          }),
        ]),
      },
    });
    const [lb] = Object.values(t.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
    expect(lb?.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^LbAccessLogs.*Policy/)]));
  });

  test('fails if the OIDC client secret is written into the template', () => {
    expect(
      build({ authentication: { oidc: { ...oidc, clientSecret: SecretValue.unsafePlainText('s3cr3t') } } }),
    ).toThrow(
      /'authentication\.oidc\.clientSecret' must be a reference resolved at deployment: .* never SecretValue\.unsafePlainText \(164\.312\(a\)\(1\)\)/,
    );
  });

  test('fails if an OIDC endpoint is not HTTPS', () => {
    expect(
      build({ authentication: { oidc: { ...oidc, tokenEndpoint: 'http://idp.example.org/token' } } }),
    ).toThrow(
      /'authentication\.oidc\.tokenEndpoint' must be an https:\/\/ URL of the identity provider \(164\.312\(d\)\), got "http:\/\/idp\.example\.org\/token"/,
    );
  });

  test('fails if authentication names no provider', () => {
    expect(build({ authentication: {} })).toThrow(
      /'authentication' must be exactly one of cognito .* or oidc/,
    );
  });

  test('fails if sessions last longer than 12 hours', () => {
    expect(build({ authentication: { oidc, sessionTimeout: Duration.days(7) } })).toThrow(
      /'authentication\.sessionTimeout' must be a duration of whole seconds from 5 minutes to 12 hours \(164\.312\(a\)\(2\)\(iii\)\), got "7 days"/,
    );
  });

  test('accepts OIDC with a secret from Secrets Manager', () => {
    expect(build({ authentication: { oidc } })).not.toThrow();
  });
});

describe('the compliance helper can fail for load balancers', () => {
  test('a weakened TLS policy and desync mitigation are flagged', () => {
    const stack = newTestStack();
    const network = new PhiVpc(stack, 'Network');
    const lb = new PhiLoadBalancer(stack, 'Lb', { vpc: network.vpc, certificate: certificateIn(stack) });
    (lb.httpsListener.node.defaultChild as elbv2.CfnListener).sslPolicy = 'ELBSecurityPolicy-2016-08';
    lb.loadBalancer.setAttribute('routing.http.desync_mitigation_mode', 'monitor');
    const rules = collectUnacknowledgedFindings(lb).map((f) => f.ruleName);
    expect(rules).toEqual(
      expect.arrayContaining(['TemplateEvidence-AlbListenerHttps', 'TemplateEvidence-AlbHardening']),
    );
  });
});
