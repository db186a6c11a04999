import { HIPAA_CONTROLS, type HipaaControl } from '../../compliance/catalog/controls';
import { judgeCitation, verdictFields } from '../../compliance/catalog/sufficiency';
import type {
  CitationRow,
  CitationStatus,
  ComplianceReport,
  EvaluationRow,
  RuleSummary,
} from '../../compliance/report/model';
import type { CitationPosture, ObservedStatus } from '../model';
import type { ObservedRule } from '../observations';

/** Statuses in which the synthesized app meets a citation. */
export const DESIGNED_MET: ReadonlySet<CitationStatus> = new Set([
  'met',
  'met-with-exceptions',
  'technical-met-attestation-outstanding',
]);

/** Counts of observed rows per rule. */
export interface RuleCounts {
  compliant: number;
  nonCompliant: number;
}

/** Rule summaries of observed rules, in the report's shape. */
export function observedRuleSummaries(
  rules: ReadonlyMap<string, ObservedRule>,
  counts: ReadonlyMap<string, RuleCounts>,
): RuleSummary[] {
  return [...rules.values()]
    .map((r) => ({
      id: r.id,
      pack: r.pack,
      info: r.info,
      level: 'error',
      citations: [...r.citations],
      compliant: counts.get(r.id)?.compliant ?? 0,
      nonCompliant: counts.get(r.id)?.nonCompliant ?? 0,
      acknowledged: 0,
      notApplicable: 0,
    }))
    .sort((a, b) => a.pack.localeCompare(b.pack) || a.id.localeCompare(b.id));
}

/** The observed status of each citation: failing anywhere beats passing somewhere beats not observed. */
export function observedStatuses(
  rules: ReadonlyMap<string, ObservedRule>,
  counts: ReadonlyMap<string, RuleCounts>,
): Map<string, ObservedStatus> {
  const result = new Map<string, ObservedStatus>();
  for (const rule of rules.values()) {
    const c = counts.get(rule.id) ?? { compliant: 0, nonCompliant: 0 };
    const status: ObservedStatus | undefined =
      c.nonCompliant > 0 || rule.ruleLevelNonCompliant > 0
        ? 'non-compliant'
        : c.compliant > 0 || rule.ruleLevelCompliant > 0
          ? 'compliant'
          : undefined;
    if (!status) continue;
    for (const citation of rule.citations) {
      if (result.get(citation) !== 'non-compliant') result.set(citation, status);
    }
  }
  return result;
}

/**
 * The citation index over intended and observed evaluations together: intended counts plus observed
 * counts, and a status recomputed the way the synthesized report computes it (any unacknowledged failure
 * is not met). Attestations and notes of the intended report are kept.
 *
 * A live posture never shows a citation as met on synthesized evidence alone: a citation the app met at
 * synth (met, met with exceptions, technical part met) whose evidence is infrastructure (catalog
 * automation `automated` or `partial`) and that the accounts did not observe compliant becomes
 * `not-evidenced`, its reason naming the synth status and whether the collection was incomplete.
 * Organizational citations keep their status: deployed state cannot evidence them either way.
 */
export function mergeCitations(
  intended: ComplianceReport | undefined,
  rules: ReadonlyMap<string, ObservedRule>,
  observedRows: readonly EvaluationRow[],
  observed: ReadonlyMap<string, ObservedStatus>,
  complete = true,
): CitationRow[] {
  const intendedRows = new Map((intended?.citations ?? []).map((c) => [c.id, c]));
  const byCitation = new Map<string, EvaluationRow[]>();
  for (const row of observedRows) {
    for (const citation of rules.get(row.baseRuleId)?.citations ?? []) {
      const list = byCitation.get(citation) ?? [];
      list.push(row);
      byCitation.set(citation, list);
    }
  }
  return HIPAA_CONTROLS.map((control) => {
    const base: CitationRow = intendedRows.get(control.id) ?? {
      id: control.id,
      title: control.title,
      kind: control.kind,
      safeguard: control.safeguard,
      required: control.required,
      automation: control.automation,
      strategies: control.strategies,
      ...unevidenced(control),
      rules: [],
      resources: [],
      constructs: [],
      configRules: [],
      counts: { compliant: 0, nonCompliant: 0, acknowledged: 0 },
      manualAttestations: [],
      relaxations: [],
      orgWideControls: [],
    };
    const rows = byCitation.get(control.id) ?? [];
    const observedRules = [...rules.values()].filter((r) => r.citations.includes(control.id));
    const counts = {
      compliant: base.counts.compliant + rows.filter((r) => r.status === 'compliant').length,
      nonCompliant: base.counts.nonCompliant + rows.filter((r) => r.status === 'non-compliant').length,
      acknowledged: base.counts.acknowledged,
    };
    const failing = counts.nonCompliant > 0 || observed.get(control.id) === 'non-compliant';
    const metOnSynthAlone =
      !failing &&
      DESIGNED_MET.has(base.status) &&
      control.automation !== 'organizational' &&
      observed.get(control.id) !== 'compliant';
    return {
      ...base,
      ...(failing
        ? { status: 'not-met' as const, statusReason: 'observed non-compliant in the account' }
        : {}),
      ...(metOnSynthAlone
        ? { status: 'not-evidenced' as const, statusReason: notObservedReason(base.status, complete) }
        : {}),
      rules: [...new Set([...base.rules, ...observedRules.map((r) => r.id)])],
      resources: [...new Set([...base.resources, ...rows.map((r) => r.resource.constructPath)])],
      configRules: [
        ...new Set([
          ...base.configRules,
          ...observedRules.filter((r) => r.pack === 'AWSConfig').map((r) => r.id),
        ]),
      ],
      counts,
    };
  });
}

/** Why a citation met at synth is not shown as met in the live posture. */
function notObservedReason(synthStatus: CitationStatus, complete: boolean): string {
  const why = complete
    ? 'no AWS Config rule or Security Hub control evidencing it reported a result'
    : 'the collection was incomplete (see the gaps in posture.json)';
  return `not observed in the deployed accounts: ${synthStatus} at synth, but ${why}; synthesized evidence alone does not show the deployed state`;
}

/**
 * The status of a citation with no synthesized report: observed checks are supporting evidence and never
 * make a citation met on their own, so it reads as the evidence model judges an app with no evaluations.
 */
function unevidenced(control: HipaaControl): Pick<CitationRow, 'status' | 'statusReason' | 'evidence'> {
  const zero = { compliant: 0, nonCompliant: 0, acknowledged: 0 };
  const verdict = judgeCitation({
    control,
    counts: zero,
    tally: () => undefined,
    templatePackRan: false,
    implementingConstructs: 0,
    attestation: undefined,
    now: new Date(0),
  });
  const fields = verdictFields(verdict);
  return { ...fields, statusReason: `${fields.statusReason} (no synthesized report was given)` };
}

/** Intended versus observed, per citation. */
export function citationPosture(
  intended: ComplianceReport | undefined,
  observed: ReadonlyMap<string, ObservedStatus>,
): CitationPosture[] {
  const intendedStatus = new Map((intended?.citations ?? []).map((c) => [c.id, c.status]));
  return HIPAA_CONTROLS.map((control) => {
    const was = intendedStatus.get(control.id) ?? null;
    const now = observed.get(control.id) ?? 'not-observed';
    return {
      id: control.id,
      intended: was,
      observed: now,
      drift: was !== null && DESIGNED_MET.has(was) && now === 'non-compliant',
    };
  });
}
