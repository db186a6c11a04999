import { Lazy, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { RetentionProfile } from '../../../constructs/core/retention';
import {
  ALWAYS_ALLOWED_DOMAINS,
  MANAGED_THREAT_LISTS,
  PhiVpc,
  type PhiVpcProps,
} from '../../../constructs/network/phi-vpc';
import { newTestApp, newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

type Statement = { Sid?: string; Condition?: { StringEquals?: Record<string, unknown> }; Resource?: unknown };
/** The endpoint policy statements of the endpoint whose service name ends with `.<service>`. */
function endpointStatements(template: Template, service: string): Statement[] {
  const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).filter((e) => {
    const name = JSON.stringify(e.Properties.ServiceName);
    return name.endsWith(`.${service}"`) || name.endsWith(`.${service}"]]}`);
  });
  expect(endpoints).toHaveLength(1);
  return endpoints[0]?.Properties.PolicyDocument.Statement as Statement[];
}

describe('PhiVpc DNS logging, DNS Firewall and endpoint policies at its defaults', () => {
  const stack = newTestStack();
  const network = new PhiVpc(stack, 'Network');
  const template = Template.fromStack(stack);
  const vpcRef = { Ref: stack.getLogicalId(network.vpc.node.defaultChild as ec2.CfnVPC) };

  test('logs every DNS query to a log group encrypted with the flow-log key and kept six years', () => {
    const group = stack.getLogicalId(network.queryLogGroup.logGroup.node.defaultChild as CfnLogGroup);
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', {
      DestinationArn: {
        'Fn::Join': ['', ['arn:aws:logs:us-east-1:111122223333:log-group:', { Ref: group }]],
      },
    });
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', {
      ResourceId: vpcRef,
    });
    expect(network.queryLogGroup.encryptionKey).toBe(network.flowLogGroup.encryptionKey);
    expect(template.toJSON().Resources[group].Properties).toMatchObject({ RetentionInDays: 2192 });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
  });

  test('lets only this account’s log deliveries write the query logs', () => {
    const policy = Object.values(template.findResources('AWS::Logs::ResourcePolicy'))[0];
    const document = JSON.stringify(policy?.Properties.PolicyDocument);
    expect(document).toContain('delivery.logs.amazonaws.com');
    expect(document).toContain('\\"aws:SourceAccount\\":\\"111122223333\\"');
  });

  test('blocks the four AWS managed threat lists, found by name at deployment', () => {
    const lookup = Object.values(template.findResources('Custom::ManagedFirewallDomainLists'));
    expect(lookup).toHaveLength(1);
    expect(lookup[0]?.Properties.DomainListNames).toEqual([...MANAGED_THREAT_LISTS]);
    template.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroup', {
      FirewallRules: MANAGED_THREAT_LISTS.map((name) =>
        Match.objectLike({
          Action: 'BLOCK',
          BlockResponse: 'NXDOMAIN',
          FirewallDomainListId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ManagedDomainLists'), name] },
        }),
      ),
    });
    template.resourceCountIs('AWS::Route53Resolver::FirewallDomainList', 0);
  });

  test('associates the rule group with mutation protection, and fails closed', () => {
    template.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroupAssociation', {
      VpcId: vpcRef,
      Priority: 101,
      MutationProtection: 'ENABLED',
    });
    template.hasResourceProperties('AWS::Route53Resolver::FirewallConfig', {
      ResourceId: vpcRef,
      FirewallFailOpen: 'DISABLED',
    });
  });

  test('the lookup function may only list domain lists and write its own encrypted log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Description: Match.stringLikeRegexp('managed DNS Firewall domain lists'),
      VpcConfig: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('ManagedDomainListsLogs'), 'Arn'] },
          }),
          { Action: 'route53resolver:ListFirewallDomainLists', Effect: 'Allow', Resource: '*' },
        ],
      },
    });
  });

  test('has the interface endpoints ECS on Fargate, the GuardDuty agent and restore evidence need', () => {
    template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, 11);
    expect(Object.keys(network.interfaceEndpoints)).toEqual(
      expect.arrayContaining(['EcrApi', 'EcrDocker', 'GuardDutyData', 'Backup']),
    );
    expect(Object.keys(network.gatewayEndpoints)).toEqual(['S3', 'DynamoDb']);
  });

  test('every endpoint allows only principals of this account', () => {
    const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint'));
    expect(endpoints).toHaveLength(13);
    for (const endpoint of endpoints) {
      const [first] = endpoint.Properties.PolicyDocument.Statement as Statement[];
      expect(first?.Condition?.StringEquals?.['aws:PrincipalAccount']).toBe('111122223333');
    }
  });

  test('keeps resources to this account where the service allows it, and says why not elsewhere', () => {
    for (const service of ['s3', 'dynamodb', 'kms', 'secretsmanager', 'logs', 'ssm', 'sts']) {
      expect(endpointStatements(template, service)[0]?.Condition?.StringEquals).toEqual({
        'aws:PrincipalAccount': '111122223333',
        'aws:ResourceAccount': '111122223333',
      });
    }
    for (const service of ['ssmmessages', 'ec2messages', 'ecr.api', 'ecr.dkr', 'guardduty-data', 'backup']) {
      expect(endpointStatements(template, service)[0]?.Condition?.StringEquals).toEqual({
        'aws:PrincipalAccount': '111122223333',
      });
    }
  });

  test('allows reads of the AWS-owned buckets workloads need through the S3 endpoint, by name only', () => {
    const owned = endpointStatements(template, 's3').find(
      (s) => s.Sid === 'AllowReadsOfAwsOwnedBucketsWorkloadsNeed',
    );
    const resources = JSON.stringify(owned?.Resource);
    for (const bucket of [
      'prod-us-east-1-starport-layer-bucket/*',
      'al2023-repos-us-east-1-de612dc2/*',
      'amazonlinux-2-repos-us-east-1/*',
      'aws-ssm-us-east-1/*',
      'patch-baseline-snapshot-us-east-1/*',
    ])
      expect(resources).toContain(`:s3:::${bucket}`);
    expect(owned?.Condition).toBeUndefined();
    expect(owned).toMatchObject({ Action: 's3:GetObject' });
    expect(resources).not.toMatch(/:s3:::\*/);
  });

  test('allows this account’s principals the AWS-owned SSM documents and public parameters', () => {
    const owned = endpointStatements(template, 'ssm')[1];
    expect(owned?.Condition?.StringEquals).toEqual({ 'aws:PrincipalAccount': '111122223333' });
    expect(JSON.stringify(owned?.Resource)).toContain('::document/*');
  });
});

