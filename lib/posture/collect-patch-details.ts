/**
 * Reads what the patch deadlines need beyond DescribeInstancePatchStates: the missing and failed patches
 * of each instance whose counts show one (DescribeInstancePatches), and each such patch's release date
 * from the patch catalog (DescribeAvailablePatches). Every call is bounded (pages per instance, ids per
 * catalog request, distinct patches per account and Region) and every fault is a gap.
 *
 * DescribeAvailablePatches covers Windows Server (by KB id), Amazon Linux and Amazon Linux 2 (by product
 * and package); a patch of any other platform has no known release date, so its deadline is not proven.
 */
import {
  type InstanceInformation,
  type Patch,
  type PatchOrchestratorFilter,
  paginateDescribeAvailablePatches,
  paginateDescribeInstancePatches,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { CallOptions } from './clients';
import type { CollectionGap } from './model';
import type { ObservationStore } from './observations';
import { type DeadlinePatch, type InstancePatchList, severityClass } from './patch-deadlines';
import { toGap } from './private/errors';

/** Patches per page of DescribeInstancePatches: the most the API returns. */
export const INSTANCE_PATCH_PAGE_SIZE = 100;
/** Pages of DescribeInstancePatches read per instance: up to 1,000 missing or failed patches. */
export const MAX_INSTANCE_PATCH_PAGES = 10;
/** Instances per account and Region whose patches are listed; the rest are judged not proven. */
export const MAX_PATCH_LIST_INSTANCES = 500;
/** Patch ids per DescribeAvailablePatches request (values of one filter). */
export const AVAILABLE_PATCH_BATCH = 20;
/** Patches per page of DescribeAvailablePatches: the most the API returns. */
export const AVAILABLE_PATCH_PAGE_SIZE = 100;
/** Pages read per DescribeAvailablePatches request before the rest is treated as not found. */
export const MAX_AVAILABLE_PATCH_PAGES = 5;
/** Distinct patches per account and Region whose release date is looked up; the rest are unknown. */
export const MAX_RELEASE_DATE_LOOKUPS = 1_000;

/** Patch states DescribeInstancePatches is filtered by (its State filter values). */
const LISTED_STATES = ['Missing', 'Failed'];
/** A Linux patch title: `<name>.<arch>:<epoch>:<version>-<release>`. */
const LINUX_PACKAGE = /^(.+)\.([^.:]+):(\d+):(.+)-([^-]+)$/;

/** Where the release dates of an instance's patches can be found. */
type Catalog =
  | { readonly kind: 'windows' }
  | { readonly kind: 'linux'; readonly products: readonly string[] };

/**
 * The patch catalog of an instance's platform, or why there is none: DescribeAvailablePatches answers
 * for Windows Server and for Amazon Linux 1 and 2 (whose PRODUCT filter it requires).
 */
export function catalogOf(info: InstanceInformation | undefined): Catalog | { readonly unsupported: string } {
  const name = info?.PlatformName ?? '';
  const version = info?.PlatformVersion ?? '';
  if (info?.PlatformType === 'Windows') return { kind: 'windows' };
  if (/^Amazon Linux( AMI)?$/i.test(name)) {
    if (/^2(\.0)?$/.test(version)) return { kind: 'linux', products: ['AmazonLinux2', 'AmazonLinux2.0'] };
    if (/^20\d\d\.\d\d$/.test(version)) return { kind: 'linux', products: [`AmazonLinux${version}`] };
  }
  const platform = `${name || info?.PlatformType || 'unknown platform'} ${version}`.trim();
  return {
    unsupported: `the patch catalog (DescribeAvailablePatches) covers Windows Server and Amazon Linux 1 and 2 only, not ${platform}`,
  };
}

/** Gaps of one account and Region, one per operation and code however many calls failed alike. */
class GapLog {
  private readonly seen = new Set<string>();
  constructor(private readonly store: ObservationStore) {}
  public add(gap: CollectionGap): void {
    const key = `${gap.operation}|${gap.code}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.store.addGap(gap);
  }
}

/**
 * Lists the missing and failed patches of each instance (DescribeInstancePatches, State Missing or
 * Failed, at most {@link MAX_INSTANCE_PATCH_PAGES} pages), then looks up their release dates. Returns the
 * list per instance; an instance whose listing or lookup failed is absent (its gap is recorded), so that
 * no verdict is derived from a partial read.
 */
export async function collectPatchLists(
  client: SSMClient,
  account: string,
  region: string,
  instances: readonly InstanceInformation[],
  store: ObservationStore,
  call: CallOptions = {},
): Promise<Map<string, InstancePatchList>> {
  const context = { source: 'ssm' as const, account, region };
  const gaps = new GapLog(store);
  const lists = new Map<string, InstancePatchList>();
  await Promise.all(
    instances.map(async (info) => {
      const id = info.InstanceId as string;
      const patches: DeadlinePatch[] = [];
      let otherMissing = 0;
      let pages = 0;
      let truncated = false;
      try {
        for await (const page of paginateDescribeInstancePatches(
          { client, pageSize: INSTANCE_PATCH_PAGE_SIZE },
          { InstanceId: id, Filters: [{ Key: 'State', Values: LISTED_STATES }] },
          call,
        )) {
          store.page();
          pages += 1;
          for (const p of page.Patches ?? []) {
            if (p.State !== 'MISSING' && p.State !== 'FAILED') continue;
            const severity = severityClass(p);
            if (!severity || !p.KBId) {
              otherMissing += 1;
              continue;
            }
            patches.push({
              kbId: p.KBId,
              ...(p.Title ? { title: p.Title } : {}),
              severity,
              ...(p.Severity ? { reportedSeverity: p.Severity } : {}),
              ...(p.Classification ? { classification: p.Classification } : {}),
              state: p.State,
            });
          }
          if (pages >= MAX_INSTANCE_PATCH_PAGES && page.NextToken) {
            truncated = true;
            break;
          }
        }
      } catch (error) {
        gaps.add(toGap(error, { ...context, operation: 'DescribeInstancePatches' }));
        return;
      }
      lists.set(id, { patches, otherMissing, truncated });
    }),
  );
  const failed = await lookUpReleaseDates(client, instances, lists, store, gaps, context, call);
  for (const id of failed) lists.delete(id);
  return lists;
}

/** One catalog request's worth of patches: same catalog, at most {@link AVAILABLE_PATCH_BATCH} ids. */
interface Lookup {
  readonly catalog: Catalog;
  /** The catalog key of each patch, and the patches (of every instance) waiting for it. */
  readonly keys: Map<string, DeadlinePatch[]>;
}

/**
 * Fills `releasedAt` (the earliest release date the catalog lists for the patch) or `releaseUnknown` on
 * every listed patch. Returns the instances whose lookup failed.
 */
async function lookUpReleaseDates(
  client: SSMClient,
  instances: readonly InstanceInformation[],
  lists: ReadonlyMap<string, InstancePatchList>,
  store: ObservationStore,
  gaps: GapLog,
  context: { source: 'ssm'; account: string; region: string },
  call: CallOptions,
): Promise<Set<string>> {
  const groups = new Map<string, { catalog: Catalog; keys: Map<string, DeadlinePatch[]> }>();
  const owners = new Map<DeadlinePatch, string>();
  let distinct = 0;
  for (const info of instances) {
    const list = lists.get(info.InstanceId as string);
    if (!list) continue;
    const catalog = catalogOf(info);
    for (const patch of list.patches) {
      owners.set(patch, info.InstanceId as string);
      if ('unsupported' in catalog) {
        patch.releaseUnknown = catalog.unsupported;
        continue;
      }
      const key = catalogKey(catalog, patch);
      if (!key) {
        patch.releaseUnknown = `its title does not name the package version (${patch.title ?? 'no title'})`;
        continue;
      }
      const groupId = catalog.kind === 'windows' ? 'windows' : `linux:${catalog.products.join(',')}`;
      const group = groups.get(groupId) ?? { catalog, keys: new Map() };
      groups.set(groupId, group);
      const waiting = group.keys.get(key);
      if (waiting) {
        waiting.push(patch);
      } else if (distinct >= MAX_RELEASE_DATE_LOOKUPS) {
        patch.releaseUnknown = `not looked up: more than ${MAX_RELEASE_DATE_LOOKUPS} distinct patches are missing in ${context.account}/${context.region}`;
      } else {
        distinct += 1;
        group.keys.set(key, [patch]);
      }
    }
  }
  const lookups: Lookup[] = [...groups.values()].flatMap(({ catalog, keys }) => {
    const entries = [...keys.entries()];
    return Array.from({ length: Math.ceil(entries.length / AVAILABLE_PATCH_BATCH) }, (_, i) => ({
      catalog,
      keys: new Map(entries.slice(i * AVAILABLE_PATCH_BATCH, (i + 1) * AVAILABLE_PATCH_BATCH)),
    }));
  });
  const failed = new Set<string>();
  await Promise.all(
    lookups.map(async ({ catalog, keys }) => {
      const released = new Map<string, Date>();
      let capped = false;
      try {
        let pages = 0;
        for await (const page of paginateDescribeAvailablePatches(
          { client, pageSize: AVAILABLE_PATCH_PAGE_SIZE },
          { Filters: catalogFilters(catalog, [...keys.keys()]) },
          call,
        )) {
          store.page();
          pages += 1;
          for (const patch of page.Patches ?? []) {
            const key = patchKey(catalog, patch);
            if (!key || !keys.has(key) || !patch.ReleaseDate) continue;
            const earlier = released.get(key);
            if (!earlier || patch.ReleaseDate < earlier) released.set(key, patch.ReleaseDate);
          }
          if (pages >= MAX_AVAILABLE_PATCH_PAGES && page.NextToken) {
            capped = true;
            break;
          }
        }
      } catch (error) {
        gaps.add(toGap(error, { ...context, operation: 'DescribeAvailablePatches' }));
        for (const waiting of keys.values()) for (const p of waiting) failed.add(owners.get(p) as string);
        return;
      }
      for (const [key, waiting] of keys) {
        const date = released.get(key);
        for (const p of waiting) {
          if (date) p.releasedAt = date;
          else
            p.releaseUnknown = capped
              ? `not in the first ${MAX_AVAILABLE_PATCH_PAGES} pages the patch catalog returned for its batch`
              : 'the patch catalog (DescribeAvailablePatches) lists no release date for it';
        }
      }
    }),
  );
  return failed;
}

/** The key a patch is looked up by: the KB id on Windows, the full package identity on Linux. */
function catalogKey(catalog: Catalog, patch: DeadlinePatch): string | undefined {
  if (catalog.kind === 'windows') return normalizeKb(patch.kbId);
  const match = LINUX_PACKAGE.exec(patch.title ?? '') ?? LINUX_PACKAGE.exec(patch.kbId);
  if (!match) return undefined;
  const [, name, arch, epoch, version, release] = match;
  return `${name}.${arch}:${Number(epoch)}:${version}-${release}`;
}

/** The same key for a catalog entry. */
function patchKey(catalog: Catalog, patch: Patch): string | undefined {
  if (catalog.kind === 'windows') return patch.KbNumber ? normalizeKb(patch.KbNumber) : undefined;
  if (!patch.Name || !patch.Arch || !patch.Version || !patch.Release) return undefined;
  return `${patch.Name}.${patch.Arch}:${patch.Epoch ?? 0}:${patch.Version}-${patch.Release}`;
}

/**
 * The filters of one catalog request. Linux: PRODUCT (required by the API) and the batch's package
 * names, versions and releases — their cross product may return extra entries, matched away by key.
 */
function catalogFilters(catalog: Catalog, keys: readonly string[]): PatchOrchestratorFilter[] {
  if (catalog.kind === 'windows') return [{ Key: 'PATCH_ID', Values: [...keys] }];
  const parts = keys.map((k) => LINUX_PACKAGE.exec(k) as RegExpExecArray);
  const unique = (i: number) => [...new Set(parts.map((p) => p[i]))];
  return [
    { Key: 'PRODUCT', Values: [...catalog.products] },
    { Key: 'NAME', Values: unique(1) },
    { Key: 'VERSION', Values: unique(4) },
    { Key: 'RELEASE', Values: unique(5) },
  ];
}

function normalizeKb(id: string): string {
  const upper = id.trim().toUpperCase();
  return upper.startsWith('KB') ? upper : `KB${upper}`;
}
