import {
  type ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  paginateDescribeConformancePackCompliance,
  paginateDescribeConformancePacks,
  paginateGetConformancePackComplianceDetails,
} from '@aws-sdk/client-config-service';
import type { CallOptions } from './clients';
import type { ObservationStore } from './observations';
import { noticeGap, toGap } from './private/errors';

/** Results per page of GetConformancePackComplianceDetails: the most the API returns. */
export const CONFIG_DETAILS_PAGE_SIZE = 100;

type Context = { readonly source: 'config'; readonly account: string; readonly region: string };

/**
 * Collects AWS Config conformance-pack compliance of one account and region into `store`: whether a
 * configuration recorder is recording, the packs named (or every deployed pack), each rule's compliance,
 * and each rule × resource result. A failure records a gap and keeps what was already collected; later
 * packs are still tried. Observing nothing is itself a gap: no recorder, a stopped recorder, no pack, or
 * packs that answered without a single result.
 */
export async function collectConfig(
  client: ConfigServiceClient,
  account: string,
  region: string,
  packNames: readonly string[] | undefined,
  store: ObservationStore,
  call: CallOptions = {},
): Promise<void> {
  store.target(account, region);
  const context: Context = { source: 'config', account, region };
  await Promise.all([
    checkRecorder(client, context, store, call),
    collectPacks(client, context, packNames, store, call),
  ]);
}

async function collectPacks(
  client: ConfigServiceClient,
  context: Context,
  packNames: readonly string[] | undefined,
  store: ObservationStore,
  call: CallOptions,
): Promise<void> {
  const { account, region } = context;
  const target = store.target(account, region);
  let packs = packNames ?? [];
  if (!packNames) {
    try {
      const found: string[] = [];
      for await (const page of paginateDescribeConformancePacks({ client }, {}, call)) {
        store.page();
        for (const pack of page.ConformancePackDetails ?? []) {
          if (pack.ConformancePackName) found.push(pack.ConformancePackName);
        }
      }
      packs = found;
    } catch (error) {
      store.addGap(toGap(error, { ...context, operation: 'DescribeConformancePacks' }));
      return;
    }
    if (packs.length === 0) {
      store.addGap(noticeGap('no-conformance-pack', { ...context, operation: 'DescribeConformancePacks' }));
      return;
    }
  }
  let failed = false;
  for (const pack of packs) {
    const packContext = { ...context, conformancePack: pack };
    try {
      for await (const page of paginateDescribeConformancePackCompliance(
        { client },
        { ConformancePackName: pack },
        call,
      )) {
        store.page();
        for (const rule of page.ConformancePackRuleComplianceList ?? []) {
          if (rule.ConfigRuleName) {
            store.addConfigRuleCompliance(account, region, rule.ConfigRuleName, rule.ComplianceType);
          }
        }
      }
      target.conformancePacks.push(pack);
    } catch (error) {
      failed = true;
      store.addGap(toGap(error, { ...packContext, operation: 'DescribeConformancePackCompliance' }));
      continue;
    }
    try {
      for await (const page of paginateGetConformancePackComplianceDetails(
        { client, pageSize: CONFIG_DETAILS_PAGE_SIZE },
        { ConformancePackName: pack },
        call,
      )) {
        store.page();
        for (const result of page.ConformancePackRuleEvaluationResults ?? []) {
          store.addConfigResult(account, region, result);
        }
      }
    } catch (error) {
      failed = true;
      store.addGap(toGap(error, { ...packContext, operation: 'GetConformancePackComplianceDetails' }));
    }
  }
  if (!failed && target.configResults === 0) {
    store.addGap(
      noticeGap('no-config-results', {
        ...context,
        operation: 'GetConformancePackComplianceDetails',
        conformancePack: packs.join(', '),
      }),
    );
  }
}

/** Records a gap when AWS Config has no recorder, or none is recording. */
async function checkRecorder(
  client: ConfigServiceClient,
  context: Context,
  store: ObservationStore,
  call: CallOptions,
): Promise<void> {
  const operation = 'DescribeConfigurationRecorderStatus';
  try {
    const out = await client.send(new DescribeConfigurationRecorderStatusCommand({}), call);
    store.page();
    const recorders = out.ConfigurationRecordersStatus ?? [];
    if (recorders.length === 0) store.addGap(noticeGap('no-config-recorder', { ...context, operation }));
    else if (!recorders.some((r) => r.recording === true)) {
      store.addGap(noticeGap('config-recorder-stopped', { ...context, operation }));
    }
  } catch (error) {
    store.addGap(toGap(error, { ...context, operation }));
  }
}
