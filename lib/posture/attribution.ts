import { type ConfigServiceClient, paginateSelectResourceConfig } from '@aws-sdk/client-config-service';
import type { CallOptions } from './clients';
import type { ObservationStore } from './observations';
import { toGap } from './private/errors';

/** Resource types per SelectResourceConfig query, keeping each expression short. */
const TYPES_PER_QUERY = 25;
/** Rows per SelectResourceConfig page: the most the API returns. */
const SELECT_PAGE_SIZE = 100;

/** Which CloudFormation stack deployed a resource, as its `aws:cloudformation:*` tags record it. */
export interface Attribution {
  /** The stack name, or undefined when AWS Config recorded the resource without CloudFormation tags. */
  readonly stack?: string;
  readonly logicalId?: string;
}

/** Attributions of observed resources, keyed by account, region, type and id (and by ARN). */
export class AttributionIndex {
  private readonly byKey = new Map<string, Attribution>();

  /** The key of a resource. */
  public static key(account: string, region: string, type: string, id: string): string {
    return `${account}|${region}|${type}|${id}`;
  }

  public set(key: string, attribution: Attribution): void {
    this.byKey.set(key, attribution);
  }

  /** The attribution of a resource by key or by ARN, when AWS Config recorded it. */
  public get(key: string, arn?: string): Attribution | undefined {
    return this.byKey.get(key) ?? (arn ? this.byKey.get(`arn|${arn}`) : undefined);
  }

  public get size(): number {
    return this.byKey.size;
  }
}

interface SelectRow {
  readonly resourceId?: string;
  readonly resourceType?: string;
  readonly arn?: string;
  readonly tags?: readonly { readonly key?: string; readonly value?: string }[];
}

/**
 * Looks up, with AWS Config advanced queries, the CloudFormation tags of the resources observed in one
 * account and region, so that each can be matched to a construct of the app or reported as not deployed by
 * it. Only resources already observed are indexed: memory follows the report.
 */
export async function collectAttribution(
  client: ConfigServiceClient,
  account: string,
  region: string,
  store: ObservationStore,
  index: AttributionIndex,
  call: CallOptions = {},
): Promise<void> {
  const observed = new Set<string>();
  const types = new Set<string>();
  for (const o of store.observations) {
    if (o.account !== account || o.region !== region || o.pack !== 'AWSConfig') continue;
    if (o.resourceType.startsWith('AWS::::')) continue;
    observed.add(AttributionIndex.key(account, region, o.resourceType, o.resourceId));
    types.add(o.resourceType);
  }
  const sorted = [...types].sort();
  for (let i = 0; i < sorted.length; i += TYPES_PER_QUERY) {
    const list = sorted
      .slice(i, i + TYPES_PER_QUERY)
      .map((t) => `'${t.replace(/'/g, '')}'`)
      .join(', ');
    const expression = `SELECT resourceId, resourceType, arn, tags WHERE resourceType IN (${list})`;
    try {
      for await (const page of paginateSelectResourceConfig(
        { client, pageSize: SELECT_PAGE_SIZE },
        { Expression: expression },
        call,
      )) {
        store.page();
        for (const result of page.Results ?? [])
          indexRow(JSON.parse(result) as SelectRow, account, region, observed, index);
      }
    } catch (error) {
      store.addGap(
        toGap(error instanceof SyntaxError ? Object.assign(error, { name: 'SyntaxError' }) : error, {
          source: 'attribution',
          account,
          region,
          operation: 'SelectResourceConfig',
        }),
      );
      return;
    }
  }
}

function indexRow(
  row: SelectRow,
  account: string,
  region: string,
  observed: ReadonlySet<string>,
  index: AttributionIndex,
): void {
  if (!row.resourceId || !row.resourceType) return;
  const key = AttributionIndex.key(account, region, row.resourceType, row.resourceId);
  if (!observed.has(key)) return;
  const tag = (name: string) => row.tags?.find((t) => t.key === name)?.value;
  const stack = tag('aws:cloudformation:stack-name');
  const logicalId = tag('aws:cloudformation:logical-id');
  const attribution: Attribution = stack ? { stack, ...(logicalId ? { logicalId } : {}) } : {};
  index.set(key, attribution);
  if (row.arn) index.set(`arn|${row.arn}`, attribution);
}
