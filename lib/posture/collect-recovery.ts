import {
  type BackupClient,
  paginateListProtectedResources,
  paginateListRestoreJobs,
  type RestoreJobsListMember,
} from '@aws-sdk/client-backup';
import {
  type InstanceInformation,
  type InstancePatchState,
  paginateDescribeInstanceInformation,
  paginateDescribeInstancePatchStates,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { CallOptions } from './clients';
import { collectPatchLists, MAX_PATCH_LIST_INSTANCES } from './collect-patch-details';
import type { ObservationStore } from './observations';
import { needsPatchList } from './patch-deadlines';
import { toGap } from './private/errors';
import { judgePatchState, judgeRestores } from './recovery-checks';

/** Most instance ids DescribeInstancePatchStates accepts per request. */
export const PATCH_STATE_BATCH = 50;
/** Instances per page of DescribeInstanceInformation: the most the API returns. */
export const INSTANCE_PAGE_SIZE = 50;

/** How restores are judged. */
export interface RestoreCheckSettings {
  readonly objectiveHours: number;
  readonly windowDays: number;
  readonly now: Date;
}

/**
 * Collects the restore jobs of the last `windowDays` (ListRestoreJobs) and the resource types AWS Backup
 * protects (ListProtectedResources) in one account and Region, and records one restore observation per
 * resource type ({@link judgeRestores}). Either call failing records a gap and no verdict: a partial list
 * could hide the failed restore, so nothing compliant-looking is derived from it.
 */
export async function collectRestores(
  client: BackupClient,
  account: string,
  region: string,
  settings: RestoreCheckSettings,
  store: ObservationStore,
  call: CallOptions = {},
): Promise<void> {
  store.target(account, region);
  const context = { source: 'backup' as const, account, region };
  const since = new Date(settings.now.getTime() - settings.windowDays * 24 * 3_600_000);
  const jobs: RestoreJobsListMember[] = [];
  const protectedTypes = new Set<string>();
  const [restored, listed] = await Promise.all([
    (async () => {
      try {
        for await (const page of paginateListRestoreJobs({ client }, { ByCreatedAfter: since }, call)) {
          store.page();
          jobs.push(...(page.RestoreJobs ?? []));
        }
        return true;
      } catch (error) {
        store.addGap(toGap(error, { ...context, operation: 'ListRestoreJobs' }));
        return false;
      }
    })(),
    (async () => {
      try {
        for await (const page of paginateListProtectedResources({ client }, {}, call)) {
          store.page();
          for (const resource of page.Results ?? []) {
            if (resource.ResourceType) protectedTypes.add(resource.ResourceType);
          }
        }
        return true;
      } catch (error) {
        store.addGap(toGap(error, { ...context, operation: 'ListProtectedResources' }));
        return false;
      }
    })(),
  ]);
  if (!restored || !listed) return;
  const verdicts = judgeRestores(
    account,
    region,
    jobs,
    protectedTypes,
    settings.objectiveHours,
    settings.windowDays,
    settings.now,
  );
  for (const verdict of verdicts) store.addRestore(verdict);
}

/**
 * Collects the patch state of every managed instance of one account and Region
 * (DescribeInstanceInformation, then DescribeInstancePatchStates in batches of {@link PATCH_STATE_BATCH});
 * for each instance whose counts show a critical, security or failed patch, lists those patches and their
 * release dates ({@link collectPatchLists}, at most {@link MAX_PATCH_LIST_INSTANCES} instances), and
 * records one patch observation per instance ({@link judgePatchState}). No managed instance records
 * nothing: there is nothing to patch, and the patching citation is then simply not observed. A failure
 * records a gap and no verdict for the instances it concerns; the other verdicts are kept.
 */
export async function collectPatches(
  client: SSMClient,
  account: string,
  region: string,
  now: Date,
  store: ObservationStore,
  call: CallOptions = {},
): Promise<void> {
  store.target(account, region);
  const context = { source: 'ssm' as const, account, region };
  const instances: InstanceInformation[] = [];
  try {
    for await (const page of paginateDescribeInstanceInformation(
      { client, pageSize: INSTANCE_PAGE_SIZE },
      {},
      call,
    )) {
      store.page();
      for (const info of page.InstanceInformationList ?? []) {
        if (info.InstanceId) instances.push(info);
      }
    }
  } catch (error) {
    store.addGap(toGap(error, { ...context, operation: 'DescribeInstanceInformation' }));
    return;
  }
  const answered: InstanceInformation[] = [];
  const states = new Map<string, InstancePatchState>();
  for (let i = 0; i < instances.length; i += PATCH_STATE_BATCH) {
    const batch = instances.slice(i, i + PATCH_STATE_BATCH);
    try {
      for await (const page of paginateDescribeInstancePatchStates(
        { client },
        { InstanceIds: batch.map((info) => info.InstanceId as string) },
        call,
      )) {
        store.page();
        for (const state of page.InstancePatchStates ?? []) {
          if (state.InstanceId) states.set(state.InstanceId, state);
        }
      }
    } catch (error) {
      store.addGap(toGap(error, { ...context, operation: 'DescribeInstancePatchStates' }));
      continue;
    }
    answered.push(...batch);
  }
  const candidates = answered.filter((info) => {
    const state = states.get(info.InstanceId as string);
    return state !== undefined && needsPatchList(state);
  });
  const listedInstances = candidates.slice(0, MAX_PATCH_LIST_INSTANCES);
  const lists = await collectPatchLists(client, account, region, listedInstances, store, call);
  const listed = new Set(listedInstances.map((info) => info.InstanceId));
  const notRead = {
    notRead: `more than ${MAX_PATCH_LIST_INSTANCES} instances in ${account}/${region} miss a critical or security patch; only the first ${MAX_PATCH_LIST_INSTANCES} were listed`,
  };
  for (const info of answered) {
    const id = info.InstanceId as string;
    const state = states.get(id);
    if (state && needsPatchList(state)) {
      // Listed but absent: its listing or release-date lookup failed (a gap says which), so no verdict.
      if (listed.has(id) && !lists.has(id)) continue;
      store.addPatchState(judgePatchState(account, region, id, state, now, lists.get(id) ?? notRead));
    } else {
      store.addPatchState(judgePatchState(account, region, id, state, now));
    }
  }
}
