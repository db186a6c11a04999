import {
  type AwsSecurityFindingFilters,
  paginateGetEnabledStandards,
  paginateGetFindings,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { CallOptions } from './clients';
import type { ObservationStore } from './observations';
import { noticeGap, toGap } from './private/errors';

/** Findings per page of GetFindings: the most the API returns. */
export const FINDINGS_PAGE_SIZE = 100;

/**
 * Active control findings that failed and nobody has resolved or suppressed: what Security Hub says is
 * wrong now.
 */
export const FAILED_FINDING_FILTERS: AwsSecurityFindingFilters = {
  RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
  ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }],
  WorkflowStatus: [
    { Value: 'NEW', Comparison: 'EQUALS' },
    { Value: 'NOTIFIED', Comparison: 'EQUALS' },
  ],
};

/** Standard subscription states in which Security Hub evaluates the standard's controls. */
const EVALUATING_STATES = new Set(['READY', 'INCOMPLETE']);

/**
 * Collects Security Hub's enabled standards and failed control findings of one account and region into
 * `store`, page by page. When Security Hub is not enabled, one gap is recorded and findings are not
 * requested. When it is enabled with no standard evaluating, that is a gap too: no failed finding then
 * means nothing was checked, not that everything passed.
 */
export async function collectSecurityHub(
  client: SecurityHubClient,
  account: string,
  region: string,
  store: ObservationStore,
  call: CallOptions = {},
): Promise<void> {
  const target = store.target(account, region);
  const context = { source: 'securityhub' as const, account, region };
  try {
    let evaluating = 0;
    for await (const page of paginateGetEnabledStandards(
      { client, pageSize: FINDINGS_PAGE_SIZE },
      {},
      call,
    )) {
      store.page();
      for (const standard of page.StandardsSubscriptions ?? []) {
        if (!standard.StandardsArn) continue;
        target.securityHubStandards.push(standard.StandardsArn);
        if (EVALUATING_STATES.has(standard.StandardsStatus ?? 'READY')) evaluating += 1;
      }
    }
    if (evaluating === 0) {
      store.addGap(noticeGap('no-securityhub-standard', { ...context, operation: 'GetEnabledStandards' }));
    }
  } catch (error) {
    const gap = toGap(error, { ...context, operation: 'GetEnabledStandards' });
    store.addGap(gap);
    if (gap.code === 'securityhub-not-enabled') return;
  }
  try {
    for await (const page of paginateGetFindings(
      { client, pageSize: FINDINGS_PAGE_SIZE },
      { Filters: FAILED_FINDING_FILTERS },
      call,
    )) {
      store.page();
      for (const finding of page.Findings ?? []) store.addFinding(finding, account, region);
    }
  } catch (error) {
    store.addGap(toGap(error, { ...context, operation: 'GetFindings' }));
  }
}
