import { type AccountAccess, resolveAccounts } from './accounts';
import { AttributionIndex, collectAttribution } from './attribution';
import {
  type CallOptions,
  createPostureClients,
  type PostureCredentials,
  type RequestMeter,
} from './clients';
import { collectConfig } from './collect-config';
import { collectPatches, collectRestores } from './collect-recovery';
import { collectSecurityHub } from './collect-security-hub';
import type { CitationMap } from './config-rule-citations';
import type { TargetSummary } from './model';
import { ObservationStore, type PostureProgress } from './observations';
import { startDeadline } from './private/deadline';
import { Limiter } from './private/limiter';
import {
  DEFAULT_RECOVERY_OBJECTIVE_HOURS,
  DEFAULT_RESTORE_WINDOW_DAYS,
  MAX_RECOVERY_OBJECTIVE_HOURS,
} from './recovery-checks';

/** Requests in flight at once, across all accounts and regions, unless `--concurrency` says otherwise. */
export const DEFAULT_CONCURRENCY = 4;
/**
 * Milliseconds the collector waits, once the deadline has aborted every call, for the calls to unwind
 * before it returns what it has regardless (a credential provider, for one, cannot be aborted).
 */
export const DEADLINE_GRACE_MS = 1_000;

/** What to collect, from where, and how. */
export interface CollectOptions {
  /** Regions to collect from, in every account. */
  readonly regions: readonly string[];
  /** Roles to assume, one per account; none: the account of the base credentials. */
  readonly roleArns?: readonly string[];
  /** Accounts already resolved (e.g. a Lambda function's own); skips STS. */
  readonly accounts?: readonly AccountAccess[];
  /** Base credentials; default: `profile`, else the SDK's default chain. */
  readonly credentials?: PostureCredentials;
  readonly profile?: string;
  /** Sends every request here instead of to AWS (tests and emulators). */
  readonly endpoint?: string;
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
  /** @default DEFAULT_CONCURRENCY */
  readonly concurrency?: number;
  /** Conformance packs to read; default: every deployed pack. */
  readonly conformancePacks?: readonly string[];
  /** Look up which CloudFormation stack deployed each observed resource (needed to compare with the app). */
  readonly attribute?: boolean;
  readonly citationMap?: CitationMap;
  /** Called after every page. */
  readonly onProgress?: (progress: CollectionProgress) => void;
  /** Called when one account and region is finished (collected, failed or stopped by the deadline). */
  readonly onTargetDone?: (target: TargetSummary, progress: CollectionProgress) => void;
  /**
   * Milliseconds the whole collection may take: every call is then aborted, and what arrived in time is
   * returned with `deadline-exceeded` gaps.
   * @default - no overall deadline (the CLI passes `--deadline`, default DEFAULT_DEADLINE_SECONDS)
   */
  readonly deadlineMs?: number;
  /** Aborts the collection from outside (e.g. a Lambda function's remaining time), like the deadline. */
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /**
   * Hours a restore may take (1 to 72): a restore over it is non-compliant.
   * @default DEFAULT_RECOVERY_OBJECTIVE_HOURS - the proposed rule's 72-hour restore (164.308(a)(7)(ii)(B))
   */
  readonly recoveryObjectiveHours?: number;
  /**
   * Days of restore jobs read; a protected resource type with no restore in them is non-compliant.
   * @default DEFAULT_RESTORE_WINDOW_DAYS - 35 days: a monthly restore test (164.308(a)(7)(ii)(D))
   */
  readonly restoreWindowDays?: number;
}

/** Progress of a collection. */
export interface CollectionProgress extends PostureProgress {
  readonly requests: number;
  readonly targetsDone: number;
  readonly targetsTotal: number;
}

/** Everything collected, aggregated. */
export interface Collection {
  readonly store: ObservationStore;
  readonly attribution: AttributionIndex | undefined;
  readonly requests: number;
  readonly collectedAt: string;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** The recovery objective restores were judged against. */
  readonly recoveryObjectiveHours?: number;
  readonly restoreWindowDays?: number;
}

/**
 * Collects the live posture of every account (`roleArns`, or the caller's) in every region: AWS Config
 * conformance-pack results, Security Hub failed control findings, AWS Backup restore jobs (judged against
 * the recovery objective) and Patch Manager patch states (judged against the patch deadlines), with at most `concurrency` requests in
 * flight overall. Failures become gaps in `store.gaps`; nothing collected before a failure is dropped.
 * Every call receives one abort signal; when `deadlineMs` passes, calls in flight are aborted and the
 * collection returns within {@link DEADLINE_GRACE_MS} with what it has.
 */
