import { Stack, Stage } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { PhiBucket } from '../../storage/phi-bucket';
import { PhiTable } from '../../storage/phi-table';

/**
 * The PHI stores of one stage whose data events audit trails log: every {@link PhiBucket} that is not an
 * audit trail's own log bucket, and every {@link PhiTable}, in construct-tree order, by account and Region.
 */
export interface PhiDataSources {
  /** Buckets by {@link environmentKey}. */
  readonly buckets: ReadonlyMap<string, readonly s3.IBucket[]>;
  /** Tables by {@link environmentKey}. */
  readonly tables: ReadonlyMap<string, readonly dynamodb.ITable[]>;
}

/** The key of a construct's account and Region (tokens compare by their string form, as CDK does). */
export function environmentKey(scope: IConstruct): string {
  const stack = Stack.of(scope);
  return `${stack.account}\u0000${stack.region}`;
}

/**
 * Stages in a validated synthesis, with the sources once found. A stage is present from its own
 * validation (the first of its tree, since validation visits a stage before its children) until the
 * current synchronous run ends; `undefined` means not found yet in this synthesis.
 */
const synthesisSources = new WeakMap<IConstruct, PhiDataSources | undefined>();
const watchedStages = new WeakSet<IConstruct>();

/**
 * The stage (or, for a stack outside any stage, the root) whose PHI stores a trail at `scope` logs.
 */
export function sourceStageOf(scope: IConstruct): IConstruct {
  return Stage.of(scope) ?? scope.node.root;
}

/**
 * Marks `stage` so each validated synthesis finds its PHI stores once, for all its trails, instead of
 * once per trail: the tree is complete by validation, and nothing adds constructs until synthesis ends.
 * The cache is dropped when the synchronous synthesis returns, so later changes to the tree are seen.
 */
export function watchStage(stage: IConstruct): void {
  if (watchedStages.has(stage)) return;
  watchedStages.add(stage);
  stage.node.addValidation({
    validate: () => {
      synthesisSources.set(stage, undefined);
      queueMicrotask(() => synthesisSources.delete(stage));
      return [];
    },
  });
}

/**
 * The PHI stores of `stage`: found once per validated synthesis; outside one (a read before the app is
 * complete, or a synthesis that skips validation) found afresh on every call.
 */
export function phiDataSourcesOf(stage: IConstruct): PhiDataSources {
  if (!synthesisSources.has(stage)) return findPhiDataSources(stage);
  let sources = synthesisSources.get(stage);
  if (!sources) {
    sources = findPhiDataSources(stage);
    synthesisSources.set(stage, sources);
  }
  return sources;
}

/** Audit trails' own log buckets, registered by each trail as it is built. */
const trailLogBuckets = new WeakMap<IConstruct, IConstruct>();

/** Records that `trail` is an audit trail whose own log bucket is `logBucket`. */
export function registerTrailLogBucket(trail: IConstruct, logBucket: IConstruct): void {
  trailLogBuckets.set(trail, logBucket);
}

/**
 * One walk of the stage's tree (not into nested stages, whose stores their own trails log). The log
 * buckets of audit trails are left out: logging their data events would log their own delivery.
 */
export function findPhiDataSources(stage: IConstruct): PhiDataSources {
  const logBuckets = new Set<IConstruct>();
  const buckets: PhiBucket[] = [];
  const tables = new Map<string, dynamodb.ITable[]>();
  const visit = (c: IConstruct): void => {
    const logBucket = trailLogBuckets.get(c);
    if (logBucket) logBuckets.add(logBucket);
    if (c instanceof PhiBucket) buckets.push(c);
    else if (c instanceof PhiTable) append(tables, environmentKey(c), c.table);
    for (const child of c.node.children) if (!Stage.isStage(child)) visit(child);
  };
  visit(stage);
  const byEnvironment = new Map<string, s3.IBucket[]>();
  for (const bucket of buckets)
    if (!logBuckets.has(bucket)) append(byEnvironment, environmentKey(bucket), bucket.bucket);
  return { buckets: byEnvironment, tables };
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
