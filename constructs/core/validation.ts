import { Duration, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * One rejected property: which prop, what was received, what is allowed, and the HIPAA Security Rule
 * citation that the rule serves.
 */
export interface PropProblem {
  /** The property name as the caller wrote it, e.g. `rotationPeriod` or `retention.days`. */
  readonly prop: string;
  /** The value received, rendered for humans. */
  readonly received: unknown;
  /** What would have been accepted, e.g. `an integer from 90 to 365`. */
  readonly allowed: string;
  /** The HIPAA Security Rule citation, e.g. `164.312(a)(2)(iv)`. */
  readonly citation: string;
}

/**
 * Thrown when a construct is given insecure or invalid props. The message names the construct path,
 * every rejected prop, the value received, what is allowed and the HIPAA citation, so the fix is one
 * read away. It is thrown before any child construct exists, so nothing is left half-built.
 */
export class HipaaPropsError extends Error {
  /** Construct path of the construct that rejected its props. */
  public readonly constructPath: string;
  /** Every problem found, in the order they were checked. */
  public readonly problems: readonly PropProblem[];

  constructor(constructPath: string, problems: readonly PropProblem[]) {
    super(
      problems
        .map(
          (p) =>
            `${constructPath}: '${p.prop}' must be ${p.allowed} (${p.citation}), got ${describeValue(p.received)}`,
        )
        .join('\n'),
    );
    this.name = 'HipaaPropsError';
    this.constructPath = constructPath;
    this.problems = problems;
  }
}

/** Renders a received value for an error message; unresolved tokens are named as such. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') {
    return Token.isUnresolved(value) ? `an unresolved token (${value})` : JSON.stringify(value);
  }
  if (typeof value === 'number') {
    return Token.isUnresolved(value) ? 'an unresolved token' : String(value);
  }
  if (Token.isUnresolved(value)) return 'an unresolved token';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Collects every problem with a construct's props and throws once. Create it at the top of a
 * constructor, before `super` children exist:
 *
 * ```ts
 * const check = new PropsCheck(scope, id);
 * check.integerInRange('rotationPeriodDays', props.rotationPeriodDays, 90, 365, '164.312(a)(2)(iv)');
 * check.throwIfInvalid();
 * ```
 */
export class PropsCheck {
  private readonly problems: PropProblem[] = [];
  private readonly constructPath: string;

  /**
   * @param scope the scope the construct is being created in (or the construct itself when `id` is omitted)
   * @param id the id of the construct being created
   */
  constructor(scope: Construct, id?: string) {
    const parent = scope.node.path;
    this.constructPath = id === undefined ? parent || '<root>' : parent ? `${parent}/${id}` : id;
  }

  /** Records a problem when `ok` is false. Returns `ok` so callers can chain dependent checks. */
  public require(ok: boolean, problem: PropProblem): boolean {
    if (!ok) this.problems.push(problem);
    return ok;
  }

  /**
   * Requires `value` (when given) to be a resolved integer from `min` to `max` inclusive. Tokens are
   * rejected: a value that cannot be verified at synth time is not compliant.
   */
  public integerInRange(
    prop: string,
    value: number | undefined,
    min: number,
    max: number,
    citation: string,
  ): boolean {
    if (value === undefined) return true;
    return this.require(
      !Token.isUnresolved(value) && Number.isInteger(value) && value >= min && value <= max,
      {
        prop,
        received: value,
        allowed:
          max === Number.MAX_SAFE_INTEGER
            ? `an integer of at least ${min}`
            : `an integer from ${min} to ${max}`,
        citation,
      },
    );
  }

  /**
   * Requires `value` (when given) to be a `Duration` of whole seconds from `min` to `max` inclusive.
   * Tokens, fractional seconds and look-alike objects are rejected.
   */
  public durationInRange(
    prop: string,
    value: Duration | undefined,
    min: Duration,
    max: Duration,
    citation: string,
  ): boolean {
    if (value === undefined) return true;
    const seconds = value instanceof Duration ? value.toSeconds({ integral: false }) : Number.NaN;
    const ok =
      !Token.isUnresolved(seconds) &&
      Number.isInteger(seconds) &&
      seconds >= min.toSeconds() &&
      seconds <= max.toSeconds();
    return this.require(ok, {
      prop,
      received: value instanceof Duration && !Token.isUnresolved(seconds) ? value.toHumanString() : value,
      allowed: `a duration of whole seconds from ${min.toHumanString()} to ${max.toHumanString()}`,
      citation,
    });
  }

  /** Requires `value` (when given) to be a resolved string matching `pattern`. */
  public matches(
    prop: string,
    value: string | undefined,
    pattern: RegExp,
    allowed: string,
    citation: string,
  ): boolean {
    if (value === undefined) return true;
    return this.require(!Token.isUnresolved(value) && pattern.test(value), {
      prop,
      received: value,
      allowed,
      citation,
    });
  }

  /** Requires `value` (when given) to be one of `allowedValues`. */
  public oneOf<T>(
    prop: string,
    value: T | undefined,
    allowedValues: readonly T[],
    citation: string,
  ): boolean {
    if (value === undefined) return true;
    return this.require(allowedValues.includes(value), {
      prop,
      received: value,
      allowed: `one of ${allowedValues.map((v) => describeValue(v)).join(', ')}`,
      citation,
    });
  }

  /** Throws a {@link HipaaPropsError} listing every recorded problem, if there are any. */
  public throwIfInvalid(): void {
    if (this.problems.length > 0) throw new HipaaPropsError(this.constructPath, this.problems);
  }
}
