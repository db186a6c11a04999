import { stringify } from 'csv-stringify/sync';
import type { ComplianceReport } from './model';

/** Column headers of findings.csv, one row per rule × resource. */
export const CSV_COLUMNS = [
  'pack',
  'rule',
  'status',
  'level',
  'stack',
  'logical_id',
  'construct_path',
  'resource_type',
  'citations',
  'acknowledgment_reason',
  'owner',
  'ticket',
  'expires',
] as const;

/**
 * Neutralizes spreadsheet formulas: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return is prefixed with `'`, so opening the file in a spreadsheet never evaluates app-supplied text.
 *
 * @see https://owasp.org/www-community/attacks/CSV_Injection
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Renders the evaluation matrix as CSV. */
export function renderCsv(report: ComplianceReport): string {
  const citations = new Map(report.rules.map((r) => [r.id, r.citations.join(' ')]));
  const rows = report.evaluations.map((e) => [
    e.pack,
    e.ruleId,
    e.status,
    e.level,
    e.resource.stack,
    e.resource.logicalId,
    e.resource.constructPath,
    e.resource.type,
    citations.get(e.baseRuleId) ?? '',
    e.acknowledgment?.reason ?? '',
    e.acknowledgment?.owner ?? '',
    e.acknowledgment?.ticket ?? '',
    e.acknowledgment?.expires ?? '',
  ]);
  const records = [[...CSV_COLUMNS], ...rows];
  // Every cell is a string in a well-formed report: quote them directly, as csv-stringify's
  // `quoted_string` does (one pass, no per-cell option handling). Anything else goes through csv-stringify.
  if (records.every((record) => record.every((cell) => typeof cell === 'string'))) {
    return `${records.map((record) => record.map(quotedCell).join(',')).join('\n')}\n`;
  }
  return stringify(records, {
    cast: { string: (value) => neutralizeFormula(value) },
    quoted_string: true,
  });
}

/** One string cell, formula-neutralized and quoted, quotes doubled (RFC 4180). */
function quotedCell(value: string): string {
  return `"${neutralizeFormula(value).replace(/"/g, '""')}"`;
}
