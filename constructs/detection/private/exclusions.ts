import { reasonProblem } from '../../core/acknowledge';
import { describeValue, type PropsCheck } from '../../core/validation';

/** A switched-off default, as the caller gave it: a name and the reason for switching it off. */
export interface Exclusion {
  /** The name of what is switched off (a feature, a standard, a rule). */
  readonly name: unknown;
  /** Why it is switched off. */
  readonly reason: unknown;
}

/** How one list of exclusions is checked. */
export interface ExclusionRules {
  /** The prop holding the list, e.g. `disabledProtections`. */
  readonly prop: string;
  /** The field of each entry that names what is excluded, e.g. `feature`. */
  readonly nameField: string;
  /** Every name that may be excluded. */
  readonly allowed: readonly string[];
  /** The citation the excluded safeguard serves, by name. */
  readonly citationOf: (name: string) => string;
  /** The citation to cite when the name itself is unknown. */
  readonly fallbackCitation: string;
  /**
   * What the allowed names are, e.g. `the name of a rule in the HIPAA conformance pack`. When given,
   * errors name this and the closest allowed names instead of listing them all (for long lists).
   *
   * @default - every allowed name is listed
   */
  readonly allowedDescription?: string;
}

/**
 * Checks a list of exclusions: each name must be one of `allowed` and appear once, and each reason
 * must be specific (at least 20 characters and not boilerplate, as for finding acknowledgments).
 * Problems are recorded on `check`.
 *
 * @returns the valid names, in order
 */
export function checkExclusions(
  check: PropsCheck,
  entries: readonly Exclusion[] | undefined,
  rules: ExclusionRules,
): string[] {
  const valid: string[] = [];
  const seen: string[] = [];
  for (const [i, entry] of (entries ?? []).entries()) {
    const name = entry?.name;
    const known = typeof name === 'string' && rules.allowed.includes(name);
    const citation = known ? rules.citationOf(name) : rules.fallbackCitation;
    check.require(known, {
      prop: `${rules.prop}[${i}].${rules.nameField}`,
      received: name,
      allowed: rules.allowedDescription
        ? `${rules.allowedDescription}${closeNamesHint(name, rules.allowed)}`
        : `one of ${rules.allowed.map((a) => describeValue(a)).join(', ')}`,
      citation,
    });
    if (known && seen.includes(name)) {
      check.require(false, {
        prop: `${rules.prop}[${i}].${rules.nameField}`,
        received: name,
        allowed: 'listed once',
        citation,
      });
      continue;
    }
    if (known) seen.push(name);
    const problem = typeof entry?.reason === 'string' ? reasonProblem(entry.reason) : 'is missing';
    check.require(problem === undefined, {
      prop: `${rules.prop}[${i}].reason`,
      received: entry?.reason,
      allowed: `a specific reason of at least 20 characters for switching off ${describeValue(name)} (it ${problem})`,
      citation,
    });
    if (known && problem === undefined) valid.push(name);
  }
  return valid;
}

/** `; close names: 'a', 'b'` for the allowed names nearest to `value`, or `` when none is close. */
export function closeNamesHint(value: unknown, allowed: readonly string[]): string {
  const close = closeNames(value, allowed);
  return close.length > 0 ? `; close names: ${close.map((c) => `'${c}'`).join(', ')}` : '';
}

/** Up to `limit` names from `candidates` that are close to `value` (edit distance or substring). */
export function closeNames(value: unknown, candidates: readonly string[], limit = 5): string[] {
  if (typeof value !== 'string' || value.length === 0) return [];
  const needle = value.toLowerCase();
  const threshold = Math.max(2, Math.floor(needle.length / 3));
  return candidates
    .map((c) => ({ c, d: c.includes(needle) || needle.includes(c) ? 0 : editDistance(needle, c) }))
    .filter(({ d }) => d <= threshold)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, limit)
    .map(({ c }) => c);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
