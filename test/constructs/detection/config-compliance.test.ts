import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RELAXATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import type { RetentionProfile } from '../../../constructs/core/retention';
import {
  ConfigCompliance,
  type ConfigComplianceProps,
} from '../../../constructs/detection/config-compliance';
import { newTestApp, newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

interface PackRule {
  Type: string;
  Properties: {
    ConfigRuleName: string;
    Source: { Owner: string; SourceIdentifier: string };
    InputParameters?: Record<string, string>;
    Scope?: { ComplianceResourceTypes: string[] };
  };
}

/** The rules of the conformance pack in a template, by rule name. */
function packRules(template: Template): Record<string, PackRule> {
  const [pack] = Object.values(template.findResources('AWS::Config::ConformancePack')) as {
    Properties: { TemplateBody: string };
  }[];
  const body = JSON.parse(pack.Properties.TemplateBody) as { Resources: Record<string, PackRule> };
  return Object.fromEntries(Object.values(body.Resources).map((r) => [r.Properties.ConfigRuleName, r]));
}

describe('ConfigCompliance at its defaults', () => {
  const stack = newTestStack();
  const compliance = new ConfigCompliance(stack, 'Config');
  const template = Template.fromStack(stack);

  test('records every supported resource type, global types included in the home Region', () => {
    template.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
      RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConfigRecorderRole'), 'Arn'] },
    });
    expect(compliance.recordsGlobalResources).toBe(true);
  });

  test('uses a role with AWS_ConfigRole, trusted only by Config in this account', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'config.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
          }),
        ],
      },
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWS_ConfigRole'],
          ],
        },
      ],
      Policies: Match.absent(),
    });
  });

  test('delivers daily snapshots to the KMS-encrypted history bucket, after the recorder', () => {
    template.hasResource('AWS::Config::DeliveryChannel', {
      Properties: {
        S3BucketName: { Ref: Match.stringLikeRegexp('^ConfigHistoryBucket') },
        S3KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConfigHistoryKey'), 'Arn'] },
        ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' },
      },
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^ConfigRecorder[0-9A-F]{8}$')]),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Id: 'ExpireAfterRetention', ExpirationInDays: 2192 })]),
      },
    });
  });

  test('lets the Config service in this account check the bucket and put objects with owner control', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AWSConfigBucketPermissionsCheck',
            Principal: { Service: 'config.amazonaws.com' },
            Action: ['s3:GetBucketAcl', 's3:ListBucket'],
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
          }),
          Match.objectLike({
            Sid: 'AWSConfigBucketDelivery',
            Principal: { Service: 'config.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: {
              'Fn::Join': ['', [Match.anyValue(), '/AWSLogs/111122223333/Config/*']],
            },
            Condition: {
              StringEquals: {
                's3:x-amz-acl': 'bucket-owner-full-control',
                'aws:SourceAccount': '111122223333',
              },
            },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AWSConfigKMSPolicy',
            Principal: { Service: 'config.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          }),
        ]),
      },
    });
  });

  test('deploys the HIPAA conformance pack with all 130 rules, owned by AWS, with default parameters', () => {
    template.hasResource('AWS::Config::ConformancePack', {
      Properties: { ConformancePackName: 'HIPAA-Security', TemplateBody: Match.anyValue() },
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^ConfigDeliveryChannel')]),
    });
    const rules = packRules(template);
    expect(Object.keys(rules)).toHaveLength(130);
    for (const rule of Object.values(rules)) {
      expect(rule.Type).toBe('AWS::Config::ConfigRule');
      expect(rule.Properties.Source.Owner).toBe('AWS');
    }
    expect(rules['access-keys-rotated'].Properties).toEqual({
      ConfigRuleName: 'access-keys-rotated',
      Source: { Owner: 'AWS', SourceIdentifier: 'ACCESS_KEYS_ROTATED' },
      InputParameters: { maxAccessKeyAge: '90' },
    });
    expect(rules['iam-password-policy'].Properties.InputParameters).toEqual({
      MaxPasswordAge: '90',
      MinimumPasswordLength: '14',
      PasswordReusePrevention: '24',
      RequireLowercaseCharacters: 'true',
      RequireNumbers: 'true',
      RequireSymbols: 'true',
      RequireUppercaseCharacters: 'true',
    });
    expect(rules['api-gw-execution-logging-enabled'].Properties.Scope).toEqual({
      ComplianceResourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage'],
    });
    expect(rules['annual-risk-assessment-performed'].Properties.Source.SourceIdentifier).toBe(
      'AWS_CONFIG_PROCESS_CHECK',
    );
    expect(rules['cloudtrail-enabled'].Properties.Scope).toBeUndefined();
  });

  test('keeps the pack template under the 51,200-byte limit of AWS Config', () => {
    expect(Buffer.byteLength(compliance.conformancePack.templateBody ?? '', 'utf8')).toBeLessThan(51_200);
  });

  test('has no unacknowledged findings; AWS_ConfigRole is acknowledged with its reason', () => {
    expectNoUnacknowledgedFindings(compliance);
  });
});

