import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PAGING_METADATA_KEY } from '../../../constructs/core/report-metadata';
import { SecurityAlarms } from '../../../constructs/detection/security-alarms';
import { newTestStack } from '../../helpers/app';

const logGroup = (stack: ReturnType<typeof newTestStack>) =>
  logs.LogGroup.fromLogGroupName(stack, 'TrailLogs', 'trail-logs');

describe('SecurityAlarms subscribers', () => {
  test('subscribes email, HTTPS and chat endpoints to the alarm topic and records who is paged', () => {
    const stack = newTestStack();
    const alarms = new SecurityAlarms(stack, 'Alarms', {
      logGroup: logGroup(stack),
      subscribers: [
        { email: 'oncall@example.org' },
        { https: 'https://pager.example.com/sns' },
        { chatWebhook: 'https://chatbot.example.com/hook' },
      ],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Subscription', 3);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.org',
      TopicArn: { Ref: Match.stringLikeRegexp('^AlarmsTopic') },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'https',
      Endpoint: 'https://pager.example.com/sns',
    });
    const paging = alarms.node.metadata.filter((m) => m.type === PAGING_METADATA_KEY).map((m) => m.data);
    expect(paging).toEqual([
      expect.objectContaining({
        topic: 'TestStack/Alarms/Topic',
        citation: '164.308(a)(6)(ii)',
        subscribers: [
          'email oncall@example.org',
          'https https://pager.example.com/…',
          'chat webhook https://chatbot.example.com/…',
        ],
      }),
    ]);
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Alarms', Match.stringLikeRegexp('No subscriber'));
  });

  test('warns, naming the topic, when the alarms page nobody', () => {
    const stack = newTestStack();
    new SecurityAlarms(stack, 'Alarms', { logGroup: logGroup(stack) });
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Subscription', 0);
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Alarms',
      Match.stringLikeRegexp(
        'No subscriber for CIS security alarms: TestStack/Alarms/Topic pages nobody .*164\\.308\\(a\\)\\(6\\)\\(ii\\)',
      ),
    );
  });

  test('an existing topic keeps its own subscribers: no warning, and subscribers with it are refused', () => {
    const stack = newTestStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Shared', 'arn:aws:sns:us-east-1:111122223333:security');
    const alarmsLogGroup = logGroup(stack);
    const alarms = new SecurityAlarms(stack, 'Alarms', { logGroup: alarmsLogGroup, topic });
    expect(alarms.node.metadata.find((m) => m.type === PAGING_METADATA_KEY)?.data.subscribers).toEqual([
      'existing topic arn:aws:sns:us-east-1:111122223333:security (subscribers managed outside this app)',
    ]);
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Alarms', Match.stringLikeRegexp('No subscriber'));
    expect(
      () =>
        new SecurityAlarms(stack, 'Both', {
          logGroup: alarmsLogGroup,
          topic,
          subscribers: [{ email: 'oncall@example.org' }],
        }),
    ).toThrow(/TestStack\/Both: 'subscribers' must be no subscribers when `topic` is given/);
  });

  test('fails on a subscriber that is not an address or an https URL', () => {
    const stack = newTestStack();
    expect(
      () =>
        new SecurityAlarms(stack, 'Alarms', {
          logGroup: logGroup(stack),
          subscribers: [{ https: 'http://pager.example.com' }, { email: 'security team' }],
        }),
    ).toThrow(
      /'subscribers\[0\]\.https' must be an https:\/\/ URL without credentials[\s\S]*'subscribers\[1\]\.email' must be an email address/,
    );
  });
});
