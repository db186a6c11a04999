import { citationBreakdowns, countEvaluations } from '../compliance/report/citation-summary';
import type { ComplianceReport, EvaluationRow } from '../compliance/report/model';
import { TOOL_NAME, toolVersion } from '../tool-version';
import type { Collection } from './collector';
import { DEFAULT_CITATION_MAP } from './config-rule-citations';
import { detectDrift, type PlacedRow } from './drift';
import { BACKUP_PACK, CONFIG_PACK, PATCH_PACK, type PostureReport, SECURITY_HUB_PACK } from './model';
import {
  citationPosture,
  mergeCitations,
  observedRuleSummaries,
  observedStatuses,
  type RuleCounts,
} from './private/merge-citations';
import { AppResources, awsPath } from './private/resource-match';
import { DEFAULT_RECOVERY_OBJECTIVE_HOURS, DEFAULT_RESTORE_WINDOW_DAYS } from './recovery-checks';

/** Inputs of {@link buildPostureReport}. */
export interface BuildPostureInput {
  readonly collection: Collection;
  /** The synthesized report to compare with (`<cdk.out>/compliance/report.json`). */
  readonly intended?: ComplianceReport;
  /** Where `intended` was read from, recorded in `posture.json`. */
  readonly intendedFrom?: string;
  /** Description of the citation mapping in use. */
  readonly citationMapping?: string;
  readonly toolVersion?: string;
}

/**
 * Merges what AWS observes with what the app intended: observed results become evaluation rows of the
 * `AWSConfig` and `SecurityHub` packs (resource = `<account>/<region>`, the resource id, and the construct
 * path when a stack of the app deployed it, else `aws:<type>/<id>`), the citation index is recomputed over
 * both, and the posture section lists drift first.
 *
 * The posture is complete only when no gap was recorded and something was observed. A citation the app met
 * at synth is shown as met only when the accounts observed it compliant: met on synthesized evidence alone,
 * it reads `not-evidenced` with the reason (see {@link mergeCitations}).
 */
export function buildPostureReport(input: BuildPostureInput): PostureReport {
  const { collection, intended } = input;
  const { store } = collection;
  const app = new AppResources(intended);
  const placed: PlacedRow[] = [];
  const counts = new Map<string, RuleCounts>();
  let unattributed = 0;
  for (const o of store.observations) {
    const origin = app.origin(o, collection.attribution);
    if (origin.kind === 'unknown' && app.present) unattributed += 1;
    const row: EvaluationRow = {
      pack: o.pack,
      ruleId: o.ruleId,
      baseRuleId: o.baseRuleId,
      level: o.level,
      status: o.status,
      resource: {
        stack: `${o.account}/${o.region}`,
        logicalId: o.resourceId,
        constructPath: origin.kind === 'app' ? origin.constructPath : awsPath(o),
        type: o.resourceType,
      },
      ...(o.reason ? { problems: [{ path: o.resourceType, message: o.reason }] } : {}),
    };
    placed.push({
      row,
      account: o.account,
      region: o.region,
      resourceId: o.resourceId,
      origin: origin.kind,
      ...(origin.kind === 'outside-app' ? { reason: origin.reason } : {}),
    });
    const c = counts.get(o.baseRuleId) ?? { compliant: 0, nonCompliant: 0 };
    if (o.status === 'compliant') c.compliant += 1;
    else c.nonCompliant += 1;
    counts.set(o.baseRuleId, c);
  }
  const observedRows = placed.map((p) => p.row);
  const observed = observedStatuses(store.rules, counts);
  const incompleteReasons = [
    ...store.gaps.map((g) => g.message),
    ...(observedRows.length === 0
      ? [
          'nothing was observed: no AWS Config result, Security Hub finding, restore job or patch state was collected',
        ]
      : []),
  ];
  const complete = incompleteReasons.length === 0;
  const citations = mergeCitations(intended, store.rules, observedRows, observed, complete);
  const posture = citationPosture(intended, observed);
  const drift = detectDrift(intended, posture, placed, store.rules, app);
  const observedRules = observedRuleSummaries(store.rules, counts);
  const evaluations = [...(intended?.evaluations ?? []), ...observedRows];
  const targets = store.targetSummaries();
  const observedPacks = [CONFIG_PACK, SECURITY_HUB_PACK, BACKUP_PACK, PATCH_PACK]
    .map((name) => ({ name, rules: observedRules.filter((r) => r.pack === name).length }))
    .filter((p) => p.rules > 0);
  const nonCompliant = observedRows.filter((r) => r.status === 'non-compliant').length;

  const report: ComplianceReport = {
    schemaVersion: '1.0',
    generatedAt: collection.collectedAt,
    tool: { name: TOOL_NAME, version: input.toolVersion ?? toolVersion() },
    stacks: [...(intended?.stacks ?? []), ...targets.map((t) => `${t.account}/${t.region}`)],
    packs: [...(intended?.packs ?? []), ...observedPacks],
    summary: {
      evaluations: evaluations.length,
      ...countEvaluations(evaluations),
      ...citationBreakdowns(citations),
      exceptions: intended?.summary.exceptions ?? {
        active: 0,
        'expiring-soon': 0,
        expired: 0,
        'no-expiry': 0,
      },
    },
    rules: [...(intended?.rules ?? []), ...observedRules],
    evaluations,
    citations,
    exceptions: intended?.exceptions ?? [],
    attestations: intended?.attestations ?? [],
    orgWideControls: intended?.orgWideControls ?? [],
    inventory: intended?.inventory ?? { dataStores: [], logDestinations: [], phiTagged: [] },
  };
  return {
    report,
    posture: {
      drift,
      schemaVersion: '1.0',
      complete,
      partial: !complete,
      incompleteReasons,
      gaps: [...store.gaps],
      collectedAt: collection.collectedAt,
      accounts: [...collection.accounts],
      regions: [...collection.regions],
      intendedFrom: intended ? (input.intendedFrom ?? 'report') : null,
      intendedGeneratedAt: intended?.generatedAt ?? null,
      summary: {
        observed: observedRows.length,
        compliant: observedRows.length - nonCompliant,
        nonCompliant,
        skipped: store.skipped,
        unattributed,
        drift: drift.length,
        requests: collection.requests,
      },
      citations: posture,
      targets,
      citationMapping: input.citationMapping ?? DEFAULT_CITATION_MAP.description,
      recovery: {
        recoveryObjectiveHours: collection.recoveryObjectiveHours ?? DEFAULT_RECOVERY_OBJECTIVE_HOURS,
        restoreWindowDays: collection.restoreWindowDays ?? DEFAULT_RESTORE_WINDOW_DAYS,
        restores: [...store.restores],
        patches: [...store.patches],
      },
    },
  };
}
