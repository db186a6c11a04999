import { Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { Citation } from './citations';
import { PropsCheck } from './validation';

/** Six years in days (6 × 365 + 2 leap days): the HIPAA documentation retention floor. */
export const SIX_YEARS_IN_DAYS = 2192;

/** CloudWatch Logs retention settings at or above six years, in days. */
const LOG_GROUP_RETENTION_STEPS: readonly number[] = [2192, 2557, 2922, 3288, 3653];

const RETENTION_PROFILE_BRAND: unique symbol = Symbol('cdk-hipaa-baseline.RetentionProfile');

/**
 * How long audit logs are kept: one profile used by every log group and log bucket in the toolkit.
 *
 * HIPAA requires policies, procedures and records of required actions to be kept six years
 * (164.316(b)(2)(i)); audit logs are the evidence of those actions. The profile can only be raised.
 *
 * @example
 * const retention = RetentionProfile.SIX_YEARS;          // 2192 days
 * const longer = RetentionProfile.ofDays(scope, 'Logs', 3653); // ten years
 * const forever = RetentionProfile.INDEFINITE;           // never expire
 */
export class RetentionProfile {
  /** Six years (2192 days), the default everywhere in the toolkit (164.316(b)(2)(i)). */
  public static readonly SIX_YEARS = new RetentionProfile(SIX_YEARS_IN_DAYS);

  /** Logs are never expired. */
  public static readonly INDEFINITE = new RetentionProfile(undefined);

  /**
   * A profile of `days`, which must be at least 2192 (six years) and one of the CloudWatch Logs
   * retention settings (2192, 2557, 2922, 3288 or 3653) so log groups and buckets keep the same span.
   *
   * @param scope the construct whose configuration carries the value, named in errors
   * @param prop the property name to name in errors
   * @param days the retention in days
   */
  public static ofDays(scope: Construct, prop: string, days: number): RetentionProfile {
    const check = new PropsCheck(scope);
    check.require(!Token.isUnresolved(days) && LOG_GROUP_RETENTION_STEPS.includes(days), {
      prop,
      received: days,
      allowed: `one of ${LOG_GROUP_RETENTION_STEPS.join(', ')} days (six years or more; retention can only be raised)`,
      citation: Citation.RETENTION_TIME_LIMIT,
    });
    check.throwIfInvalid();
    return new RetentionProfile(days);
  }

  /**
   * True when `value` is a genuine profile: created by this class (not a look-alike object, which
   * TypeScript's structural typing or plain JavaScript would let through) and holding an allowed span.
   */
  public static isRetentionProfile(value: unknown): value is RetentionProfile {
    if (!(value instanceof RetentionProfile) || value.brand !== RETENTION_PROFILE_BRAND) return false;
    return value.days === undefined || LOG_GROUP_RETENTION_STEPS.includes(value.days);
  }

  /** Retention in days, or `undefined` when logs never expire. */
  public readonly days: number | undefined;
  /** Makes the class nominal: an object literal with the same public shape does not type-check. */
  private readonly brand: symbol = RETENTION_PROFILE_BRAND;

  private constructor(days: number | undefined) {
    this.days = days;
    Object.freeze(this);
  }

  /** The CloudWatch Logs retention setting for this profile. */
  public get logGroupRetention(): logs.RetentionDays {
    return this.days === undefined ? logs.RetentionDays.INFINITE : (this.days as logs.RetentionDays);
  }

  /** A short human description, e.g. `2192 days (6 years)` or `indefinite`. */
  public toString(): string {
    return this.days === undefined
      ? 'indefinite'
      : `${this.days} days (${Math.floor(this.days / 365)} years)`;
  }
}

/**
 * Requires `value` (when given) to be a genuine {@link RetentionProfile} of six years or more, or
 * INDEFINITE. Every construct that takes a profile calls this before it builds anything: a look-alike
 * object (`{ days: 7, logGroupRetention: 7 }`, from JavaScript, JSON or a cast) is rejected rather than
 * giving audit records a shorter life (164.316(b)(2)(i)).
 *
 * @param check the construct's props check
 * @param prop the property name to name in errors, e.g. `logRetention`
 * @param value the profile received
 */
export function checkRetentionProfile(check: PropsCheck, prop: string, value: unknown): boolean {
  if (value === undefined) return true;
  return check.require(RetentionProfile.isRetentionProfile(value), {
    prop,
    received: value,
    allowed: `a RetentionProfile of at least ${SIX_YEARS_IN_DAYS} days (6 years) or INDEFINITE, made by RetentionProfile.SIX_YEARS, RetentionProfile.INDEFINITE or RetentionProfile.ofDays (${LOG_GROUP_RETENTION_STEPS.join(', ')} days), not a look-alike object`,
    citation: Citation.RETENTION_TIME_LIMIT,
  });
}
