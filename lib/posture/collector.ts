import { type AccountAccess, resolveAccounts } from './accounts';
import { AttributionIndex, collectAttribution } from './attribution';
import { createPostureClients, type PostureCredentials, type RequestMeter } from './clients';
import { collectConfig } from './collect-config';
import { collectSecurityHub } from './collect-security-hub';
import type { CitationMap } from './config-rule-citations';
import { ObservationStore, type PostureProgress } from './observations';
import { Limiter } from './private/limiter';

/** Requests in flight at once, across all accounts and regions, unless `--concurrency` says otherwise. */
export const DEFAULT_CONCURRENCY = 4;

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
  readonly now?: () => Date;
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
}

/**
 * Collects the live posture of every account (`roleArns`, or the caller's) in every region: AWS Config
 * conformance-pack results and Security Hub failed control findings, with at most `concurrency` requests in
 * flight overall. Failures become gaps in `store.gaps`; nothing collected before a failure is dropped.
 */
export async function collectPosture(options: CollectOptions): Promise<Collection> {
  const started = (options.now ?? (() => new Date()))();
  const limiter = new Limiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  const meter: RequestMeter = { requests: 0 };
  let targetsDone = 0;
  let targetsTotal = 0;
  const store: ObservationStore = new ObservationStore(options.citationMap, (p) =>
    options.onProgress?.({ ...p, requests: meter.requests, targetsDone, targetsTotal }),
  );
  const base = {
    region: options.regions[0],
    credentials: options.credentials,
    profile: options.profile,
    endpoint: options.endpoint,
    timeoutMs: options.timeoutMs,
    maxAttempts: options.maxAttempts,
  };
  let accounts = options.accounts;
  if (!accounts) {
    const resolved = await resolveAccounts(options.roleArns ?? [], base, limiter, meter);
    for (const gap of resolved.gaps) store.addGap(gap);
    accounts = resolved.accounts;
  }
  const attribution = options.attribute ? new AttributionIndex() : undefined;
  const targets = accounts.flatMap((access) => options.regions.map((region) => ({ access, region })));
  targetsTotal = targets.length;
  await Promise.all(
    targets.map(async ({ access, region }) => {
      const { account } = access;
      store.target(account, region);
      const clients = createPostureClients(
        { ...base, region, credentials: access.credentials ?? base.credentials },
        limiter,
        meter,
      );
      try {
        await Promise.all([
          collectConfig(clients.config, account, region, options.conformancePacks, store),
          collectSecurityHub(clients.securityHub, account, region, store),
        ]);
        if (attribution) await collectAttribution(clients.config, account, region, store, attribution);
      } finally {
        clients.destroy();
        targetsDone += 1;
      }
    }),
  );
  return {
    store,
    attribution,
    requests: meter.requests,
    collectedAt: started.toISOString(),
    accounts: accounts.map((a) => a.account),
    regions: [...options.regions],
  };
}
