import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import { describeValue, HipaaPropsError, PropsCheck } from '../../../constructs/core/validation';

describe('PropsCheck', () => {
  const stack = new Stack(undefined, 'Config');
  const citation = '164.312(a)(2)(iii)';

  test('collects every problem and throws once, naming path, prop, allowed, citation and value', () => {
    const check = new PropsCheck(stack, 'Thing');
    check.integerInRange('count', 0, 1, 5, citation);
    check.integerInRange('ratio', 1.5, 1, 5, citation);
    check.matches('name', 'bad name', /^\S+$/, 'a name without spaces', citation);
    check.oneOf('mode', 'open', ['closed'], citation);
    let error: unknown;
    try {
      check.throwIfInvalid();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HipaaPropsError);
    expect((error as HipaaPropsError).constructPath).toBe('Config/Thing');
    expect((error as HipaaPropsError).problems).toHaveLength(4);
    expect((error as Error).message).toBe(
      [
        `Config/Thing: 'count' must be an integer from 1 to 5 (${citation}), got 0`,
        `Config/Thing: 'ratio' must be an integer from 1 to 5 (${citation}), got 1.5`,
        `Config/Thing: 'name' must be a name without spaces (${citation}), got "bad name"`,
        `Config/Thing: 'mode' must be one of "closed" (${citation}), got "open"`,
      ].join('\n'),
    );
  });

  test('integerInRange rejects tokens and NaN, and accepts absent values', () => {
    const check = new PropsCheck(stack, 'Thing');
    expect(check.integerInRange('a', undefined, 1, 5, citation)).toBe(true);
    expect(check.integerInRange('b', Number.NaN, 1, 5, citation)).toBe(false);
    expect(check.integerInRange('c', Token.asNumber(Lazy.number({ produce: () => 3 })), 1, 5, citation)).toBe(
      false,
    );
  });

  test('durationInRange takes whole-second Durations inside the bounds only', () => {
    const check = new PropsCheck(stack, 'Thing');
    const [min, max] = [Duration.hours(1), Duration.hours(4)];
    expect(check.durationInRange('ok', Duration.hours(2), min, max, citation)).toBe(true);
    expect(check.durationInRange('absent', undefined, min, max, citation)).toBe(true);
    expect(check.durationInRange('long', Duration.hours(5), min, max, citation)).toBe(false);
    expect(check.durationInRange('fraction', Duration.millis(3_600_500), min, max, citation)).toBe(false);
    expect(check.durationInRange('plain', { seconds: 7200 } as unknown as Duration, min, max, citation)).toBe(
      false,
    );
    expect(() => check.throwIfInvalid()).toThrow(
      /'long' must be a duration of whole seconds from 1 hour to 4 hours \(164\.312\(a\)\(2\)\(iii\)\), got "5 hours"\n.*'fraction' must be .*\n.*'plain' must be .* got \{"seconds":7200\}/,
    );
  });

  test('describeValue names tokens', () => {
    expect(describeValue(Token.asString(Lazy.string({ produce: () => 'x' })))).toMatch(
      /^an unresolved token/,
    );
    expect(describeValue(undefined)).toBe('undefined');
  });
});
