import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { PAGING_METADATA_KEY } from '../../../constructs/core/report-metadata';
import { AccessRoles } from '../../../constructs/identity/access-roles';
import { newTestStack } from '../../helpers/app';

describe('AccessRoles break-glass alarm subscribers', () => {
  test('subscribes the break-glass alarm topic and records who is paged', () => {
    const stack = newTestStack();
    const roles = new AccessRoles(stack, 'Access', {
      alarmSubscribers: [{ email: 'oncall@example.org' }, { https: 'https://pager.example.com/sns' }],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.org',
      TopicArn: { Ref: Match.stringLikeRegexp('^AccessBreakGlassAlarmTopic') },
    });
    const alarm = roles.node.findChild('BreakGlassAlarm');
    expect(alarm.node.metadata.find((m) => m.type === PAGING_METADATA_KEY)?.data).toEqual({
      topic: 'TestStack/Access/BreakGlassAlarm/Topic',
      alerts: 'break-glass role assumed (emergency access)',
      citation: '164.312(a)(2)(ii)',
      subscribers: ['email oncall@example.org', 'https https://pager.example.com/…'],
    });
  });

  test('warns, naming the topic, when break-glass use pages nobody', () => {
    const stack = newTestStack();
    new AccessRoles(stack, 'Access');
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Access/BreakGlassAlarm',
      Match.stringLikeRegexp('No subscriber for break-glass alarms: TestStack/Access/BreakGlassAlarm/Topic'),
    );
  });

  test('fails on a bad subscriber before creating anything', () => {
    const stack = newTestStack();
    expect(() => new AccessRoles(stack, 'Access', { alarmSubscribers: [{ email: 'nobody' }] })).toThrow(
      /TestStack\/Access: 'alarmSubscribers\[0\]\.email' must be an email address \(164\.308\(a\)\(6\)\(ii\)\), got "nobody"/,
    );
    expect(stack.node.tryFindChild('Access')).toBeUndefined();
  });
});