describe('PhiVpc options', () => {
  test('allow-list mode allows the given and AWS domains, then blocks every other domain last', () => {
    const stack = newTestStack();
    const network = new PhiVpc(stack, 'Network', {
      dnsFirewall: { allowedDomains: ['example.com', '*.example.org'] },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53Resolver::FirewallDomainList', {
      Domains: [...ALWAYS_ALLOWED_DOMAINS, 'example.com', '*.example.org'],
    });
    template.hasResourceProperties('AWS::Route53Resolver::FirewallDomainList', { Domains: ['*'] });
    const rules = Object.values(template.findResources('AWS::Route53Resolver::FirewallRuleGroup'))[0]
      ?.Properties.FirewallRules as { Action: string; Priority: number }[];
    expect(rules.map((r) => r.Action)).toEqual(['BLOCK', 'BLOCK', 'BLOCK', 'BLOCK', 'ALLOW', 'BLOCK']);
    expect(Math.max(...rules.map((r) => r.Priority))).toBe(rules[5]?.Priority);
    expect(network.allowedDomainList).toBeDefined();
    expectNoUnacknowledgedFindings(network);
  });

  test('organizationId makes the organization the perimeter of every endpoint', () => {
    const stack = newTestStack();
    new PhiVpc(stack, 'Network', { organizationId: 'o-abcdef1234' });
    const template = Template.fromStack(stack);
    expect(endpointStatements(template, 'kms')[0]?.Condition?.StringEquals).toEqual({
      'aws:PrincipalOrgID': 'o-abcdef1234',
      'aws:ResourceOrgID': 'o-abcdef1234',
    });
    expect(endpointStatements(template, 'ecr.api')[0]?.Condition?.StringEquals).toEqual({
      'aws:PrincipalOrgID': 'o-abcdef1234',
    });
    expect(JSON.stringify(template.findResources('AWS::EC2::VPCEndpoint'))).not.toContain('PrincipalAccount');
  });

  test('an endpoint another stack adds to the VPC gets the principal perimeter; one with a policy is kept', () => {
    const app = newTestApp();
    const env = { account: '111122223333', region: 'us-east-1' };
    const network = new PhiVpc(new Stack(app, 'Network', { env }), 'Network');
    const other = new Stack(app, 'Other', { env });
    const service = ec2.InterfaceVpcEndpointAwsService.SQS;
    new ec2.InterfaceVpcEndpoint(other, 'Plain', { vpc: network.vpc, service, privateDnsEnabled: false });
    const custom = new ec2.InterfaceVpcEndpoint(other, 'Custom', {
      vpc: network.vpc,
      service: ec2.InterfaceVpcEndpointAwsService.SNS,
      privateDnsEnabled: false,
    });
    custom.addToPolicy(
      new iam.PolicyStatement({
        principals: [new iam.AccountPrincipal('111122223333')],
        actions: ['sns:Publish'],
        resources: ['*'],
      }),
    );
    const template = Template.fromStack(other);
    expect(endpointStatements(template, 'sqs')).toEqual([
      expect.objectContaining({ Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } }),
    ]);
    expect(endpointStatements(template, 'sns')).toEqual([expect.objectContaining({ Action: 'sns:Publish' })]);
  });

  test('query logs can be kept longer', () => {
    const stack = newTestStack();
    const network = new PhiVpc(stack, 'Network', {
      queryLogRetention: RetentionProfile.INDEFINITE,
    });
    const group = stack.getLogicalId(network.queryLogGroup.logGroup.node.defaultChild as CfnLogGroup);
    expect(Template.fromStack(stack).toJSON().Resources[group].Properties.RetentionInDays).toBeUndefined();
  });
});

