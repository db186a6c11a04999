import { stringify } from 'csv-stringify/sync';
import escapeHtml from 'escape-html';
import type { ComplianceReport } from '../compliance/report/model';
import { CSV_COLUMNS, neutralizeFormula, renderCsv } from '../compliance/report/render-csv';
import { renderHtml } from '../compliance/report/render-html';
import { mdCell, renderMarkdown } from '../compliance/report/render-markdown';
import { renderOscal } from '../compliance/report/render-oscal';
import { renderSarif } from '../compliance/report/render-sarif';
import { type ReportFormat, renderReportFormat } from '../compliance/report/write-report';
import type { PostureReport, PostureSection } from './model';
import { CRITICAL_PATCH_DEADLINE_DAYS, HIGH_PATCH_DEADLINE_DAYS } from './patch-deadlines';

/** Title of every posture output. */
export const POSTURE_TITLE = 'HIPAA live posture report';
/** Title of every output of an incomplete posture: it leads, so no reader takes it for a verdict. */
export const INCOMPLETE_TITLE = `INCOMPLETE: ${POSTURE_TITLE}`;
/** Namespace of the OSCAL props the posture adds. */
export const POSTURE_OSCAL_NS = 'https://cdk-hipaa-baseline.dev/ns/oscal';
/** `rule` of the findings.csv rows that list what an incomplete posture did not observe. */
export const CSV_INCOMPLETE_RULE = 'posture-incomplete';

const titleOf = (posture: PostureSection) => (posture.complete ? POSTURE_TITLE : INCOMPLETE_TITLE);

/** One sentence saying why a posture is incomplete. */
export function incompleteSentence(posture: PostureSection): string {
  return `This posture is incomplete: ${posture.incompleteReasons.length} thing(s) were not observed, so it is not a compliance verdict, and no citation is shown as met on synthesized evidence alone.`;
}

/**
 * Renders the report of a posture in `format` (the ordinary report renderers), titled as a live posture and,
 * when the posture is incomplete, labelled so in each format's own way:
 *
 * | format | label |
 * |---|---|
 * | html | `<title>`/`<h1>` start with `INCOMPLETE:`, a banner lists what was not observed and why |
 * | html | a patch-deadline section lists every instance whose patches are overdue or not proven |
 * | md | the `#` title starts with `INCOMPLETE:`, a quoted summary lists the reasons |
 * | json | `report.json` stays valid against its schema; unobserved citations read `not-evidenced` with the reason (`posture.json` has `complete: false`) |
 * | other | as the report writes it (e.g. the OSCAL assessment plan, which states no result) |
 * | csv | one `posture-incomplete` row per gap, status `not-observed`, the reason in `construct_path` |
 * | sarif | an extra run whose invocation has `executionSuccessful: false` and one notification per gap |
 * | oscal | the result's props `complete=false` and `incomplete-reason`, its title and the metadata title |
 */
export function renderPostureFormat(posture: PostureReport, format: ReportFormat): string {
  const { report, posture: section } = posture;
  switch (format) {
    case 'html':
      return labelHtml(renderHtml(report), section);
    case 'md':
      return labelMarkdown(renderMarkdown(report), section);
    case 'csv':
      return labelCsv(report, section);
    case 'sarif':
      return `${JSON.stringify(labelSarif(renderSarif(report), section), null, 2)}\n`;
    case 'oscal':
      return `${JSON.stringify(labelOscal(renderOscal(report), section), null, 2)}\n`;
    default:
      // report.json stays valid against report.schema.json; the others carry no verdict to label.
      return renderReportFormat(report, format);
  }
}

