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

  test('rejects a plain object in place of a RetentionProfile (7 days), and creates no log group', () => {
    const stack = newTestStack();
    const forged = { days: 7, logGroupRetention: 7, toString: () => '7 days' } as unknown as RetentionProfile;
    expect(() => new AuditLogGroup(stack, 'Audit', { retention: forged })).toThrow(
      /TestStack\/Audit: 'retention' must be a RetentionProfile of at least 2192 days \(6 years\) or INDEFINITE, made by RetentionProfile\.SIX_YEARS, RetentionProfile\.INDEFINITE or RetentionProfile\.ofDays .*not a look-alike object \(164\.316\(b\)\(2\)\(i\)\), got \{"days":7,"logGroupRetention":7\}/,
    );
    Template.fromStack(stack).resourceCountIs('AWS::Logs::LogGroup', 0);
  });

  test('rejects a look-alike with a compliant-looking span, and a genuine profile whose days were altered', () => {
    const stack = newTestStack();
    const lookAlike = Object.assign(Object.create(RetentionProfile.prototype), { days: 2192 });
    expect(() => new AuditLogGroup(stack, 'LookAlike', { retention: lookAlike })).toThrow(
      /'retention' must be a RetentionProfile/,
    );
    expect(() => {
      (RetentionProfile.SIX_YEARS as { days: number }).days = 7;
    }).toThrow(TypeError);
    expect(RetentionProfile.SIX_YEARS.days).toBe(2192);
  });

  test('rejects an invalid log group name', () => {
    expect(() => new AuditLogGroup(newTestStack(), 'Audit', { logGroupName: 'has spaces' })).toThrow(
      /TestStack\/Audit: 'logGroupName' must be a log group name .* \(164\.312\(b\)\), got "has spaces"/,
    );
  });
});
