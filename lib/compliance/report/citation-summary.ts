import { STRATEGIES } from '../catalog/controls';
import type { CitationRow, CitationStatus, EvaluationStatus } from './model';

/** Every citation status, in the order reports list them. */
export const ALL_CITATION_STATUSES: readonly CitationStatus[] = [
  'met',
  'met-with-exceptions',
  'not-met',
  'technical-met-attestation-outstanding',
  'not-applicable',
  'attested',
  'attestation-expired',
  'attestation-required',
  'not-evidenced',
];

/** Counts of citations per status (every status present, zero included). */
export function countStatuses(rows: readonly CitationRow[]): Record<CitationStatus, number> {
  const counts = Object.fromEntries(ALL_CITATION_STATUSES.map((s) => [s, 0])) as Record<
    CitationStatus,
    number
  >;
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

/** Counts of rule evaluations that passed, failed and were acknowledged. */
export function countEvaluations(rows: readonly { readonly status: EvaluationStatus }[]): {
  compliant: number;
  nonCompliant: number;
  acknowledged: number;
} {
  const counts = { compliant: 0, nonCompliant: 0, acknowledged: 0 };
  for (const row of rows) {
    if (row.status === 'compliant') counts.compliant += 1;
    else if (row.status === 'non-compliant') counts.nonCompliant += 1;
    else if (row.status === 'acknowledged') counts.acknowledged += 1;
  }
  return counts;
}

/** The report summary's citation breakdowns: overall, by safeguard and by the ten strategies. */
export function citationBreakdowns(citations: readonly CitationRow[]) {
  return {
    citations: countStatuses(citations),
    bySafeguard: Object.fromEntries(
      [...new Set(citations.map((c) => c.safeguard))].map((s) => [
        s,
        countStatuses(citations.filter((c) => c.safeguard === s)),
      ]),
    ),
    byStrategy: Object.entries(STRATEGIES).map(([n, name]) => ({
      strategy: Number(n),
      name,
      citations: countStatuses(citations.filter((c) => c.strategies.includes(Number(n)))),
    })),
  };
}