function labelHtml(html: string, posture: PostureSection): string {
  const title = escapeHtml(titleOf(posture));
  const banner = `${
    posture.complete
      ? ''
      : `\n<section data-testid="incomplete" style="border:2px solid #cf222e;background:#ffebe9;padding:.5rem 1rem"><p><strong>${escapeHtml(incompleteSentence(posture))}</strong></p><ul>${posture.incompleteReasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul></section>`
  }${patchDeadlineHtml(posture)}`;
  const titled = html.replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`);
  if (/<h1>[^<]*<\/h1>/.test(titled)) {
    return titled.replace(/<h1>[^<]*<\/h1>/, `<h1>${title}</h1>${banner}`);
  }
  // A renderer without an <h1>: the label still leads the body.
  return titled.replace(/<body>/, `<body>\n<h1>${title}</h1>${banner}`);
}

/**
 * The instances whose patch verdict is non-compliant: the oldest overdue patch and its age, and the
 * reason (overdue, release date unknown, not scanned). Empty when every instance meets the deadlines.
 */
function patchDeadlineHtml(posture: PostureSection): string {
  const failing = (posture.recovery?.patches ?? []).filter((p) => p.status === 'non-compliant');
  if (failing.length === 0) return '';
  const e = escapeHtml;
  const rows = failing.map((p) => {
    const o = p.oldestOverdue;
    const oldest = o
      ? `<code>${e(o.kbId)}</code> (${e(o.reportedSeverity ?? o.severity)}), released ${e(o.releasedAt.slice(0, 10))}: ${o.ageDays} days, over ${o.deadlineDays}`
      : '-';
    return `<tr><td><code>${e(p.instanceId)}</code></td><td>${e(`${p.account}/${p.region}`)}</td><td>${p.overduePatches ?? '-'}</td><td>${oldest}</td><td>${p.releaseDateUnknown ?? '-'}</td><td>${e(p.reason)}</td></tr>`;
  });
  return `\n<section data-testid="patch-deadlines"><h2>Patch deadlines (critical ${CRITICAL_PATCH_DEADLINE_DAYS} days, high ${HIGH_PATCH_DEADLINE_DAYS} days from release): ${failing.length} instance(s) not met</h2><table><thead><tr><th>instance</th><th>account/region</th><th>past deadline</th><th>oldest overdue patch</th><th>release date unknown</th><th>reason</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function labelMarkdown(md: string, posture: PostureSection): string {
  const summary = posture.complete
    ? ''
    : `\n\n> **${incompleteSentence(posture)}**\n>\n${posture.incompleteReasons.map((r) => `> - ${mdCell(r)}`).join('\n')}`;
  const heading = `# ${titleOf(posture)}${summary}`;
  return /^# .*$/m.test(md) ? md.replace(/^# .*$/m, () => heading) : `${heading}\n\n${md}`;
}

function labelCsv(report: ComplianceReport, posture: PostureSection): string {
  const csv = renderCsv(report);
  if (posture.complete) return csv;
  // pack, rule, status, level, stack, logical_id, construct_path, resource_type; the rest stay empty.
  const row = (...cells: string[]) => [
    ...cells,
    ...Array<string>(CSV_COLUMNS.length - cells.length).fill(''),
  ];
  const rows =
    posture.gaps.length > 0
      ? posture.gaps.map((g) =>
          row(
            'posture',
            CSV_INCOMPLETE_RULE,
            'not-observed',
            'error',
            `${g.account}/${g.region}`,
            g.operation,
            g.message,
            g.source,
          ),
        )
      : posture.incompleteReasons.map((reason) =>
          row('posture', CSV_INCOMPLETE_RULE, 'not-observed', 'error', '', '', reason),
        );
  const cast = { string: (value: string) => neutralizeFormula(value) };
  return csv + stringify(rows, { cast, quoted_string: true });
}

interface SarifLog {
  runs: object[];
}

function labelSarif(sarif: object, posture: PostureSection): object {
  if (posture.complete) return sarif;
  const log = sarif as SarifLog;
  return {
    ...log,
    runs: [
      ...log.runs,
      {
        tool: { driver: { name: 'hipaa-baseline posture' } },
        invocations: [
          {
            executionSuccessful: false,
            toolExecutionNotifications: posture.incompleteReasons.map((text, i) => ({
              level: 'error',
              message: { text },
              descriptor: { id: posture.gaps[i]?.code ?? 'nothing-observed' },
            })),
          },
        ],
        results: [],
        properties: { complete: false },
      },
    ],
  };
}

interface OscalDoc {
  'assessment-results': {
    metadata: { title: string };
    results: { title: string; description: string; props?: object[]; remarks?: string }[];
  };
}

function labelOscal(oscal: object, posture: PostureSection): object {
  const doc = oscal as OscalDoc;
  const ar = doc['assessment-results'];
  const prop = (name: string, value: string) => ({ name, value, ns: POSTURE_OSCAL_NS });
  const results = ar.results.map((r) => ({
    ...r,
    title: posture.complete ? 'Live posture collection' : 'Live posture collection (INCOMPLETE)',
    description: `AWS Config conformance packs and Security Hub observed in ${posture.accounts.join(', ') || 'no account'} (${posture.regions.join(', ')}), merged with ${posture.intendedFrom ?? 'no synthesized report'}.${posture.complete ? '' : ` ${incompleteSentence(posture)}`}`,
    props: [
      ...(r.props ?? []),
      prop('complete', String(posture.complete)),
      ...posture.incompleteReasons.map((reason) => prop('incomplete-reason', oneLine(reason))),
    ],
    ...(posture.complete
      ? {}
      : { remarks: posture.incompleteReasons.map((reason) => `- ${reason}`).join('\n') }),
  }));
  return {
    ...doc,
    'assessment-results': {
      ...ar,
      metadata: {
        ...ar.metadata,
        title: posture.complete ? ar.metadata.title : `INCOMPLETE: ${ar.metadata.title}`,
      },
      results,
    },
  };
}

/** OSCAL prop values are single-line strings without leading or trailing space. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