describe('ConfigCompliance rules by citation', () => {
  const byCitation = ConfigCompliance.rulesByCitation();

  test('maps risk analysis to the trail, GuardDuty and the annual risk-assessment process check', () => {
    expect(byCitation['164.308(a)(1)(ii)(A)']).toEqual([
      'annual-risk-assessment-performed',
      'cloudtrail-enabled',
      'guardduty-enabled-centralized',
    ]);
  });

  test('maps audit controls to trail, flow-log and logging rules', () => {
    expect(byCitation['164.312(b)']).toEqual(
      expect.arrayContaining([
        'cloud-trail-cloud-watch-logs-enabled',
        'cloud-trail-log-file-validation-enabled',
        'cloudtrail-enabled',
        'multi-region-cloudtrail-enabled',
        'vpc-flow-logs-enabled',
      ]),
    );
    expect(byCitation['164.308(a)(8)']).toEqual(['guardduty-enabled-centralized', 'securityhub-enabled']);
  });

  test('every rule names its citation basis; unmapped rules claim no citation', () => {
    const basis: Record<string, number> = {};
    for (const r of ConfigCompliance.RULES) basis[r.citationBasis] = (basis[r.citationBasis] ?? 0) + 1;
    expect(basis).toEqual({ steampipe: 97, analogue: 21, 'aws-config-docs': 1, none: 11 });
    for (const rule of ConfigCompliance.RULES) {
      expect(rule.citations.length === 0).toBe(rule.citationBasis === 'none');
      for (const c of rule.citations) expect(c).toMatch(/^164\.3\d\d(\([a-zA-Z0-9]+\))+$/);
    }
  });

  test('rule names and source identifiers are unique', () => {
    const names = ConfigCompliance.RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(130);
  });
});