describe('PhiVpc compliance can fail', () => {
  test('weakening the DNS Firewall, an endpoint policy or the query-log retention is reported', () => {
    const stack = newTestStack();
    const network = new PhiVpc(stack, 'Network');
    network.dnsFirewallRuleGroup.addPropertyOverride('FirewallRules', []);
    (network.interfaceEndpoints.Kms.node.defaultChild as ec2.CfnVPCEndpoint).addPropertyDeletionOverride(
      'PolicyDocument',
    );
    (network.queryLogGroup.logGroup.node.defaultChild as CfnLogGroup).addPropertyOverride(
      'RetentionInDays',
      30,
    );
    const rules = collectUnacknowledgedFindings(stack).map((f) => f.ruleName);
    expect(rules).toEqual(
      expect.arrayContaining([
        'TemplateEvidence-VpcDnsFirewall',
        'TemplateEvidence-VpcEndpointPolicyPerimeter',
        'TemplateEvidence-VpcResolverQueryLogging',
      ]),
    );
  });
});

describe('PhiVpc rejects invalid egress props', () => {
  const build = (props: PhiVpcProps) => () => new PhiVpc(newTestStack(), 'Network', props);
  const token = Token.asString(Lazy.string({ produce: () => 'example.com' }));

  test.each(['o-ABCDEFGHIJ', 'o-short', 'r-abcdefghij', token])(
    'fails if organizationId is %p',
    (organizationId) => {
      expect(build({ organizationId })).toThrow(
        /TestStack\/Network: 'organizationId' must be a literal AWS Organizations ID: o- followed by 10 to 32 lowercase letters or digits \(164\.312\(a\)\(1\)\), got /,
      );
    },
  );

  test.each([
    ['*', /a lone \* would allow every domain/],
    ['localhost', /two or more labels/],
    ['bad_domain.example.com', /two or more labels/],
    ['-lead.example.com', /two or more labels/],
    ['example.com.', /two or more labels/],
    [token, /got an unresolved token/],
  ])('fails if an allowed domain is %p', (domain, detail) => {
    const fn = build({ dnsFirewall: { allowedDomains: ['example.com', domain] } });
    expect(fn).toThrow(
      /TestStack\/Network: 'dnsFirewall\.allowedDomains\[1\]' must be a literal domain name .*\(164\.312\(e\)\(1\)\)/,
    );
    expect(fn).toThrow(detail);
  });

  test('fails if allowedDomains is not a list, or holds more than 1000 domains', () => {
    const notAList = { allowedDomains: 'example.com' as unknown as string[] };
    expect(build({ dnsFirewall: notAList })).toThrow(
      /'dnsFirewall\.allowedDomains' must be a list of at most 1000 literal domain names \(164\.312\(e\)\(1\)\), got "example\.com"/,
    );
    const many = Array.from({ length: 1001 }, (_, i) => `host${i}.example.com`);
    expect(build({ dnsFirewall: { allowedDomains: many } })).toThrow(
      /'dnsFirewall\.allowedDomains' must be a list/,
    );
  });

  test('fails if queryLogRetention is a look-alike profile', () => {
    const fake = { days: 30, logGroupRetention: 30 } as unknown as RetentionProfile;
    expect(build({ queryLogRetention: fake })).toThrow(
      /'queryLogRetention' must be a RetentionProfile of at least 2192 days .* \(164\.316\(b\)\(2\)\(i\)\), got \{"days":30,"logGroupRetention":30\}/,
    );
  });
});
