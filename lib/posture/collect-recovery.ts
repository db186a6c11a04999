import {
  type BackupClient,
  paginateListProtectedResources,
  paginateListRestoreJobs,
  type RestoreJobsListMember,
} from '@aws-sdk/client-backup';
import {
  type InstancePatchState,
  paginateDescribeInstanceInformation,
  paginateDescribeInstancePatchStates,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { CallOptions } from './clients';
import type { ObservationStore } from './observations';
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
 * (DescribeInstanceInformation, then DescribeInstancePatchStates in batches of {@link PATCH_STATE_BATCH})
 * and records one patch observation per instance ({@link judgePatchState}). No managed instance records
 * nothing: there is nothing to patch, and the patching citation is then simply not observed. A failure
 * records a gap; verdicts of batches that answered are kept.
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
  const instances: string[] = [];
  try {
    for await (const page of paginateDescribeInstanceInformation(
      { client, pageSize: INSTANCE_PAGE_SIZE },
      {},
      call,
    )) {
      store.page();
      for (const info of page.InstanceInformationList ?? []) {
        if (info.InstanceId) instances.push(info.InstanceId);
      }
    }
  } catch (error) {
    store.addGap(toGap(error, { ...context, operation: 'DescribeInstanceInformation' }));
    return;
  }
  for (let i = 0; i < instances.length; i += PATCH_STATE_BATCH) {
    const batch = instances.slice(i, i + PATCH_STATE_BATCH);
    const states = new Map<string, InstancePatchState>();
    try {
      for await (const page of paginateDescribeInstancePatchStates(
        { client },
        { InstanceIds: batch },
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
    for (const id of batch) store.addPatchState(judgePatchState(account, region, id, states.get(id), now));
  }
}