describe('ConfigCompliance with exclusions, tightened parameters and another home Region', () => {
  const stack = newTestStack();
  const reason = 'No Classic Load Balancers exist or may be created in this account (SCP-enforced).';
  const compliance = new ConfigCompliance(stack, 'Config', {
    homeRegion: 'us-west-2',
    conformancePackName: 'Hipaa-Prod',
    excludedRules: [
      { rule: 'elb-predefined-security-policy-ssl-check', reason },
      { rule: 'elb-cross-zone-load-balancing-enabled', reason },
    ],
    parameterOverrides: {
      'access-keys-rotated': { maxAccessKeyAge: '60' },
      'iam-password-policy': { MinimumPasswordLength: '16', MaxPasswordAge: '60' },
      'cloudwatch-alarm-action-check': { okActionRequired: 'true' },
      'iam-customer-policy-blocked-kms-actions': {
        blockedActionsPatterns: 'kms:*, kms:Decrypt, kms:ReEncrypt*, kms:ScheduleKeyDeletion',
      },
    },
  });
  const template = Template.fromStack(stack);
  const rules = packRules(template);

  test('leaves global resource types to the home Region, acknowledging ConfigRecorderCoverage with why', () => {
    template.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false },
    });
    expect(
      collectUnacknowledgedFindings(compliance).filter(
        (f) => f.ruleName === 'TemplateEvidence-ConfigRecorderCoverage',
      ),
    ).toEqual([]);
  });

  test('leaves out the excluded rules: 128 remain', () => {
    expect(Object.keys(rules)).toHaveLength(128);
    expect(rules['elb-predefined-security-policy-ssl-check']).toBeUndefined();
    expect(rules['elb-cross-zone-load-balancing-enabled']).toBeUndefined();
    template.hasResourceProperties('AWS::Config::ConformancePack', { ConformancePackName: 'Hipaa-Prod' });
  });

  test('applies the tightened parameters and keeps the other defaults', () => {
    expect(rules['access-keys-rotated'].Properties.InputParameters).toEqual({ maxAccessKeyAge: '60' });
    expect(rules['iam-password-policy'].Properties.InputParameters).toEqual(
      expect.objectContaining({
        MinimumPasswordLength: '16',
        MaxPasswordAge: '60',
        PasswordReusePrevention: '24',
      }),
    );
    expect(rules['cloudwatch-alarm-action-check'].Properties.InputParameters?.okActionRequired).toBe('true');
  });

  test('records each exclusion as a relaxation under each citation of the rule', () => {
    const relaxations = compliance.node.metadata
      .filter((m) => m.type === RELAXATION_METADATA_KEY)
      .map((m) => m.data as { setting: string; citation: string });
    expect([...new Set(relaxations.map((r) => r.setting))]).toEqual([
      'excludedRules: elb-predefined-security-policy-ssl-check',
      'excludedRules: elb-cross-zone-load-balancing-enabled',
    ]);
    const tlsPolicy = relaxations.filter((r) =>
      r.setting.endsWith('elb-predefined-security-policy-ssl-check'),
    );
    expect(tlsPolicy.map((r) => r.citation)).toEqual(
      ConfigCompliance.RULES.find((r) => r.name === 'elb-predefined-security-policy-ssl-check')?.citations,
    );
    expect(tlsPolicy.map((r) => r.citation)).toContain('164.312(e)(1)');
  });

  test('does not record global resource types outside the home Region', () => {
    template.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false },
    });
  });
});

describe('ConfigCompliance rejects bad input', () => {
  const build =
    (props: ConfigComplianceProps, stack: Stack = newTestStack()) =>
    () =>
      new ConfigCompliance(stack, 'Config', props);
  const reason = 'No Classic Load Balancers exist or may be created in this account (SCP-enforced).';

  test('rejects an unknown rule name, naming close rules', () => {
    expect(build({ excludedRules: [{ rule: 'access-key-rotated', reason }] })).toThrow(
      /TestStack\/Config: 'excludedRules\[0\]\.rule' must be the name of a rule in the HIPAA conformance pack; close names: 'access-keys-rotated' \(164\.308\(a\)\(8\)\), got "access-key-rotated"/,
    );
  });

  test('rejects an excluded rule without a reason, citing the rule', () => {
    expect(build({ excludedRules: [{ rule: 'restricted-ssh', reason: 'ok' }] })).toThrow(
      /TestStack\/Config: 'excludedRules\[0\]\.reason' must be a specific reason .*"restricted-ssh" \(it is boilerplate\) \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got "ok"/,
    );
  });

  test('rejects a loosened maximum, naming rule, parameter, default and value', () => {
    expect(build({ parameterOverrides: { 'access-keys-rotated': { maxAccessKeyAge: '120' } } })).toThrow(
      /TestStack\/Config: 'parameterOverrides\['access-keys-rotated'\]\.maxAccessKeyAge' must be an integer from 1 to the default 90 \(a maximum may only be lowered\); default "90" \(164\.308\(a\)\(3\)\(ii\)\(C\)\), got "120"/,
    );
  });

  test('rejects a lowered minimum, a requirement switched off, a shrunk blocklist and a fixed value', () => {
    const attempt = build({
      parameterOverrides: {
        'iam-password-policy': { MinimumPasswordLength: '8', RequireSymbols: 'false' },
        'iam-inline-policy-blocked-kms-actions': { blockedActionsPatterns: 'kms:*' },
        'restricted-common-ports': { blockedPort3: '3390' },
      },
    });
    expect(attempt).toThrow(
      /'parameterOverrides\['iam-password-policy'\]\.MinimumPasswordLength' must be an integer from the default 14 to 128 \(a minimum may only be raised\); default "14" .*, got "8"/,
    );
    expect(attempt).toThrow(
      /'parameterOverrides\['iam-password-policy'\]\.RequireSymbols' must be 'true' \(the default is 'true'; a requirement may only be switched on\)/,
    );
    expect(attempt).toThrow(
      /blockedActionsPatterns' must be a comma-separated list that keeps every default pattern .*missing kms:Decrypt, kms:ReEncrypt\*/,
    );
    expect(attempt).toThrow(
      /'parameterOverrides\['restricted-common-ports'\]\.blockedPort3' must be the default '3389', because each blockedPort parameter names one port/,
    );
  });

  test('rejects overrides of unknown rules, unknown parameters and excluded rules', () => {
    const attempt = build({
      excludedRules: [{ rule: 'access-keys-rotated', reason }],
      parameterOverrides: {
        'access-keys-rotated': { maxAccessKeyAge: '30' },
        'iam-pasword-policy': { MaxPasswordAge: '30' },
        'restricted-ssh': { port: '22' },
      },
    });
    expect(attempt).toThrow(
      /'parameterOverrides\['access-keys-rotated'\]' must be a rule that is not in excludedRules/,
    );
    expect(attempt).toThrow(
      /'parameterOverrides\['iam-pasword-policy'\]' must be the name of a rule in the HIPAA conformance pack; close names: 'iam-password-policy'/,
    );
    expect(attempt).toThrow(
      /'parameterOverrides\['restricted-ssh'\]\.port' must be absent: restricted-ssh has no input parameters in the pack/,
    );
  });

  test('rejects a home Region on a stack whose Region is a token', () => {
    const anyEnv = new Stack(newTestApp(), 'AnyEnv');
    expect(build({ homeRegion: 'us-east-1' }, anyEnv)).toThrow(
      /AnyEnv\/Config: 'homeRegion' must be omitted, or set on a stack with a literal Region .* \(164\.312\(b\)\), got "us-east-1"/,
    );
  });

  test('rejects a malformed home Region, pack name and a retention below six years', () => {
    const attempt = build({
      homeRegion: 'US East',
      conformancePackName: '1-hipaa',
      historyRetention: { days: 90 } as unknown as RetentionProfile,
    });
    expect(attempt).toThrow(
      /'homeRegion' must be a literal AWS Region name, e.g. us-east-1 \(164\.312\(b\)\), got "US East"/,
    );
    expect(attempt).toThrow(
      /'conformancePackName' must be a letter followed by .* \(164\.308\(a\)\(8\)\), got "1-hipaa"/,
    );
    expect(attempt).toThrow(
      /'historyRetention' must be a RetentionProfile of at least 2192 days .*\(164\.316\(b\)\(2\)\(i\)\), got \{"days":90\}/,
    );
  });
});

