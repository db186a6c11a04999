import { Citation } from '../../../../constructs/core/citations';
import { Composite, type Resolved, ResourceRef } from '../../template/resolve';
import { containsSpecial, fail, NOT_APPLICABLE, type TemplateRule } from '../../template/rule';
import { isSpecial, type TemplateResource, type TemplateSet } from '../../template/template-set';
import { isObject, type Json } from '../private/json-values';

/** Whether a trail logs a resource's data events: yes, no, or cannot be told from the templates. */
type Coverage = 'covered' | 'unknown' | 'none';

/** What coverage reads of a PHI resource: its type, where it is declared and (for literal ARNs) its name. */
type Target = Pick<TemplateResource, 'type' | 'stackName' | 'logicalId' | 'properties'>;

/** The data-event resource type CloudTrail logs for each PHI store type. */
const DATA_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'AWS::S3::Object',
  'AWS::DynamoDB::Table': 'AWS::DynamoDB::Table',
};

/** Literal ARN prefixes that select every bucket / every table (`arn:aws:s3`, `arn:aws:s3:::`, …). */
const ALL_OF_SERVICE: Readonly<Record<string, RegExp>> = {
  'AWS::S3::Bucket': /^arn:[a-z-]+:s3(:::)?$/,
  'AWS::DynamoDB::Table': /^arn:[a-z-]+:dynamodb:?$/,
};

const asList = (value: Resolved | undefined): Resolved[] =>
  value === undefined ? [] : Array.isArray(value) ? [...value] : [value];
const best = (results: Coverage[]): Coverage =>
  results.includes('covered') ? 'covered' : results.includes('unknown') ? 'unknown' : 'none';

function isRefTo(part: unknown, target: Target, attribute?: string): boolean {
  return (
    part instanceof ResourceRef &&
    part.stackName === target.stackName &&
    part.logicalId === target.logicalId &&
    part.attribute === attribute
  );
}

/**
 * Whether an ARN value (a data resource value or a `StartsWith` prefix) selects every object of the
 * bucket, or the table: the target's `Arn` (with `/` for a bucket), `arn:…:s3:::<Ref bucket>/`, a literal
 * ARN of the target's literal name, or an all-buckets / all-tables prefix.
 */
