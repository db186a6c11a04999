import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RetentionProfile } from '../../../constructs/core/retention';
import { AuditLogGroup } from '../../../constructs/storage/audit-log-group';
import { newTestStack } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';

describe('AuditLogGroup', () => {
  test('at its defaults: own CMK, six years, retained, no findings', () => {
    const stack = newTestStack();
    const group = new AuditLogGroup(stack, 'AppAudit');
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppAuditKey'), 'Arn'] },
        RetentionInDays: 2192,
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/phi/TestStack/logs-app-audit' });
    expectNoUnacknowledgedFindings(group);
  });

  test('uses a given key, extends its policy for CloudWatch Logs, and a raised retention', () => {
    const stack = newTestStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new AuditLogGroup(stack, 'Audit', {
      encryptionKey: key,
      retention: RetentionProfile.ofDays(stack, 'retention', 3653),
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 3653 });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchLogsInThisAccountAndRegion' })]),
      },
    });
  });

  test('rejects an invalid log group name', () => {
    expect(() => new AuditLogGroup(newTestStack(), 'Audit', { logGroupName: 'has spaces' })).toThrow(
      /TestStack\/Audit: 'logGroupName' must be a log group name .* \(164\.312\(b\)\), got "has spaces"/,
    );
  });
});
