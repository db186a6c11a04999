import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { RELAXATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import { RetentionProfile } from '../../../constructs/core/retention';
import { PhiWebAcl, type PhiWebAclProps } from '../../../constructs/edge/phi-web-acl';
import { evaluateTemplateEvidence } from '../../../lib/compliance/evaluate';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const MANAGED_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
];
const ALB_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/portal/50dc6c495c0c9188';

describe('PhiWebAcl at its defaults', () => {
  const stack = newTestStack();
  const waf = new PhiWebAcl(stack, 'EdgeWaf');
  const admin = new PhiWebAcl(stack, 'AdminWaf', {
    rateLimitPerFiveMinutes: 200,
    countOnlyRules: [
      {
        ruleName: 'SizeRestrictions_BODY',
        reason: 'The upload endpoint accepts DICOM bodies above 8 KB by design.',
      },
    ],
  });
  waf.associate('Portal', ALB_ARN);
  const template = Template.fromStack(stack);
  const aclOf = (construct: PhiWebAcl) =>
    template.toJSON().Resources[stack.getLogicalId(construct.webAcl)].Properties as {
      Rules: { Name: string; Statement: Record<string, Record<string, unknown>> }[];
    };

  test('is a REGIONAL web ACL that allows by default, with metrics and sampled requests on every rule', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true },
    });
    for (const rule of aclOf(waf).Rules) {
      expect(rule).toMatchObject({
        VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true },
      });
    }
  });

  test('runs the five AWS managed groups without any override, and a rate limit of 1000 per client IP', () => {
    const rules = aclOf(waf).Rules;
    expect(rules.flatMap((r) => (r.Statement.ManagedRuleGroupStatement?.Name as string) ?? [])).toEqual(
      MANAGED_GROUPS,
    );
    for (const name of MANAGED_GROUPS) {
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Rules: Match.arrayWith([
          Match.objectLike({
            OverrideAction: { None: {} },
            Statement: {
              ManagedRuleGroupStatement: {
                VendorName: 'AWS',
                Name: name,
                RuleActionOverrides: Match.absent(),
              },
            },
          }),
        ]),
      });
    }
    expect(rules.find((r) => r.Statement.RateBasedStatement)).toMatchObject({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
    });
  });

  test('logs every request to a six-year, KMS-encrypted aws-waf-logs- group, redacting credentials', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-TestStack-EdgeWaf-'),
        RetentionInDays: 2192,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EdgeWafLogsKey'), 'Arn'] },
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResource('AWS::WAFv2::LoggingConfiguration', {
      Properties: {
        ResourceArn: { 'Fn::GetAtt': [stack.getLogicalId(waf.webAcl), 'Arn'] },
        LogDestinationConfigs: [
          {
            'Fn::Join': ['', ['arn:aws:logs:us-east-1:111122223333:log-group:', { Ref: Match.anyValue() }]],
          },
        ],
        RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
        LoggingFilter: Match.absent(),
      },
      DependsOn: [Match.stringLikeRegexp('^HipaaWafLogDelivery')],
    });
  });

  test('lets log delivery of this account write to both log groups through one resource policy', () => {
    const policies = Object.values(template.findResources('AWS::Logs::ResourcePolicy'));
    expect(policies).toHaveLength(1);
    const document = JSON.parse(policies[0]?.Properties.PolicyDocument as string);
    expect(document.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [
          expect.stringMatching(/:log-group:aws-waf-logs-TestStack-EdgeWaf-[0-9A-F]+:log-stream:\*$/),
          expect.stringMatching(/:log-group:aws-waf-logs-TestStack-AdminWaf-[0-9A-F]+:log-stream:\*$/),
        ],
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111122223333' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111122223333:*' },
        },
      }),
    ]);
  });

  test('lets CloudWatch Logs use each log key, and keeps one key per web ACL', () => {
    const keys = template.findResources('AWS::KMS::Key');
    expect(Object.keys(keys)).toHaveLength(2);
    for (const key of Object.values(keys))
      expect(JSON.stringify(key)).toContain('AllowCloudWatchLogsInThisAccountAndRegion');
    const aliases = Object.values(template.findResources('AWS::KMS::Alias')).map(
      (a) => a.Properties.AliasName,
    );
    expect(new Set(aliases).size).toBe(2);
  });

  test('associates with a regional resource through associate()', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: ALB_ARN,
      WebACLArn: { 'Fn::GetAtt': [stack.getLogicalId(waf.webAcl), 'Arn'] },
    });
  });

  test('countOnlyRules counts that rule only, at the given rate limit, and records the relaxation', () => {
    const common = aclOf(admin).Rules.find((r) => r.Name === 'CommonRuleSet');
    expect(common?.Statement.ManagedRuleGroupStatement?.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
    expect(JSON.stringify(aclOf(admin))).toContain('"Limit":200');
    expect(admin.node.metadata.filter((m) => m.type === RELAXATION_METADATA_KEY).map((m) => m.data)).toEqual([
      {
        citation: '164.308(a)(1)(ii)(B)',
        setting: 'countOnlyRules: SizeRestrictions_BODY',
        reason: 'The upload endpoint accepts DICOM bodies above 8 KB by design.',
      },
    ]);
  });

  test('the count-only rule is acknowledged with its reason, and nothing else is unacknowledged', () => {
    const findings = evaluateTemplateEvidence(admin).filter(
      (f) => f.ruleName === 'TemplateEvidence-WafManagedRulesEnforced',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.acknowledgment?.reason).toMatch(/SizeRestrictions_BODY \(The upload endpoint/);
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('PhiWebAcl rejects invalid props', () => {
  const stack = newTestStack();
  const build = (props: PhiWebAclProps) => () => new PhiWebAcl(stack, 'Waf', props);

  test('fails if the rate limit is below 100 requests per five minutes', () => {
    expect(build({ rateLimitPerFiveMinutes: 50 })).toThrow(
      /TestStack\/Waf: 'rateLimitPerFiveMinutes' must be an integer from 100 to 2000000 \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got 50/,
    );
  });

  test('fails if the rate limit is not an integer', () => {
    expect(build({ rateLimitPerFiveMinutes: 1500.5 })).toThrow(/'rateLimitPerFiveMinutes' .* got 1500\.5/);
  });

  test('fails if countOnlyRules names a rule no managed group has', () => {
    expect(
      build({ countOnlyRules: [{ ruleName: 'SQLi_HEADER', reason: 'Our API sends SQL in a header.' }] }),
    ).toThrow(
      /'countOnlyRules\[0\]\.ruleName' must be the name of a rule of the managed groups \(AWSManagedRulesAmazonIpReputationList, .*\), e\.g\. "SizeRestrictions_BODY" \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got "SQLi_HEADER"/,
    );
  });

  test('fails if countOnlyRules names a rule twice', () => {
    const entry = { ruleName: 'NoUserAgent_HEADER', reason: 'Medical devices send no User-Agent header.' };
    expect(build({ countOnlyRules: [entry, entry] })).toThrow(
      /'countOnlyRules\[1\]\.ruleName' must be named once .* got "NoUserAgent_HEADER"/,
    );
  });

  test('fails if a count-only rule has no real reason', () => {
    expect(
      build({ countOnlyRules: [{ ruleName: 'SizeRestrictions_BODY', reason: 'false positive' }] }),
    ).toThrow(
      /'countOnlyRules\[0\]\.reason' must be a specific reason of at least 20 characters, not boilerplate, for counting instead of blocking \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got "false positive"/,
    );
  });

  test('fails if the log retention is a look-alike of a shorter profile', () => {
    const lookAlike = { days: 30, logGroupRetention: 30 } as unknown as RetentionProfile;
    expect(build({ logRetention: lookAlike })).toThrow(
      /'logRetention' must be a RetentionProfile .* \(164\.316\(b\)\(2\)\(i\)\)/,
    );
  });

  test('accepts a longer retention', () => {
    expect(build({ logRetention: RetentionProfile.ofDays(stack, 'logRetention', 3653) })).not.toThrow();
  });
});

describe('the compliance helper can fail for web ACLs', () => {
  test('a Core rule set counted through an override, and unredacted logs, are flagged', () => {
    const stack = newTestStack();
    const waf = new PhiWebAcl(stack, 'Waf');
    // An escape hatch: the L1 rules edited after construction.
    const original = waf.webAcl.rules as wafv2.CfnWebACL.RuleProperty[];
    waf.webAcl.rules = original.map((r) =>
      r.name === 'CommonRuleSet' ? { ...r, overrideAction: { count: {} } } : r,
    );
    waf.loggingConfiguration.addPropertyDeletionOverride('RedactedFields');
    const rules = collectUnacknowledgedFindings(waf).map((f) => f.ruleName);
    expect(rules).toEqual(
      expect.arrayContaining([
        'TemplateEvidence-WafManagedRulesEnforced',
        'TemplateEvidence-WafLoggingRedacted',
      ]),
    );
  });
});
