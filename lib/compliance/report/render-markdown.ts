import type { CitationStatus, ComplianceReport } from './model';

/** Human labels of citation statuses, shared by the Markdown and HTML renderers. */
export const STATUS_LABELS: Readonly<Record<CitationStatus, string>> = {
  met: 'Met',
  'met-with-exceptions': 'Met with exceptions',
  'not-met': 'Not met',
  'technical-met-attestation-outstanding': 'Technical part met, attestation outstanding',
  'not-applicable': 'Not applicable',
  attested: 'Attested',
  'attestation-expired': 'Attestation expired',
  'attestation-required': 'Attestation required',
  'not-evidenced': 'Not evidenced',
};

/** Escapes text for a Markdown table cell: pipes, newlines and HTML-significant characters. */
export function mdCell(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

/** Renders the report as Markdown for pull requests and repositories. */
export function renderMarkdown(report: ComplianceReport): string {
  const s = report.summary;
  const lines = [
    '# HIPAA compliance report',
    '',
    `Generated ${report.generatedAt} by ${report.tool.name} ${report.tool.version} for stacks: ${report.stacks.map(mdCell).join(', ')}.`,
    '',
    '## Summary',
    '',
    '| evaluations | compliant | non-compliant | acknowledged |',
    '|---|---|---|---|',
    `| ${s.evaluations} | ${s.compliant} | ${s.nonCompliant} | ${s.acknowledged} |`,
    '',
    `| citation status | count |`,
    '|---|---|',
    ...Object.entries(s.citations).map(
      ([status, n]) => `| ${STATUS_LABELS[status as CitationStatus]} | ${n} |`,
    ),
    '',
    '## HIPAA citations',
    '',
    '| citation | title | status | why | rules | compliant | non-compliant | acknowledged |',
    '|---|---|---|---|---|---|---|---|',
    ...report.citations.map(
      (c) =>
        `| ${c.id} | ${mdCell(c.title)} | ${STATUS_LABELS[c.status]} | ${mdCell(c.statusReason)} | ${c.rules.length} | ${c.counts.compliant} | ${c.counts.nonCompliant} | ${c.counts.acknowledged} |`,
    ),
    '',
    '## Non-compliant',
    '',
    ...(s.nonCompliant === 0
      ? ['None.']
      : [
          '| rule | resource | stack |',
          '|---|---|---|',
          ...report.evaluations
            .filter((e) => e.status === 'non-compliant')
            .map(
              (e) =>
                `| ${mdCell(e.ruleId)} | ${mdCell(e.resource.constructPath)} | ${mdCell(e.resource.stack)} |`,
            ),
        ]),
    '',
    '## Organization-wide controls',
    '',
    ...(report.orgWideControls.length === 0
      ? ['None: this app configures single accounts.']
      : [
          '| control | where | citations | applied by |',
          '|---|---|---|---|',
          ...report.orgWideControls.map(
            (o) =>
              `| ${mdCell(o.control)} | ${mdCell(o.scope)} | ${o.citations.join(', ')} | ${mdCell(o.constructPath)} |`,
          ),
        ]),
    '',
    '## Exceptions register',
    '',
    ...(report.exceptions.length === 0
      ? ['None.']
      : [
          '| rule | acknowledged at | state | owner | ticket | expires | findings | reason |',
          '|---|---|---|---|---|---|---|---|',
          ...report.exceptions.map(
            (x) =>
              `| ${mdCell(x.id)} | ${mdCell(x.acknowledgedAt)} | ${x.state} | ${mdCell(x.owner ?? '')} | ${mdCell(x.ticket ?? '')} | ${x.expires ?? ''} | ${x.findings} | ${mdCell(x.reason)} |`,
          ),
        ]),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
