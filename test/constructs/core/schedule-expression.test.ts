import { Lazy, Stack, Token } from 'aws-cdk-lib';
import { analyseSchedule, checkSchedule } from '../../../constructs/core/schedule-expression';
import { PropsCheck } from '../../../constructs/core/validation';

const gap = (expression: string) => {
  const analysis = analyseSchedule(expression);
  return analysis.valid ? analysis.longestGapDays : analysis.problem;
};

describe('analyseSchedule', () => {
  test.each([
    ['cron(0 3 ? * SUN *)', 7],
    ['cron(0 1 ? * * *)', 1],
    ['cron(0 5 ? * MON,THU *)', 4],
    ['cron(0 5 ? * MON-FRI *)', 3],
    ['cron(0 5 ? * 2-6 *)', 3],
    ['cron(0/15 * * * ? *)', 1],
    ['cron(0 5 1 * ? *)', 31],
    ['cron(0 5 1,15 * ? *)', 17],
    ['cron(0 5 */2 * ? *)', 2],
    ['cron(0 5 31 * ? *)', Number.POSITIVE_INFINITY],
    ['cron(0 5 L * ? *)', 31],
    ['cron(0 5 ? * SUN#1 *)', 35],
    ['cron(0 5 ? * 6L *)', 35],
    ['cron(0 5 ? 1 SUN *)', Number.POSITIVE_INFINITY],
    ['cron(0 5 ? * SUN 2030)', Number.POSITIVE_INFINITY],
    ['rate(1 day)', 1],
    ['rate(7 days)', 7],
    ['rate(12 hours)', 0.5],
    ['rate(30 minutes)', 30 / 1440],
  ])('%s runs at most %p days apart', (expression, days) => {
    expect(gap(expression)).toBe(days);
  });

  test.each([
    ['weekly', /is not a 'cron\(\.\.\.\)' or 'rate\(\.\.\.\)' expression/],
    ['cron(0 3 * * SUN *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 3 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 3 ? * SUN)', /has 5 fields, not 6/],
    ['cron(60 3 ? * SUN *)', /malformed minutes field '60'/],
    ['cron(0 24 ? * SUN *)', /malformed hours field '24'/],
    ['cron(0 3 ? * FUNDAY *)', /malformed day-of-week field 'FUNDAY'/],
    ['cron(0 3 ? 13 SUN *)', /malformed month field '13'/],
    ['cron(0 3 0 * ? *)', /malformed day-of-month field '0'/],
    ['cron(0 3 ? * 5-2 *)', /malformed day-of-week field '5-2'/],
    ['cron(0 3 ? * SUN#9 *)', /malformed day-of-week field 'SUN#9'/],
    ['rate(1 days)', /must use 'day' for 1 and 'days' otherwise/],
    ['rate(2 day)', /must use 'day' for 1 and 'days' otherwise/],
    ['rate(0 days)', /is not a/],
    ['rate(1 week)', /is not a/],
    ['at(2030-01-01T00:00:00)', /is not a/],
  ])('rejects %s', (expression, problem) => {
    expect(gap(expression)).toMatch(problem);
  });
});

describe('checkSchedule', () => {
  const stack = new Stack(undefined, 'Config');

  test('accepts a schedule within the bound and an absent one', () => {
    const check = new PropsCheck(stack, 'Patching');
    expect(checkSchedule(check, 'installSchedule', 'cron(0 3 ? * SUN *)', 7, '164.308(a)(1)(ii)(B)')).toBe(
      true,
    );
    expect(checkSchedule(check, 'installSchedule', undefined, 7, '164.308(a)(1)(ii)(B)')).toBe(true);
    expect(() => check.throwIfInvalid()).not.toThrow();
  });

  test('names prop, value, bound, what is wrong and the citation', () => {
    const check = new PropsCheck(stack, 'Patching');
    checkSchedule(check, 'installSchedule', 'cron(0 3 1 * ? *)', 7, '164.308(a)(1)(ii)(B)');
    checkSchedule(
      check,
      'scanSchedule',
      Token.asString(Lazy.string({ produce: () => 'rate(1 day)' })),
      7,
      '164.308(a)(1)(ii)(B)',
    );
    expect(() => check.throwIfInvalid()).toThrow(
      /^Config\/Patching: 'installSchedule' must be a 'cron\(\.\.\.\)' or 'rate\(\.\.\.\)' expression that runs at least every 7 days \(it runs up to 31 days apart\) \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got "cron\(0 3 1 \* \? \*\)"\nConfig\/Patching: 'scanSchedule' .*\(it is an unresolved token\)/,
    );
  });
});
