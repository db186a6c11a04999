import { Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ORG_CONTROL_METADATA_KEY,
  OrganizationSecurity,
} from '../../../constructs/organization/organization-security';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const ADMIN = '222233334444';
const ORG = 'o-abcdefghij';

type Call = { service: string; action: string; region?: string; parameters?: Record<string, unknown> };

/** The calls of every SdkCall of the stack; tokens inside an Fn::Join are replaced by "TOKEN". */
function sdkCalls(template: Template): Call[] {
  return Object.values(template.findResources('Custom::AWS')).map((r) => {
    const create = r.Properties.Create as string | { 'Fn::Join': [string, unknown[]] };
    if (typeof create === 'string') return JSON.parse(create) as Call;
    const [sep, parts] = create['Fn::Join'];
    return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join(sep)) as Call;
  });
}

describe('OrganizationSecurity in the management account', () => {
  const stack = newTestStack();
  const org = new OrganizationSecurity(stack, 'Org', { delegatedAdminAccountId: ADMIN, organizationId: ORG });
  const template = Template.fromStack(stack);

  test('registers the delegated administrator of Security Hub', () => {
    template.hasResourceProperties('AWS::SecurityHub::DelegatedAdmin', { AdminAccountId: ADMIN });
  });

  test('delegates GuardDuty, Inspector, Macie, Config and Access Analyzer through SDK calls', () => {
    const calls = sdkCalls(template).map((c) => `${c.service}.${c.action}`);
    expect(calls).toEqual(
      expect.arrayContaining([
        'GuardDuty.enableOrganizationAdminAccount',
        'Inspector2.enableDelegatedAdminAccount',
        'Macie2.enableOrganizationAdminAccount',
        'Organizations.enableAWSServiceAccess',
        'Organizations.registerDelegatedAdministrator',
      ]),
    );
  });

  test('creates a hardened multi-Region organization trail', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsOrganizationTrail: true,
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      KMSKeyId: Match.anyValue(),
      CloudWatchLogsLogGroupArn: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowOrganizationTrailDelivery',
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', Match.arrayWith([`/AWSLogs/${ORG}/*`])] },
          }),
        ]),
      },
    });
  });

  test('creates no delegated-admin resources and no wildcard actions', () => {
    template.resourceCountIs('AWS::SecurityHub::ConfigurationPolicy', 0);
    template.resourceCountIs('AWS::Config::ConfigurationAggregator', 0);
    for (const policy of Object.values(template.findResources('AWS::IAM::ManagedPolicy'))) {
      for (const st of policy.Properties.PolicyDocument.Statement) {
        for (const action of [st.Action].flat()) expect(action).not.toMatch(/(^\*$|:\*$)/);
      }
    }
  });

  test('records its organization-wide controls in node metadata', () => {
    const recorded = org.node.metadata.filter((m) => m.type === ORG_CONTROL_METADATA_KEY).map((m) => m.data);
    expect(recorded).toEqual(org.orgWideControls);
    expect(org.orgWideControls.map((c) => c.control)).toContain('Organization CloudTrail');
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(org);
  });
});

describe('OrganizationSecurity Organizations endpoint', () => {
  test.each([
    ['us-east-1', 'us-east-1'],
    ['eu-west-1', 'us-east-1'],
    ['us-gov-east-1', 'us-gov-west-1'],
    ['cn-north-1', 'cn-northwest-1'],
  ])('a management stack in %s calls Organizations in %s', (region, endpoint) => {
    const stack = newTestStack({ env: { account: '111122223333', region } });
    new OrganizationSecurity(stack, 'Org', { delegatedAdminAccountId: ADMIN, organizationId: ORG });
    const regions = sdkCalls(Template.fromStack(stack))
      .filter((c) => c.service === 'Organizations')
      .map((c) => c.region);
    expect(regions.length).toBeGreaterThan(0);
    expect(new Set(regions)).toEqual(new Set([endpoint]));
  });
});

