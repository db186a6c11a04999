import type { Resolved } from './resolve';
import { isSpecial, type TemplateResource, type TemplateSet, valuesAt } from './template-set';

/** The pack name of the template evidence rules (prefix of every rule id, namespace of acknowledgments). */
export const TEMPLATE_PACK = 'TemplateEvidence';

/** One thing a rule found wrong with a resource. */
export interface Problem {
  /** The property path in the template, e.g. `Properties.VersioningConfiguration.Status` or `DeletionPolicy`. */
  readonly path: string;
  /** What is wrong and what the template holds. */
  readonly message: string;
  /** True when the value cannot be known from the templates; never counted as passing. */
  readonly unverified?: boolean;
}

/** Returned by a rule for a resource it does not judge (e.g. a non-PHI bucket for a PHI-only rule). */
export const NOT_APPLICABLE = 'not-applicable' as const;

/** What a rule's check returns: the problems (none means compliant), or {@link NOT_APPLICABLE}. */
export type CheckResult = readonly Problem[] | typeof NOT_APPLICABLE;

/**
 * One template evidence rule: a small pure function over one resource of the synthesized templates, plus
 * the data an auditor needs (citations, rationale, fix). Registered in `lib/compliance/rules/index.ts`.
 */
export interface TemplateRule {
  /** The rule id without the pack prefix, e.g. `S3BucketVersioning`. */
  readonly id: string;
  /** HIPAA Security Rule citations the rule evidences. */
  readonly citations: readonly string[];
  /** How the pack rates a failure (the gate fails on both). */
  readonly severity: 'error' | 'warning';
  /** CloudFormation types the rule is evaluated on. */
  readonly resourceTypes: readonly string[];
  /** Why the setting matters for the citations, in a sentence an auditor can read. */
  readonly rationale: string;
  /** How to fix a failure. */
  readonly fix: string;
  /**
   * Properties (paths as recorded by the check) whose value is stronger when higher or lower, so `diff`
   * can call a change a weakening even while the rule still passes.
   *
   * @default - a changed value is listed but only a changed outcome counts as weakening
   */
  readonly strongerWhen?: Readonly<Record<string, 'higher' | 'lower'>>;
  /** Judges one resource; reads properties through `view` so what it read is recorded as evidence. */
  check(view: ResourceView, set: TemplateSet): CheckResult;
}

/** The full rule id as reported, e.g. `TemplateEvidence-S3BucketVersioning`. */
export function templateRuleId(rule: Pick<TemplateRule, 'id'>): string {
  return `${TEMPLATE_PACK}-${rule.id}`;
}

/**
 * A resource as one rule sees it. Every property read through it is recorded (`observed`), so the
 * report and `diff` carry the security settings themselves, not only pass / fail.
 */
export class ResourceView {
  private readonly seen: Record<string, Resolved | null> = {};

  constructor(public readonly resource: TemplateResource) {}

  /** The first value at `path` under Properties (dot path, `[]` for list items), recorded as observed. */
  public get(path: string): Resolved | undefined {
    const value = valuesAt(this.resource.properties, path)[0];
    this.seen[`Properties.${path}`] = value ?? null;
    return value;
  }

  /** Every value at `path` under Properties (expanding `[]`), recorded as observed. */
  public values(path: string): Resolved[] {
    const values = valuesAt(this.resource.properties, path);
    this.seen[`Properties.${path}`] = values;
    return values;
  }

  /** Records a derived fact (e.g. `uncoveredPhiBuckets`) as observed evidence. */
  public note(key: string, value: Resolved): void {
    this.seen[key] = value;
  }

  /** What the check read, JSON-safe: references and unresolved values become readable strings. */
  public get observed(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.seen).map(([k, v]) => [k, displayValue(v)]));
  }
}

/** A JSON-safe form of a resolved value (references shown as `Ref(X)` / `GetAtt(X.Arn)`). */
export function displayValue(value: Resolved | null | undefined): unknown {
  if (value === undefined || value === null) return null;
  if (isSpecial(value)) return String(value);
  if (Array.isArray(value)) return value.map(displayValue);
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, displayValue(v)]));
  return value;
}

