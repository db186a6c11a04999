import type { CfnResourceJson } from '../../../../../lib/compliance/template/cfn-template';

/**
 * Template resources shared by the WAF rule fixtures: a web ACL as PhiWebAcl writes it (the five AWS
 * managed groups and a blocking rate-based rule), its logging configuration and its log group.
 */

const visibility = (metric: string) => ({
  CloudWatchMetricsEnabled: true,
  SampledRequestsEnabled: true,
  MetricName: metric,
});

const managed = (ruleName: string, group: string, priority: number) => ({
  Name: ruleName,
  Priority: priority,
  OverrideAction: { None: {} },
  Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: group } },
  VisibilityConfig: visibility(ruleName),
});

/** A compliant REGIONAL web ACL. */
export function webAcl(): CfnResourceJson {
  return {
    Type: 'AWS::WAFv2::WebACL',
    Properties: {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      VisibilityConfig: visibility('WebAcl'),
      Rules: [
        managed('AmazonIpReputationList', 'AWSManagedRulesAmazonIpReputationList', 10),
        managed('AnonymousIpList', 'AWSManagedRulesAnonymousIpList', 20),
        {
          Name: 'RateLimitPerClientIp',
          Priority: 30,
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 },
          },
          VisibilityConfig: visibility('RateLimitPerClientIp'),
        },
        managed('CommonRuleSet', 'AWSManagedRulesCommonRuleSet', 40),
        managed('KnownBadInputsRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 50),
        managed('SQLiRuleSet', 'AWSManagedRulesSQLiRuleSet', 60),
      ],
    },
  };
}

/** The index of each rule of {@link webAcl} in its `Rules`. */
export const RULE_INDEX = {
  ipReputation: 0,
  anonymousIp: 1,
  rateLimit: 2,
  common: 3,
  knownBad: 4,
  sqli: 5,
} as const;

/** A six-year, KMS-encrypted WAF log group, retained. */
export function wafLogGroup(): CfnResourceJson {
  return {
    Type: 'AWS::Logs::LogGroup',
    Properties: {
      LogGroupName: 'aws-waf-logs-edge',
      RetentionInDays: 2192,
      KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] },
    },
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
  };
}

/** The logging configuration of `webAclId` to `logGroupId`, redacting authorization and cookie. */
export function wafLogging(webAclId: string, logGroupId: string): CfnResourceJson {
  return {
    Type: 'AWS::WAFv2::LoggingConfiguration',
    Properties: {
      ResourceArn: { 'Fn::GetAtt': [webAclId, 'Arn'] },
      LogDestinationConfigs: [
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':logs:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':log-group:',
              { Ref: logGroupId },
            ],
          ],
        },
      ],
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    },
  };
}
