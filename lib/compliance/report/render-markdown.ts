import { inventoryMarkdown } from '../inventory/render-sections';
import type { CitationStatus, ComplianceReport } from './model';
import { pagingMarkdown } from './render-paging';

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
  const builtInExceptions = report.exceptions.filter((x) => x.source === 'built-in');
  const userExceptions = report.exceptions.filter((x) => x.source !== 'built-in');
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
    ...pagingMarkdown(report),
    '## Exceptions register',
    '',
    "The app's own exceptions, each with an owner, a ticket and an expiry.",
    '',
    ...(userExceptions.length === 0
      ? ['None.']
      : [
          '| rule | acknowledged at | state | owner | ticket | expires | findings | reason |',
          '|---|---|---|---|---|---|---|---|',
          ...userExceptions.map(
            (x) =>
              `| ${mdCell(x.id)} | ${mdCell(x.acknowledgedAt)} | ${x.state} | ${mdCell(x.owner ?? '')} | ${mdCell(x.ticket ?? '')} | ${x.expires ?? ''} | ${x.findings} | ${mdCell(x.reason)} |`,
          ),
        ]),
    '',
    '## Built-in exceptions',
    '',
    'Acknowledgments made by cdk-hipaa-baseline or aws-cdk-lib for constraints of AWS itself (no owner or ticket: they are reviewed with the toolkit; an expiry only as a review-by date).',
    '',
    ...(builtInExceptions.length === 0
      ? ['None.']
      : [
          '| rule | acknowledged at | state | expires | findings | reason |',
          '|---|---|---|---|---|---|',
          ...builtInExceptions.map(
            (x) =>
              `| ${mdCell(x.id)} | ${mdCell(x.acknowledgedAt)} | ${x.state} | ${x.expires ?? ''} | ${x.findings} | ${mdCell(x.reason)} |`,
          ),
        ]),
    '',
    ...inventoryMarkdown(report.assets, report.proposedRule),
  ];
  return `${lines.join('\n')}\n`;
}
