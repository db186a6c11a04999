import escapeHtml from 'escape-html';
import type { ComplianceReport } from './model';

const NOBODY = 'nobody';

const mdCell = (value: string): string => value.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The "Who is paged" section of report.md: one row per alert topic, its subscribers (or "nobody") and
 * what reaches it. Reports without paging data (older schema) get a line saying so.
 */
export function pagingMarkdown(report: ComplianceReport): string[] {
  const rows = report.paging ?? [];
  return [
    '## Who is paged',
    '',
    ...(rows.length === 0
      ? ['No alert topic recorded who it pages.']
      : [
          '| topic | paged | for | citation |',
          '|---|---|---|---|',
          ...rows.map(
            (p) =>
              `| ${mdCell(p.topic)} | ${mdCell(p.subscribers.join(', ') || `**${NOBODY}**`)} | ${mdCell(p.alerts)} | ${p.citation} |`,
          ),
        ]),
    '',
  ];
}

/** The "Who is paged" section of report.html (see {@link pagingMarkdown}). */
export function pagingHtml(report: ComplianceReport): string {
  const rows = report.paging ?? [];
  const e = (value: string): string => escapeHtml(value);
  const body = rows
    .map(
      (p) =>
        `<tr><td><code>${e(p.topic)}</code></td>${p.subscribers.length > 0 ? `<td>${e(p.subscribers.join(', '))}</td>` : `<td class="s-not-met">${NOBODY}</td>`}<td>${e(p.alerts)}</td><td>${e(p.citation)}</td></tr>`,
    )
    .join('');
  return `<h2>Who is paged</h2>\n${rows.length > 0 ? `<table data-testid="paging"><thead><tr><th>topic</th><th>paged</th><th>for</th><th>citation</th></tr></thead><tbody>${body}</tbody></table>` : '<p>No alert topic recorded who it pages.</p>'}\n`;
}
