import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SECURITY_EVENT_NAMESPACE, SecurityAlarms } from '../../../constructs/detection/security-alarms';
import { AuditLogGroup } from '../../../constructs/storage/audit-log-group';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const CIS_IDS = [
  'UnauthorizedApiCalls',
  'ConsoleSignInWithoutMfa',
  'RootAccountUsage',
  'IamPolicyChanges',
  'CloudTrailConfigChanges',
  'ConsoleAuthenticationFailures',
  'CmkDisabledOrScheduledForDeletion',
  'S3BucketPolicyChanges',
  'ConfigChanges',
  'SecurityGroupChanges',
  'NetworkAclChanges',
  'NetworkGatewayChanges',
  'RouteTableChanges',
  'VpcChanges',
];

describe('SecurityAlarms at its defaults, on a trail log group', () => {
  const stack = newTestStack();
  const trailLogs = new AuditLogGroup(stack, 'TrailEvents');
  const alarms = new SecurityAlarms(stack, 'Alarms', {
    logGroup: trailLogs.logGroup,
    subscriptionEmails: ['security@example.com'],
  });
  const template = Template.fromStack(stack);

  test('creates one metric filter and one alarm per CIS monitoring control, as a data table', () => {
    expect(SecurityAlarms.FILTERS.map((f) => f.id)).toEqual(CIS_IDS);
    template.resourceCountIs('AWS::Logs::MetricFilter', 14);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 14);
    for (const filter of SecurityAlarms.FILTERS) {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: { Ref: Match.stringLikeRegexp('^TrailEventsLogGroup') },
        FilterPattern: filter.filterPattern,
        MetricTransformations: [
          { MetricName: filter.id, MetricNamespace: SECURITY_EVENT_NAMESPACE, MetricValue: '1' },
        ],
      });
    }
  });

  test('uses the CIS patterns for root use, sign-in without MFA and key deletion', () => {
    const pattern = (id: string) => SecurityAlarms.FILTERS.find((f) => f.id === id)?.filterPattern;
    expect(pattern('RootAccountUsage')).toBe(
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    );
    expect(pattern('ConsoleSignInWithoutMfa')).toContain('($.additionalEventData.MFAUsed != "Yes")');
    expect(pattern('CmkDisabledOrScheduledForDeletion')).toBe(
      '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    );
    expect(pattern('ConsoleAuthenticationFailures')).toBe(
      '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    );
  });

  test('alarms on one event in five minutes, missing data not breaching, notifying the topic', () => {
    for (const id of CIS_IDS) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: id,
        Namespace: SECURITY_EVENT_NAMESPACE,
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmsTopic') }],
        InsufficientDataActions: [{ Ref: Match.stringLikeRegexp('^AlarmsTopic') }],
      });
    }
    expect(Object.keys(alarms.alarms)).toEqual(CIS_IDS);
  });

  test('creates a KMS-encrypted topic that refuses plain HTTP and only this account’s alarms may publish to', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmsTopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111122223333' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:*' },
            },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchAlarmsToUseKey',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'security@example.com',
    });
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(alarms);
  });
});

describe('SecurityAlarms with a given topic', () => {
  test('notifies that topic and creates no topic or key of its own', () => {
    const stack = newTestStack();
    const group = new logs.LogGroup(stack, 'Trail');
    const topic = sns.Topic.fromTopicArn(stack, 'Incidents', 'arn:aws:sns:us-east-1:111122223333:incidents');
    new SecurityAlarms(stack, 'Alarms', { logGroup: group, topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: ['arn:aws:sns:us-east-1:111122223333:incidents'],
    });
  });
});

describe('SecurityAlarms rejects bad input', () => {
  test('rejects a malformed subscription email', () => {
    const stack = newTestStack();
    const group = new logs.LogGroup(stack, 'Trail');
    expect(
      () => new SecurityAlarms(stack, 'Alarms', { logGroup: group, subscriptionEmails: ['security team'] }),
    ).toThrow(
      /TestStack\/Alarms: 'subscriptionEmails\[0\]' must be an email address \(164\.308\(a\)\(6\)\(ii\)\), got "security team"/,
    );
  });
});

describe('the compliance helper can fail for alarms and topics', () => {
  test('an alarm without actions and an unencrypted topic have findings', () => {
    const stack = newTestStack();
    const metric = new cloudwatch.Metric({ namespace: 'X', metricName: 'Y' });
    new cloudwatch.Alarm(stack, 'Silent', { metric, threshold: 1, evaluationPeriods: 1 });
    new sns.Topic(stack, 'PlainTopic');
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining([
        'HIPAA.Security-CloudWatchAlarmAction',
        'HIPAA.Security-SNSEncryptedKMS',
        'AwsSolutions-SNS3',
      ]),
    );
  });
});