describe('the compliance helper can fail for what ConfigCompliance creates', () => {
  test('a recorder role with an unacknowledged AWS-managed policy has findings', () => {
    const stack = newTestStack();
    new iam.Role(stack, 'PlainRecorderRole', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
    });
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toContain(
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
    );
  });
});

describe('ConfigCompliance delivering to a bucket kept elsewhere (the organization’s)', () => {
  const target = (stack: Stack) => ({
    bucket: s3.Bucket.fromBucketName(stack, 'OrgBucket', 'org-config-history'),
    encryptionKey: kms.Key.fromKeyArn(
      stack,
      'OrgKey',
      'arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
    ),
  });

  test('delivers there with that key, and creates no bucket or key of its own', () => {
    const stack = newTestStack();
    const compliance = new ConfigCompliance(stack, 'Config', { deliveryTarget: target(stack) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Config::DeliveryChannel', {
      S3BucketName: 'org-config-history',
      S3KmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
    });
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(compliance.deliveryBucket).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DeliverToHistoryBucket',
            Resource: 'arn:aws:s3:::org-config-history/AWSLogs/111122223333/Config/*',
          }),
        ]),
      },
    });
    template.resourceCountIs('AWS::Config::ConformancePack', 1);
  });

  test('fails if the local bucket’s key, retention or access logs are given with it', () => {
    const stack = newTestStack();
    expect(
      () =>
        new ConfigCompliance(stack, 'Config', {
          deliveryTarget: target(stack),
          accessLogsBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'logs'),
        }),
    ).toThrow(
      /^TestStack\/Config: 'accessLogsBucket' must be omitted with deliveryTarget: the target bucket's owner sets its key, retention and access logs \(164\.312\(b\)\), got "given with deliveryTarget"$/,
    );
  });
});
