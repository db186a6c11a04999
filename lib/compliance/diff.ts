import type { CitationStatus, ComplianceReport, EvaluationRow, ExceptionRow } from './report/model';
import { mdCell, STATUS_LABELS } from './report/render-markdown';

/** How bad a citation status is; a higher rank in the head report than in the base is a regression. */
const STATUS_RANK: Readonly<Record<CitationStatus, number>> = {
  met: 0,
  'not-applicable': 0,
  'met-with-exceptions': 1,
  attested: 1,
  'technical-met-attestation-outstanding': 2,
  'attestation-required': 2,
  'not-evidenced': 2,
  'attestation-expired': 3,
  'not-met': 4,
};

/** Compliance regressions between two reports. */
export interface ComplianceDiff {
  readonly newViolations: readonly EvaluationRow[];
  readonly newExceptions: readonly ExceptionRow[];
  readonly extendedExceptions: readonly { readonly base: ExceptionRow; readonly head: ExceptionRow }[];
  readonly worsenedCitations: readonly {
    readonly id: string;
    readonly title: string;
    readonly from: CitationStatus;
    readonly to: CitationStatus;
  }[];
  readonly removedPacks: readonly string[];
  readonly removedRules: readonly string[];
  readonly removedConstructs: readonly { readonly citation: string; readonly construct: string }[];
}

const evaluationKey = (e: EvaluationRow) =>
  `${e.ruleId}\u0000${e.resource.stack}\u0000${e.resource.constructPath}`;
const exceptionKey = (x: ExceptionRow) => `${x.id}\u0000${x.acknowledgedAt}`;

/** Lists what got worse from `base` to `head`. */
export function diffReports(base: ComplianceReport, head: ComplianceReport): ComplianceDiff {
  const baseViolations = new Set(
    base.evaluations.filter((e) => e.status === 'non-compliant').map(evaluationKey),
  );
  const baseExceptions = new Map(base.exceptions.map((x) => [exceptionKey(x), x]));
  const baseCitations = new Map(base.citations.map((c) => [c.id, c]));
  const headRules = new Set(head.evaluations.map((e) => e.baseRuleId));
  const headConstructs = new Set(head.citations.flatMap((c) => c.constructs.map((k) => `${c.id}\u0000${k}`)));
  return {
    newViolations: head.evaluations.filter(
      (e) => e.status === 'non-compliant' && !baseViolations.has(evaluationKey(e)),
    ),
    newExceptions: head.exceptions.filter((x) => !baseExceptions.has(exceptionKey(x))),
    extendedExceptions: head.exceptions.flatMap((x) => {
      const before = baseExceptions.get(exceptionKey(x));
      if (!before) return [];
      const extended =
        before.expires !== undefined && (x.expires === undefined || x.expires > before.expires);
      return extended || before.reason !== x.reason ? [{ base: before, head: x }] : [];
    }),
    worsenedCitations: head.citations.flatMap((c) => {
      const before = baseCitations.get(c.id);
      return before && STATUS_RANK[c.status] > STATUS_RANK[before.status]
        ? [{ id: c.id, title: c.title, from: before.status, to: c.status }]
        : [];
    }),
    removedPacks: base.packs.map((p) => p.name).filter((name) => !head.packs.some((p) => p.name === name)),
    removedRules: [...new Set(base.evaluations.map((e) => e.baseRuleId))]
      .filter((r) => !headRules.has(r))
      .sort(),
    removedConstructs: base.citations.flatMap((c) =>
      c.constructs
        .filter((k) => !headConstructs.has(`${c.id}\u0000${k}`))
        .map((construct) => ({ citation: c.id, construct })),
    ),
  };
}

/** True when the diff holds any regression. */
export function hasRegressions(diff: ComplianceDiff): boolean {
  return Object.values(diff).some((list) => (list as unknown[]).length > 0);
}

/** A Markdown summary of the diff, suitable for a pull-request comment. */
export function renderDiffMarkdown(diff: ComplianceDiff): string {
  if (!hasRegressions(diff)) return '### HIPAA compliance: no regressions\n';
  const section = (title: string, header: string, rows: string[]) =>
    rows.length === 0
      ? []
      : [
          `#### ${title} (${rows.length})`,
          '',
          header,
          `|${header
            .split('|')
            .slice(1, -1)
            .map(() => '---')
            .join('|')}|`,
          ...rows,
          '',
        ];
  return [
    '### HIPAA compliance: regressions found',
    '',
    ...section(
      'New violations',
      '| rule | resource | stack |',
      diff.newViolations.map(
        (e) => `| ${mdCell(e.ruleId)} | ${mdCell(e.resource.constructPath)} | ${mdCell(e.resource.stack)} |`,
      ),
    ),
    ...section(
      'New acknowledgments',
      '| rule | acknowledged at | owner | expires | reason |',
      diff.newExceptions.map(
        (x) =>
          `| ${mdCell(x.id)} | ${mdCell(x.acknowledgedAt)} | ${mdCell(x.owner ?? '')} | ${x.expires ?? 'never'} | ${mdCell(x.reason)} |`,
      ),
    ),
    ...section(
      'Extended or reworded acknowledgments',
      '| rule | acknowledged at | expiry before | expiry now |',
      diff.extendedExceptions.map(
        ({ base, head }) =>
          `| ${mdCell(head.id)} | ${mdCell(head.acknowledgedAt)} | ${base.expires ?? 'never'} | ${head.expires ?? 'never'} |`,
      ),
    ),
    ...section(
      'Citations whose status worsened',
      '| citation | title | before | now |',
      diff.worsenedCitations.map(
        (c) => `| ${c.id} | ${mdCell(c.title)} | ${STATUS_LABELS[c.from]} | ${STATUS_LABELS[c.to]} |`,
      ),
    ),
    ...section(
      'Removed packs',
      '| pack |',
      diff.removedPacks.map((p) => `| ${mdCell(p)} |`),
    ),
    ...section(
      'Rules that no longer evaluate anything',
      '| rule |',
      diff.removedRules.map((r) => `| ${mdCell(r)} |`),
    ),
    ...section(
      'Removed controls',
      '| citation | construct |',
      diff.removedConstructs.map((k) => `| ${k.citation} | ${mdCell(k.construct)} |`),
    ),
  ].join('\n');
}
