import { Token } from 'aws-cdk-lib';
import type { PropsCheck } from './validation';

/**
 * Pure parsing of the six-field `cron(minutes hours day-of-month month day-of-week year)` and
 * `rate(value unit)` expressions that EventBridge, Systems Manager maintenance windows and AWS Backup
 * take, and the longest gap between two runs, so a schedule that serves a control ("patch at least
 * weekly") is checked by value, not only for its shape.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/reference-cron-and-rate-expressions.html
 */

/** A parsed schedule: its longest gap between runs in days (an upper bound), or why it is invalid. */
export type ScheduleAnalysis =
  | { readonly valid: true; readonly longestGapDays: number }
  | { readonly valid: false; readonly problem: string };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const RATE_UNITS_PER_DAY: Readonly<Record<string, number>> = { minute: 1440, hour: 24, day: 1 };

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS },
  { name: 'year', min: 1970, max: 2199 },
];

/** The values a cron field selects (`*`, lists, ranges and steps), or `undefined` when it is malformed. */
export function expandCronField(field: string, spec: FieldSpec): number[] | undefined {
  const value = (text: string): number | undefined => {
    const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
    if (named >= 0) return spec.min + named;
    if (!/^\d+$/.test(text)) return undefined;
    const n = Number(text);
    return n >= spec.min && n <= spec.max ? n : undefined;
  };
  const selected = new Set<number>();
  for (const item of field.split(',')) {
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined) return undefined;
    const step = stepText === undefined ? 1 : /^[1-9]\d*$/.test(stepText) ? Number(stepText) : undefined;
    if (step === undefined) return undefined;
    let from: number | undefined;
    let to: number | undefined;
    if (range === '*') [from, to] = [spec.min, spec.max];
    else if (range.includes('-')) {
      const [a, b, more] = range.split('-');
      if (more !== undefined) return undefined;
      [from, to] = [value(a), value(b)];
    } else {
      from = value(range);
      to = stepText === undefined ? from : spec.max;
    }
    if (from === undefined || to === undefined || from > to) return undefined;
    for (let n = from; n <= to; n += step) selected.add(n);
  }
  return [...selected].sort((a, b) => a - b);
}

/** Longest circular gap between sorted `values` in a cycle of `period`. */
function longestCircularGap(values: readonly number[], period: number): number {
  let longest = values[0] + period - values[values.length - 1];
  for (let i = 1; i < values.length; i++) longest = Math.max(longest, values[i] - values[i - 1]);
  return longest;
}

/** Longest gap, in days, between selected days of the month, over months of 28 to 31 days. */
function longestMonthDayGap(days: readonly number[]): number {
  let longest = 0;
  for (const length of [28, 29, 30, 31]) {
    const firing = days.filter((d) => d <= length);
    if (firing.length === 0) return Number.POSITIVE_INFINITY;
    longest = Math.max(longest, longestCircularGap(firing, length));
  }
  return longest;
}

function analyseCron(body: string): ScheduleAnalysis {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    return {
      valid: false,
      problem: `has ${fields.length} fields, not 6 (minutes hours day-of-month month day-of-week year)`,
    };
  }
  const [, , dom, month, dow, year] = fields;
  if ((dom === '?') === (dow === '?')) {
    return { valid: false, problem: 'must have ? in exactly one of day-of-month and day-of-week' };
  }
  // L, W and # (last, nearest weekday, nth weekday) only occur in the two day fields.
  const special = (f: string, i: number) => (i === 2 ? /[LW]/ : i === 4 ? /[L#]/ : /$^/).test(f);
  for (const [i, spec] of FIELDS.entries()) {
    const f = fields[i];
    if (f === '?' && (i === 2 || i === 4)) continue;
    if (special(f, i)) {
      const pattern = i === 2 ? /^(L|([1-9]|[12]\d|3[01])W|LW)$/ : /^([1-7]|[A-Z]{3})(L|#[1-5])$|^L$/i;
      if (!pattern.test(f)) return { valid: false, problem: `has a malformed ${spec.name} field '${f}'` };
      continue;
    }
    if (expandCronField(f, spec) === undefined) {
      return { valid: false, problem: `has a malformed ${spec.name} field '${f}'` };
    }
  }
  // A schedule limited to some months or years has gaps of a month or more (or stops).
  if (month !== '*' || year !== '*') return { valid: true, longestGapDays: Number.POSITIVE_INFINITY };
  if (dom === '?') {
    if (special(dow, 4)) return { valid: true, longestGapDays: 35 };
    const weekdays = expandCronField(dow, FIELDS[4]) as number[];
    return { valid: true, longestGapDays: longestCircularGap(weekdays, 7) };
  }
  if (special(dom, 2)) return { valid: true, longestGapDays: 31 };
  return { valid: true, longestGapDays: longestMonthDayGap(expandCronField(dom, FIELDS[2]) as number[]) };
}

/**
 * Parses `expression` (`cron(...)` with six fields, or `rate(n unit)` with unit minute(s), hour(s) or
 * day(s), singular only for 1) and bounds the longest gap between runs.
 */
export function analyseSchedule(expression: string): ScheduleAnalysis {
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return analyseCron(cron[1]);
  const rate = /^rate\(([1-9]\d*) (minute|hour|day)(s?)\)$/.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    if ((n === 1) === (rate[3] === 's')) {
      return { valid: false, problem: `must use '${rate[2]}' for 1 and '${rate[2]}s' otherwise` };
    }
    return { valid: true, longestGapDays: n / RATE_UNITS_PER_DAY[rate[2]] };
  }
  return { valid: false, problem: "is not a 'cron(...)' or 'rate(...)' expression" };
}

/**
 * Requires `value` (when given) to be a literal, well-formed `cron(...)` or `rate(...)` expression that
 * runs at least every `maxGapDays` days. Tokens are rejected: a schedule that cannot be read at synth
 * time cannot be shown to recur.
 */
export function checkSchedule(
  check: PropsCheck,
  prop: string,
  value: string | undefined,
  maxGapDays: number,
  citation: string,
): boolean {
  if (value === undefined) return true;
  const analysis: ScheduleAnalysis = Token.isUnresolved(value)
    ? { valid: false, problem: 'is an unresolved token' }
    : analyseSchedule(value);
  const gap = analysis.valid ? analysis.longestGapDays : undefined;
  const problem = analysis.valid
    ? gap !== undefined && gap > maxGapDays
      ? `runs ${Number.isFinite(gap) ? `up to ${gap} days apart` : 'only in some months or years'}`
      : undefined
    : analysis.problem;
  return check.require(problem === undefined, {
    prop,
    received: value,
    allowed: `a 'cron(...)' or 'rate(...)' expression that runs at least every ${maxGapDays} days (it ${problem})`,
    citation,
  });
}