const show = (value: Resolved | undefined) =>
  value === undefined ? 'nothing (property absent)' : JSON.stringify(displayValue(value));

/** Top-level keys of a resource that are not under `Properties`. */
const RESOURCE_KEYS = new Set([
  'Type',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'Properties',
]);

/** A failure at `Properties.<path>` (or at a top-level key such as `DeletionPolicy`, or `Properties` itself). */
export function fail(path: string, message: string): Problem {
  const top = path.split('.')[0] ?? '';
  return { path: RESOURCE_KEYS.has(top) ? path : `Properties.${path}`, message };
}

/** A value that cannot be verified from the templates. */
export function unverified(path: string, value: Resolved | undefined, expected: string): Problem {
  return {
    path: `Properties.${path}`,
    message: `${path} must be ${expected}, but the template holds ${show(value)}, which cannot be verified at synth`,
    unverified: true,
  };
}

/** `path` must equal `expected` (deep, plain JSON). */
export function expectEqual(view: ResourceView, path: string, expected: Resolved): Problem[] {
  const value = view.get(path);
  if (value !== undefined && containsSpecial(value)) return [unverified(path, value, show(expected))];
  return JSON.stringify(value) === JSON.stringify(expected)
    ? []
    : [fail(path, `${path} must be ${show(expected)}, got ${show(value)}`)];
}

/** A number, or a numeric string as CloudFormation accepts for numbers; undefined for anything else. */
export function asNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && !Number.isNaN(n) ? n : undefined;
}

/** `path` must be a number within [min, max]. */
export function expectBetween(view: ResourceView, path: string, min: number, max = Infinity): Problem[] {
  const value = view.get(path);
  const range = max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
  if (value !== undefined && isSpecial(value)) return [unverified(path, value, range)];
  const n = asNumber(value);
  return n !== undefined && n >= min && n <= max
    ? []
    : [fail(path, `${path} must be ${range}, got ${show(value)}`)];
}

/** `path` must hold a value (a literal, a reference or an import — presence is what is checked). */
export function expectPresent(view: ResourceView, path: string, what: string): Problem[] {
  const value = view.get(path);
  if (value === undefined || value === '' || value === null)
    return [fail(path, `${path} must be set: ${what}`)];
  return [];
}

/** `DeletionPolicy` and `UpdateReplacePolicy` must keep the data (Retain, or Snapshot where allowed). */
export function expectRetained(view: ResourceView, allowSnapshot = false): Problem[] {
  const allowed = allowSnapshot
    ? ['Retain', 'RetainExceptOnUpdate', 'Snapshot']
    : ['Retain', 'RetainExceptOnUpdate'];
  const problems: Problem[] = [];
  const { deletionPolicy, updateReplacePolicy } = view.resource;
  view.note('DeletionPolicy', deletionPolicy);
  view.note('UpdateReplacePolicy', updateReplacePolicy);
  if (typeof deletionPolicy !== 'string' || !allowed.includes(deletionPolicy))
    problems.push({
      path: 'DeletionPolicy',
      message: `DeletionPolicy must be one of ${allowed.join(', ')} so the data survives stack deletion, got ${show(deletionPolicy)}`,
    });
  const replaceAllowed = allowed.filter((p) => p !== 'RetainExceptOnUpdate');
  if (typeof updateReplacePolicy !== 'string' || !replaceAllowed.includes(updateReplacePolicy))
    problems.push({
      path: 'UpdateReplacePolicy',
      message: `UpdateReplacePolicy must be one of ${replaceAllowed.join(', ')} so a replacement keeps the old data, got ${show(updateReplacePolicy)}`,
    });
  return problems;
}

/** True when `value` contains a reference, composite or unresolved part anywhere. */
export function containsSpecial(value: Resolved): boolean {
  if (isSpecial(value)) return true;
  if (Array.isArray(value)) return value.some(containsSpecial);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsSpecial);
  return false;
}
