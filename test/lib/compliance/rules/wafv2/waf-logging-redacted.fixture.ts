import { WafLoggingRedacted } from '../../../../../lib/compliance/rules/wafv2/waf-logging-redacted';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';
import { wafLogGroup, wafLogging, webAcl } from './web-acl-resources';

const compliant = [
  stackTemplate('Edge', {
    WebAcl: webAcl(),
    Logs: wafLogGroup(),
    Logging: wafLogging('WebAcl', 'Logs'),
    // A second web ACL logging to a never-expiring group named by a literal ARN.
    AdminAcl: webAcl(),
    AdminLogs: {
      ...wafLogGroup(),
      Properties: { LogGroupName: 'aws-waf-logs-admin', KmsKeyId: 'alias/waf' },
    },
    AdminLogging: {
      Type: 'AWS::WAFv2::LoggingConfiguration',
      Properties: {
        ResourceArn: { 'Fn::GetAtt': ['AdminAcl', 'Arn'] },
        LogDestinationConfigs: ['arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-admin'],
        RedactedFields: [{ SingleHeader: { Name: 'Authorization' } }, { SingleHeader: { Name: 'Cookie' } }],
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: WafLoggingRedacted,
  compliant,
  bad: [
    {
      name: 'no logging configuration',
      templates: mutate(compliant, (_r, t) => {
        for (const stack of t) delete (stack.template.Resources as Record<string, unknown>).Logging;
      }),
      path: 'Properties',
    },
    {
      name: 'the cookie header is not redacted',
      templates: mutate(compliant, (r) =>
        setProperty(r.Logging, 'RedactedFields', [{ SingleHeader: { Name: 'authorization' } }]),
      ),
      path: 'Properties',
    },
    {
      name: 'nothing is redacted',
      templates: mutate(compliant, (r) => deleteProperty(r.Logging, 'RedactedFields')),
      path: 'Properties',
    },
    {
      name: 'the log group keeps one year',
      templates: mutate(compliant, (r) => setProperty(r.Logs, 'RetentionInDays', 365)),
      path: 'Properties',
    },
    {
      name: 'the log group is not KMS-encrypted',
      templates: mutate(compliant, (r) => deleteProperty(r.AdminLogs, 'KmsKeyId')),
      path: 'Properties',
    },
    {
      name: 'logs go to an S3 bucket instead of a log group',
      templates: mutate(compliant, (r) =>
        setProperty(r.Logging, 'LogDestinationConfigs', ['arn:aws:s3:::aws-waf-logs-bucket']),
      ),
      path: 'Properties',
    },
    {
      name: 'the destination is an import this assembly does not export',
      templates: mutate(compliant, (r) =>
        setProperty(r.Logging, 'LogDestinationConfigs', [{ 'Fn::ImportValue': 'SharedWafLogGroupArn' }]),
      ),
      expect: 'unverified',
    },
  ],
};
