import {
  type ConfigServiceClient,
  paginateDescribeConformancePackCompliance,
  paginateDescribeConformancePacks,
  paginateGetConformancePackComplianceDetails,
} from '@aws-sdk/client-config-service';
import type { ObservationStore } from './observations';
import { noticeGap, toGap } from './private/errors';

/** Results per page of GetConformancePackComplianceDetails: the most the API returns. */
export const CONFIG_DETAILS_PAGE_SIZE = 100;

/**
 * Collects AWS Config conformance-pack compliance of one account and region into `store`: the packs
 * named (or every deployed pack), each rule's compliance, and each rule × resource result. A failure
 * records a gap and keeps what was already collected; later packs are still tried.
 */
export async function collectConfig(
  client: ConfigServiceClient,
  account: string,
  region: string,
  packNames: readonly string[] | undefined,
  store: ObservationStore,
): Promise<void> {
  const target = store.target(account, region);
  const context = { source: 'config' as const, account, region };
  let packs = packNames ?? [];
  if (!packNames) {
    try {
      const found: string[] = [];
      for await (const page of paginateDescribeConformancePacks({ client }, {})) {
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
  for (const pack of packs) {
    const packContext = { ...context, conformancePack: pack };
    try {
      for await (const page of paginateDescribeConformancePackCompliance(
        { client },
        { ConformancePackName: pack },
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
      store.addGap(toGap(error, { ...packContext, operation: 'DescribeConformancePackCompliance' }));
      continue;
    }
    try {
      for await (const page of paginateGetConformancePackComplianceDetails(
        { client, pageSize: CONFIG_DETAILS_PAGE_SIZE },
        { ConformancePackName: pack },
      )) {
        store.page();
        for (const result of page.ConformancePackRuleEvaluationResults ?? []) {
          store.addConfigResult(account, region, result);
        }
      }
    } catch (error) {
      store.addGap(toGap(error, { ...packContext, operation: 'GetConformancePackComplianceDetails' }));
    }
  }
}