function arnCovers(value: Resolved, target: Target): Coverage {
  if (typeof value === 'string') {
    if (ALL_OF_SERVICE[target.type]?.test(value)) return 'covered';
    const name = target.properties[target.type === 'AWS::S3::Bucket' ? 'BucketName' : 'TableName'];
    if (typeof name !== 'string') return 'none';
    const literal =
      target.type === 'AWS::S3::Bucket'
        ? new RegExp(`^arn:[a-z-]+:s3:::${escapeRegExp(name)}/?$`)
        : new RegExp(`^arn:[a-z-]+:dynamodb:[a-z0-9-]+:\\d{12}:table/${escapeRegExp(name)}$`);
    return literal.test(value) ? 'covered' : 'none';
  }
  if (isRefTo(value, target, 'Arn')) return 'covered';
  if (value instanceof Composite) {
    const parts = value.parts.filter((p) => p !== '');
    const [first, second] = parts;
    if (isRefTo(first, target, 'Arn') && (parts.length === 1 || (parts.length === 2 && second === '/')))
      return 'covered';
    // arn:${Partition}:s3:::${Ref Bucket}/
    const last = parts[parts.length - 1] === '/' ? parts.length - 2 : parts.length - 1;
    if (
      target.type === 'AWS::S3::Bucket' &&
      isRefTo(parts[last], target) &&
      typeof parts[last - 1] === 'string' &&
      String(parts[last - 1]).endsWith(':s3:::')
    )
      return 'covered';
    if (parts.some((p) => p instanceof ResourceRef && !isRefTo(p, target) && !isRefTo(p, target, 'Arn')))
      return 'none';
  }
  return containsSpecial(value) ? 'unknown' : 'none';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Coverage by basic event selectors: a data resource of the type whose values select the target. */
function basicCoverage(selectors: Resolved | undefined, target: Target): Coverage {
  if (selectors !== undefined && isSpecial(selectors)) return 'unknown';
  const dataType = DATA_RESOURCE_TYPES[target.type];
  return best(
    asList(selectors).map((selector): Coverage => {
      if (!isObject(selector)) return 'unknown';
      const readWrite = selector.ReadWriteType;
      if (readWrite !== undefined && isSpecial(readWrite)) return 'unknown';
      if (readWrite !== undefined && readWrite !== 'All') return 'none';
      return best(
        asList(selector.DataResources).map((resource): Coverage => {
          if (!isObject(resource)) return 'unknown';
          if (isSpecial(resource.Type)) return 'unknown';
          if (resource.Type !== dataType) return 'none';
          return best(asList(resource.Values).map((v) => arnCovers(v, target)));
        }),
      );
    }),
  );
}

/**
 * Coverage by advanced event selectors: `eventCategory = Data`, `resources.type = <type>`, and either no
 * `resources.ARN` selector or one whose `StartsWith` (or, for a table, `Equals`) selects the target. Any
 * other field (e.g. `readOnly`, `eventName`) narrows the selector, so it does not count.
 */
function advancedCoverage(selectors: Resolved | undefined, target: Target): Coverage {
  if (selectors !== undefined && isSpecial(selectors)) return 'unknown';
  const dataType = DATA_RESOURCE_TYPES[target.type] as string;
  return best(
    asList(selectors).map((selector): Coverage => {
      if (!isObject(selector)) return 'unknown';
      const fields = asList(selector.FieldSelectors);
      if (fields.some((f) => !isObject(f) || isSpecial(f.Field))) return 'unknown';
      const byField = new Map((fields as Json[]).map((f) => [f.Field as string, f]));
      const category = byField.get('eventCategory');
      const type = byField.get('resources.type');
      const arn = byField.get('resources.ARN');
      if ([...byField.keys()].some((k) => !['eventCategory', 'resources.type', 'resources.ARN'].includes(k)))
        return 'none';
      const equalsOnly = (f: Json | undefined, value: string): Coverage => {
        if (!f || containsSpecial(f)) return f ? 'unknown' : 'none';
        const keys = Object.keys(f).filter((k) => k !== 'Field');
        return keys.length === 1 && asList(f.Equals).includes(value) ? 'covered' : 'none';
      };
      const gates = [equalsOnly(category, 'Data'), equalsOnly(type, dataType)];
      if (gates.includes('none')) return 'none';
      let arnResult: Coverage = 'covered';
      if (arn) {
        const keys = Object.keys(arn).filter((k) => k !== 'Field');
        const allowed = target.type === 'AWS::DynamoDB::Table' ? ['StartsWith', 'Equals'] : ['StartsWith'];
        arnResult = keys.every((k) => allowed.includes(k))
          ? best(keys.flatMap((k) => asList(arn[k]).map((v) => arnCovers(v, target))))
          : 'none';
      }
      if (arnResult === 'none') return 'none';
      return arnResult === 'covered' && gates.every((g) => g === 'covered') ? 'covered' : 'unknown';
    }),
  );
}

/** Coverage of `target` by one trail (a trail that is not logging covers nothing). */
function trailCoverage(trail: TemplateResource, target: Target): Coverage {
  const logging = trail.properties.IsLogging;
  if (logging === false) return 'none';
  const coverage = best([
    basicCoverage(trail.properties.EventSelectors, target),
    advancedCoverage(trail.properties.AdvancedEventSelectors, target),
  ]);
  return coverage === 'covered' && logging !== true ? 'unknown' : coverage;
}

/** Literal ARNs that can name one bucket or table; the capture is the name (a bucket's may end in `/`). */
const NAMING_ARN: Readonly<Record<string, RegExp>> = {
  'AWS::S3::Bucket': /^arn:[a-z-]+:s3:::([\s\S]*)$/,
  'AWS::DynamoDB::Table': /^arn:[a-z-]+:dynamodb:[a-z0-9-]+:\d{12}:table\/([\s\S]*)$/,
};

const refKey = (stackName: string, logicalId: string): string => `ref\u0000${stackName}\u0000${logicalId}`;
const nameKey = (type: string, name: string): string => `name\u0000${type}\u0000${name}`;

/**
 * A resource of each type that no selector can reference or name (no stack is called NUL): its coverage
 * is what a trail gives every resource of the type that its selectors neither reference nor name.
 */
const UNNAMED: Readonly<Record<string, Target>> = Object.fromEntries(
  Object.keys(DATA_RESOURCE_TYPES).map((type) => [
    type,
    { type, stackName: '\u0000', logicalId: '\u0000', properties: {} },
  ]),
);

/**
 * Adds to `into` every resource a selector value references (`refKey`) and every bucket or table name a
 * literal ARN in it could match (`nameKey`, a superset of what {@link arnCovers} accepts).
 */
function collectMentions(value: Resolved | undefined, into: Set<string>): void {
  if (value instanceof ResourceRef) into.add(refKey(value.stackName, value.logicalId));
  else if (value instanceof Composite) for (const part of value.parts) collectMentions(part, into);
  else if (typeof value === 'string') {
    for (const [type, pattern] of Object.entries(NAMING_ARN)) {
      const name = pattern.exec(value)?.[1];
      if (name === undefined) continue;
      into.add(nameKey(type, name));
      if (name.endsWith('/')) into.add(nameKey(type, name.slice(0, -1)));
    }
  } else if (Array.isArray(value)) for (const item of value) collectMentions(item, into);
  else if (isObject(value)) for (const item of Object.values(value)) collectMentions(item, into);
}

/** The trails of a set, indexed so a PHI resource's coverage is a lookup, not a pass over every trail. */
interface TrailIndex {
  readonly trails: readonly TemplateResource[];
  /** Positions of the trails that reference or name a resource, by `refKey` / `nameKey`. */
  readonly mentioning: ReadonlyMap<string, readonly number[]>;
  /** By resource type, the positions of the trails whose coverage of an unmentioned resource is `covered` / `unknown`. */
  readonly unmentioned: ReadonlyMap<string, { readonly covered: number[]; readonly unknown: number[] }>;
}

const trailIndexes = new WeakMap<TemplateSet, TrailIndex>();

/**
 * The set's trails, indexed once: a trail's coverage of a resource its selectors neither reference nor
 * name depends on the resource's type alone (see {@link arnCovers}), so it is computed once per type; only
 * the trails that mention a resource are evaluated against it.
 */
function trailIndexOf(set: TemplateSet): TrailIndex {
  const cached = trailIndexes.get(set);
  if (cached) return cached;
  const trails = set.ofType('AWS::CloudTrail::Trail');
  const mentioning = new Map<string, number[]>();
  const unmentioned = new Map(
    Object.keys(DATA_RESOURCE_TYPES).map((type) => [
      type,
      { covered: [] as number[], unknown: [] as number[] },
    ]),
  );
  trails.forEach((trail, position) => {
    const mentions = new Set<string>();
    collectMentions(trail.properties.EventSelectors, mentions);
    collectMentions(trail.properties.AdvancedEventSelectors, mentions);
    for (const key of mentions) {
      const list = mentioning.get(key);
      if (list) list.push(position);
      else mentioning.set(key, [position]);
    }
    for (const [type, positions] of unmentioned) {
      const coverage = trailCoverage(trail, UNNAMED[type] as Target);
      if (coverage !== 'none') positions[coverage].push(position);
    }
  });
  const index = { trails, mentioning, unmentioned };
  trailIndexes.set(set, index);
  return index;
}

/** The trails (in template order) whose coverage of `target` is `covered`, and those where it is `unknown`. */
function coverageByTrails(
  set: TemplateSet,
  target: TemplateResource,
): { covered: TemplateResource[]; unknown: TemplateResource[] } {
  const index = trailIndexOf(set);
  const name = target.properties[target.type === 'AWS::S3::Bucket' ? 'BucketName' : 'TableName'];
  const positions = [
    ...(index.mentioning.get(refKey(target.stackName, target.logicalId)) ?? []),
    ...(typeof name === 'string' ? (index.mentioning.get(nameKey(target.type, name)) ?? []) : []),
  ];
  const mentioned = new Map(
    positions.map((p) => [p, trailCoverage(index.trails[p] as TemplateResource, target)]),
  );
  const unmentioned = index.unmentioned.get(target.type) ?? { covered: [], unknown: [] };
  const pick = (coverage: 'covered' | 'unknown'): TemplateResource[] =>
    [
      ...unmentioned[coverage].filter((p) => !mentioned.has(p)),
      ...[...mentioned].filter(([, c]) => c === coverage).map(([p]) => p),
    ]
      .sort((a, b) => a - b)
      .map((p) => index.trails[p] as TemplateResource);
  return { covered: pick('covered'), unknown: pick('unknown') };
}

/** True when the bucket is where a trail or server access logging delivers logs (it holds logs, not PHI). */
function isLogDestination(bucket: TemplateResource, set: TemplateSet): boolean {
  return (
    set.referrers(bucket, 'AWS::CloudTrail::Trail', 'S3BucketName').length > 0 ||
    set.referrers(bucket, 'AWS::S3::Bucket', 'LoggingConfiguration.DestinationBucketName').length > 0
  );
}

/**
 * Every S3 bucket and DynamoDB table tagged `DataClassification=PHI` has its data events (object reads
 * and writes, item reads and writes) logged by a CloudTrail trail of the assembly, through basic or
 * advanced event selectors. Buckets that receive trail or server access logs are not judged: logging
 * their data events would record the log delivery itself.
 */
export const CloudTrailPhiDataEvents: TemplateRule = {
  id: 'CloudTrailPhiDataEvents',
  citations: [Citation.AUDIT_CONTROLS, Citation.ACTIVITY_REVIEW],
  severity: 'error',
  resourceTypes: ['AWS::S3::Bucket', 'AWS::DynamoDB::Table'],
  rationale:
    'Management events do not show who read or changed an ePHI object or item; only data events record each GetObject, PutObject, GetItem or Query against the PHI store.',
  fix: 'Deploy AuditTrail in the account (it logs S3 and DynamoDB data events of every PhiBucket and PhiTable of the app, plus dataEventBuckets / dataEventTables), or add a data event selector for the resource to a logging trail.',
  check: (view, set) => {
    const target = view.resource;
    if (!target.isPhi) return NOT_APPLICABLE;
    if (target.type === 'AWS::S3::Bucket' && isLogDestination(target, set)) return NOT_APPLICABLE;
    const trails = set.ofType('AWS::CloudTrail::Trail');
    if (trails.length === 0)
      return [
        fail(
          'Properties',
          'the trail is missing: no AWS::CloudTrail::Trail in the templates logs data events of this PHI resource',
        ),
      ];
    const coverage = coverageByTrails(set, target);
    const covering = coverage.covered.map((trail) => trail.label);
    view.note('dataEventsLoggedBy', covering);
    if (covering.length > 0) return [];
    const unknown = coverage.unknown.map((trail) => trail.label);
    if (unknown.length > 0)
      return [
        {
          path: 'Properties',
          message: `the data event selectors of ${unknown.join(', ')} hold values that cannot be resolved at synth, so it cannot be verified that they log this PHI resource's data events`,
          unverified: true,
        },
      ];
    return [
      fail(
        'Properties',
        `no logging trail (${trails.map((t) => t.label).join(', ')}) has a data event selector for this PHI resource (${DATA_RESOURCE_TYPES[target.type]})`,
      ),
    ];
  },
};