export async function collectPosture(options: CollectOptions): Promise<Collection> {
  const started = (options.now ?? (() => new Date()))();
  const objectiveHours = options.recoveryObjectiveHours ?? DEFAULT_RECOVERY_OBJECTIVE_HOURS;
  const windowDays = options.restoreWindowDays ?? DEFAULT_RESTORE_WINDOW_DAYS;
  if (
    !Number.isInteger(objectiveHours) ||
    objectiveHours < 1 ||
    objectiveHours > MAX_RECOVERY_OBJECTIVE_HOURS
  ) {
    throw new Error(
      `recoveryObjectiveHours must be an integer from 1 to ${MAX_RECOVERY_OBJECTIVE_HOURS} (the proposed rule's 72-hour restore, 164.308(a)(7)(ii)(B)), got ${objectiveHours}`,
    );
  }
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 366) {
    throw new Error(`restoreWindowDays must be an integer from 1 to 366, got ${windowDays}`);
  }
  const limiter = new Limiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  const meter: RequestMeter = { requests: 0 };
  let targetsDone = 0;
  let targetsTotal = 0;
  const progress = () => ({ ...store.progress(), requests: meter.requests, targetsDone, targetsTotal });
  const store: ObservationStore = new ObservationStore(options.citationMap, (p) =>
    options.onProgress?.({ ...p, requests: meter.requests, targetsDone, targetsTotal }),
  );
  const deadline = startDeadline(options.deadlineMs, options.signal);
  const call: CallOptions = { abortSignal: deadline.signal };
  const base = {
    region: options.regions[0],
    credentials: options.credentials,
    profile: options.profile,
    endpoint: options.endpoint,
    timeoutMs: options.timeoutMs,
    maxAttempts: options.maxAttempts,
  };
  let accounts: readonly AccountAccess[] = options.accounts ?? [];
  const unfinished = new Set<string>();
  const attribution = options.attribute ? new AttributionIndex() : undefined;
  const work = (async () => {
    if (!options.accounts) {
      const resolved = await resolveAccounts(options.roleArns ?? [], base, limiter, meter, call);
      for (const gap of resolved.gaps) store.addGap(gap);
      accounts = resolved.accounts;
    }
    const targets = accounts.flatMap((access) => options.regions.map((region) => ({ access, region })));
    targetsTotal = targets.length;
    await Promise.all(
      targets.map(async ({ access, region }) => {
        const { account } = access;
        const key = `${account}/${region}`;
        unfinished.add(key);
        const target = store.target(account, region);
        const clients = createPostureClients(
          { ...base, region, credentials: access.credentials ?? base.credentials },
          limiter,
          meter,
        );
        try {
          await Promise.all([
            collectConfig(clients.config, account, region, options.conformancePacks, store, call),
            collectSecurityHub(clients.securityHub, account, region, store, call),
            collectRestores(
              clients.backup,
              account,
              region,
              { objectiveHours, windowDays, now: started },
              store,
              call,
            ),
            collectPatches(clients.ssm, account, region, started, store, call),
          ]);
          if (attribution) {
            await collectAttribution(clients.config, account, region, store, attribution, call);
          }
        } finally {
          clients.destroy();
          unfinished.delete(key);
          targetsDone += 1;
          options.onTargetDone?.(target, progress());
        }
      }),
    );
  })();
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  const grace = deadline.aborted.then(
    () => new Promise<void>((resolve) => setTimeout(resolve, DEADLINE_GRACE_MS).unref()),
  );
  try {
    await Promise.race([done, grace]);
  } finally {
    deadline.clear();
  }
  if (!settled) {
    // The deadline passed and some call did not unwind in time: report what is missing and stop listening.
    const reason = deadline.signal.reason as Error | undefined;
    const stuck = unfinished.size > 0 ? [...unfinished] : [`unknown/${base.region}`];
    for (const key of stuck) {
      const [account, region] = key.split('/');
      store.addGap({
        source: 'collector',
        account,
        region,
        operation: 'collection',
        code: 'deadline-exceeded',
        message: `collection in ${key} was stopped unfinished: ${reason?.message ?? 'the run was aborted'}; what had not arrived is missing (raise --deadline)`,
      });
    }
    store.seal();
    done.catch(() => undefined);
  }
  return {
    store,
    attribution,
    requests: meter.requests,
    collectedAt: started.toISOString(),
    accounts: accounts.map((a) => a.account),
    regions: [...options.regions],
    recoveryObjectiveHours: objectiveHours,
    restoreWindowDays: windowDays,
  };
}
