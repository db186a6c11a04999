import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  checkRetentionProfile,
  RetentionProfile,
  SIX_YEARS_IN_DAYS,
} from '../../../constructs/core/retention';
import { PropsCheck } from '../../../constructs/core/validation';

describe('RetentionProfile', () => {
  const stack = new Stack(undefined, 'Config');

  test('defaults to six years (2192 days)', () => {
    expect(SIX_YEARS_IN_DAYS).toBe(2192);
    expect(RetentionProfile.SIX_YEARS.days).toBe(2192);
    expect(RetentionProfile.SIX_YEARS.logGroupRetention).toBe(logs.RetentionDays.SIX_YEARS);
  });

  test('can be raised to a longer CloudWatch Logs setting or to indefinite', () => {
    expect(RetentionProfile.ofDays(stack, 'logRetentionDays', 3653).logGroupRetention).toBe(
      logs.RetentionDays.TEN_YEARS,
    );
    expect(RetentionProfile.INDEFINITE.logGroupRetention).toBe(logs.RetentionDays.INFINITE);
  });

  test.each([30, 365, 2191, 2200])('cannot be lowered below six years or set off-step (%p days)', (days) => {
    expect(() => RetentionProfile.ofDays(stack, 'logRetentionDays', days)).toThrow(
      new RegExp(
        `Config: 'logRetentionDays' must be one of 2192, 2557, 2922, 3288, 3653 days .*\\(164\\.316\\(b\\)\\(2\\)\\(i\\)\\), got ${days}`,
      ),
    );
  });

  test('tells genuine profiles from look-alike objects', () => {
    expect(RetentionProfile.isRetentionProfile(RetentionProfile.SIX_YEARS)).toBe(true);
    expect(RetentionProfile.isRetentionProfile(RetentionProfile.INDEFINITE)).toBe(true);
    expect(RetentionProfile.isRetentionProfile(RetentionProfile.ofDays(stack, 'days', 2557))).toBe(true);
    expect(RetentionProfile.isRetentionProfile({ days: 2192, logGroupRetention: 2192 })).toBe(false);
    expect(RetentionProfile.isRetentionProfile(Object.create(RetentionProfile.prototype))).toBe(false);
    expect(RetentionProfile.isRetentionProfile(undefined)).toBe(false);
  });

  test('checkRetentionProfile records a look-alike with path, prop, value and citation', () => {
    const check = new PropsCheck(stack, 'Logs');
    expect(checkRetentionProfile(check, 'logRetention', undefined)).toBe(true);
    expect(checkRetentionProfile(check, 'logRetention', RetentionProfile.SIX_YEARS)).toBe(true);
    expect(checkRetentionProfile(check, 'logRetention', { days: 7 })).toBe(false);
    expect(() => check.throwIfInvalid()).toThrow(
      /^Config\/Logs: 'logRetention' must be a RetentionProfile of at least 2192 days .* \(164\.316\(b\)\(2\)\(i\)\), got \{"days":7\}$/,
    );
  });

  test('profiles are frozen', () => {
    expect(Object.isFrozen(RetentionProfile.SIX_YEARS)).toBe(true);
  });

  test('rejects an unresolved token', () => {
    expect(() =>
      RetentionProfile.ofDays(stack, 'days', Token.asNumber(Lazy.number({ produce: () => 2192 }))),
    ).toThrow(/got an unresolved token/);
  });
});