describe('OrganizationSecurity in the delegated-admin account', () => {
  const stack = newTestStack();
  const admin = new OrganizationSecurity(stack, 'Org', { policyTargetIds: ['r-ab12', 'ou-ab12-abcdefgh'] });
  const template = Template.fromStack(stack);

  test('uses central configuration without local auto-enable', () => {
    template.hasResourceProperties('AWS::SecurityHub::OrganizationConfiguration', {
      ConfigurationType: 'CENTRAL',
      AutoEnable: false,
      AutoEnableStandards: 'NONE',
    });
    template.hasResourceProperties('AWS::SecurityHub::FindingAggregator', {
      RegionLinkingMode: 'ALL_REGIONS',
    });
  });

  test('enables FSBP, CIS 3.0.0 and NIST 800-53 r5 by policy, associated with the root and the OU', () => {
    template.hasResourceProperties('AWS::SecurityHub::ConfigurationPolicy', {
      ConfigurationPolicy: {
        SecurityHub: {
          ServiceEnabled: true,
          EnabledStandardIdentifiers: [
            'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
            'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
            'arn:aws:securityhub:us-east-1::standards/nist-800-53/v/5.0.0',
          ],
        },
      },
    });
    template.hasResourceProperties('AWS::SecurityHub::PolicyAssociation', {
      TargetId: 'r-ab12',
      TargetType: 'ROOT',
    });
    template.hasResourceProperties('AWS::SecurityHub::PolicyAssociation', {
      TargetId: 'ou-ab12-abcdefgh',
      TargetType: 'ORGANIZATIONAL_UNIT',
    });
  });

  test('aggregates Config across the organization with the AWS-managed organizations role', () => {
    template.hasResourceProperties('AWS::Config::ConfigurationAggregator', {
      OrganizationAggregationSource: { AllAwsRegions: true, RoleArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'config.amazonaws.com' } })],
      },
      ManagedPolicyArns: [
        {
          'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/service-role/AWSConfigRoleForOrganizations'])],
        },
      ],
    });
  });

  test('creates organization external-access and 90-day unused-access analyzers', () => {
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ORGANIZATION' });
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ORGANIZATION_UNUSED_ACCESS',
      AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: 90 } },
    });
  });

  test('auto-enables GuardDuty (all features), Inspector and Macie for all members', () => {
    const calls = sdkCalls(template);
    const guardDuty = calls.find(
      (c) => c.service === 'GuardDuty' && c.action === 'updateOrganizationConfiguration',
    );
    expect(guardDuty?.parameters?.AutoEnableOrganizationMembers).toBe('ALL');
    const features = (guardDuty?.parameters?.Features ?? []) as { AutoEnable: string }[];
    expect(features).toHaveLength(6);
    for (const feature of features) {
      expect(feature.AutoEnable).toBe('ALL');
    }
    const inspector = calls.find((c) => c.service === 'Inspector2');
    expect(inspector?.parameters?.autoEnable).toEqual({
      ec2: true,
      ecr: true,
      lambda: true,
      lambdaCode: true,
    });
    const macie = calls.find((c) => c.service === 'Macie2');
    expect(macie?.parameters).toEqual({ autoEnable: true });
  });

  test('creates no delegation or trail resources', () => {
    template.resourceCountIs('AWS::SecurityHub::DelegatedAdmin', 0);
    template.resourceCountIs('AWS::CloudTrail::Trail', 0);
  });

  test('records six organization-wide controls with citations', () => {
    const recorded = admin.node.metadata.filter((m) => m.type === ORG_CONTROL_METADATA_KEY);
    expect(recorded).toHaveLength(6);
    expect(admin.orgWideControls).toContainEqual({
      control: 'GuardDuty auto-enable',
      scope: 'all member accounts, all features',
      citations: ['164.308(a)(1)(ii)(B)', '164.308(a)(1)(ii)(D)'],
    });
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(admin);
  });
});

describe('OrganizationSecurity compliance fixture', () => {
  test('an unacknowledged AWS-managed policy on a Config role is reported', () => {
    const stack = newTestStack();
    new iam.Role(stack, 'Broken', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSConfigRoleForOrganizations'),
      ],
    });
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toContain(
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRoleForOrganizations]',
    );
  });
});

describe('OrganizationSecurity validation', () => {
  const make = (props: Record<string, unknown>) => new OrganizationSecurity(newTestStack(), 'Org', props);

  test('rejects a delegated admin account id that is not 12 digits', () => {
    expect(() => make({ delegatedAdminAccountId: '1234', organizationId: ORG })).toThrow(
      /Org: 'delegatedAdminAccountId' must be a 12-digit account id.*\(164\.308\(a\)\(1\)\(ii\)\(B\)\), got "1234"/,
    );
  });
  test('rejects a token delegated admin account id', () => {
    expect(() =>
      make({ delegatedAdminAccountId: Token.asString({ Ref: 'Admin' }), organizationId: ORG }),
    ).toThrow(/Org: 'delegatedAdminAccountId' .*\(164\.308\(a\)\(1\)\(ii\)\(B\)\), got an unresolved token/);
  });
  test('rejects a management deployment without organizationId', () => {
    expect(() => make({ delegatedAdminAccountId: ADMIN })).toThrow(
      /Org: 'organizationId' must be an organization id .*\(164\.312\(b\)\), got undefined/,
    );
  });
  test('rejects a malformed organizationId', () => {
    expect(() => make({ delegatedAdminAccountId: ADMIN, organizationId: 'org-1' })).toThrow(
      /Org: 'organizationId' must be an organization id.*\(164\.312\(b\)\), got "org-1"/,
    );
  });
  test('rejects a delegated-admin deployment without policyTargetIds', () => {
    expect(() => make({})).toThrow(
      /Org: 'policyTargetIds' must be .*\(164\.308\(a\)\(1\)\(ii\)\(B\)\), got undefined/,
    );
  });
  test('rejects a bad policy target id', () => {
    expect(() => make({ policyTargetIds: ['111122223333'] })).toThrow(
      /Org: 'policyTargetIds\[0\]' must be .*\(164\.308\(a\)\(1\)\(ii\)\(B\)\), got "111122223333"/,
    );
  });
  test('rejects an empty standards list', () => {
    expect(() => make({ policyTargetIds: ['r-ab12'], standards: [] })).toThrow(
      /Org: 'standards' must be at least one Security Hub standard \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got \[\]/,
    );
  });
});
