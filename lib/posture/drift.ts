import type { ComplianceReport, EvaluationRow } from '../compliance/report/model';
import type { CitationPosture, DriftEntry, DriftKind } from './model';
import type { ObservedRule } from './observations';
import type { AppResources } from './private/resource-match';

/** The order drift is listed in: the most actionable first. */
const KIND_ORDER: readonly DriftKind[] = ['citation-failing', 'resource-failing', 'not-in-app'];

/** An observed row and where it came from. */
export interface PlacedRow {
  readonly row: EvaluationRow;
  readonly account: string;
  readonly region: string;
  readonly resourceId: string;
  readonly origin: 'app' | 'outside-app' | 'unknown' | 'ignored';
  /** Why a resource is outside the app. */
  readonly reason?: string;
}

/**
 * Drift between the synthesized app and AWS, most actionable first:
 * 1. citations the app met at synth that AWS observes failing;
 * 2. resources of the app that passed a synth check for the same citations (none failed), observed failing;
 * 3. resources AWS observes that no stack of the app deployed.
 */
export function detectDrift(
  intended: ComplianceReport | undefined,
  citations: readonly CitationPosture[],
  placed: readonly PlacedRow[],
  rules: ReadonlyMap<string, ObservedRule>,
  app: AppResources,
): DriftEntry[] {
  if (!intended) return [];
  const drift: DriftEntry[] = [];
  const failing = placed.filter((p) => p.row.status === 'non-compliant');

  for (const c of citations.filter((x) => x.drift && x.intended)) {
    const rows = failing.filter((p) => rules.get(p.row.baseRuleId)?.citations.includes(c.id));
    const ruleIds = unique(rows.map((p) => p.row.ruleId));
    drift.push({
      kind: 'citation-failing',
      citation: c.id,
      intended: c.intended ?? undefined,
      rules: ruleIds.length > 0 ? ruleIds : failingRulesCiting(rules, c.id),
      detail: `${c.id} was ${c.intended} at synth; AWS observes ${rows.length} failing evaluation(s)`,
    });
  }

  const intendedCitations = new Map(intended.rules.map((r) => [r.id, r.citations]));
  const byResource = new Map<string, { first: PlacedRow; rules: Set<string> }>();
  for (const p of failing.filter((x) => x.origin === 'app')) {
    const cites = rules.get(p.row.baseRuleId)?.citations ?? [];
    const relevant = (app.rowsByPath.get(p.row.resource.constructPath) ?? []).filter(
      (r) => cites.length === 0 || (intendedCitations.get(r.baseRuleId) ?? []).some((x) => cites.includes(x)),
    );
    // Designed compliant: a synth check for the same citations passed here, and none was known to fail.
    if (!relevant.some((r) => r.status === 'compliant') || relevant.some((r) => r.status === 'non-compliant'))
      continue;
    const key = `${p.account}|${p.region}|${p.row.resource.constructPath}`;
    const entry = byResource.get(key) ?? { first: p, rules: new Set<string>() };
    entry.rules.add(p.row.ruleId);
    byResource.set(key, entry);
  }
  for (const { first, rules: ids } of byResource.values()) {
    drift.push({
      kind: 'resource-failing',
      resource: first.row.resource.constructPath,
      resourceType: first.row.resource.type,
      account: first.account,
      region: first.region,
      rules: [...ids].sort(),
      detail: `compliant at synth; AWS observes it failing ${[...ids].sort().join(', ')}`,
    });
  }

  const outside = new Map<string, { first: PlacedRow; rules: Set<string> }>();
  for (const p of placed.filter((x) => x.origin === 'outside-app')) {
    const key = `${p.account}|${p.region}|${p.row.resource.type}|${p.resourceId}`;
    const entry = outside.get(key) ?? { first: p, rules: new Set<string>() };
    if (p.row.status === 'non-compliant') entry.rules.add(p.row.ruleId);
    outside.set(key, entry);
  }
  for (const { first, rules: ids } of outside.values()) {
    drift.push({
      kind: 'not-in-app',
      resource: first.row.resource.constructPath,
      resourceType: first.row.resource.type,
      account: first.account,
      region: first.region,
      rules: [...ids].sort(),
      detail: `in AWS but not in the app (${first.reason ?? 'no stack of the app deployed it'})${ids.size ? `; failing ${ids.size} rule(s)` : ''}`,
    });
  }
  return drift.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      (a.citation ?? '').localeCompare(b.citation ?? '') ||
      (a.account ?? '').localeCompare(b.account ?? '') ||
      (a.region ?? '').localeCompare(b.region ?? '') ||
      (a.resource ?? '').localeCompare(b.resource ?? ''),
  );
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function failingRulesCiting(rules: ReadonlyMap<string, ObservedRule>, citation: string): string[] {
  return unique(
    [...rules.values()]
      .filter((r) => r.ruleLevelNonCompliant > 0 && r.citations.includes(citation))
      .map((r) => r.id),
  );
}
