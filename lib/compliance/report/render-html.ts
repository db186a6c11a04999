import escapeHtml from 'escape-html';
import { assetsHtml, readinessHtml } from '../inventory/render-sections';
import type { CitationRow, CitationStatus, ComplianceReport, EvaluationRow } from './model';
import { STATUS_LABELS } from './render-markdown';
import { pagingHtml } from './render-paging';

const e = (value: unknown): string => escapeHtml(String(value ?? ''));

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1b1f24;max-width:1200px}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
.s-met{background:#dafbe1}.s-met-with-exceptions{background:#fff8c5}.s-not-met{background:#ffebe9;font-weight:600}
.s-attested{background:#ddf4ff}.s-attestation-expired,.s-expired{background:#ffebe9}.s-expiring-soon{background:#fff8c5}
.s-technical-met-attestation-outstanding{background:#fff8c5}
.s-attestation-required,.s-not-evidenced,.s-not-applicable{background:#f6f8fa}
code{font-size:.9em;word-break:break-all}details{margin:.2rem 0}summary{cursor:pointer}
@media print{details{display:block}details>summary{list-style:none}body{margin:0}}
`;

function statusCell(status: CitationStatus | string, label?: string): string {
  return `<td class="s-${e(status)}">${e(label ?? STATUS_LABELS[status as CitationStatus] ?? status)}</td>`;
}

function statusTable(
  title: string,
  rows: [string, Readonly<Record<CitationStatus, number>>][],
  testId: string,
): string {
  const statuses = Object.keys(STATUS_LABELS) as CitationStatus[];
  return `<table data-testid="${testId}"><thead><tr><th>${e(title)}</th>${statuses.map((s) => `<th>${e(STATUS_LABELS[s])}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      ([name, counts]) =>
        `<tr><td>${e(name)}</td>${statuses.map((s) => `<td class="n">${counts[s]}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

/** Compliant evaluations listed per citation; the rest are counted (findings.csv has every row). */
const COMPLIANT_ROWS_SHOWN = 25;

/** One citation's evaluations as its details list them, in report order. */
interface CitationEvaluations {
  /** Every non-compliant and acknowledged evaluation. */
  readonly failing: EvaluationRow[];
  /** The first {@link COMPLIANT_ROWS_SHOWN} compliant evaluations. */
  readonly passing: EvaluationRow[];
  /** How many compliant evaluations there are in all. */
  passingCount: number;
}

/** Evaluations of each citation's rules, gathered in one pass over the report's evaluations. */
function evaluationsByCitation(report: ComplianceReport): Map<CitationRow, CitationEvaluations> {
  const byCitation = new Map<CitationRow, CitationEvaluations>();
  const byRule = new Map<string, CitationEvaluations[]>();
  for (const c of report.citations) {
    const entry: CitationEvaluations = { failing: [], passing: [], passingCount: 0 };
    byCitation.set(c, entry);
    for (const rule of new Set(c.rules)) {
      const list = byRule.get(rule);
      if (list) list.push(entry);
      else byRule.set(rule, [entry]);
    }
  }
  for (const ev of report.evaluations) {
    for (const entry of byRule.get(ev.baseRuleId) ?? []) {
      if (ev.status !== 'compliant') entry.failing.push(ev);
      else if (entry.passingCount++ < COMPLIANT_ROWS_SHOWN) entry.passing.push(ev);
    }
  }
  return byCitation;
}

function citationDetails(c: CitationRow, gathered: CitationEvaluations): string {
  const evaluations = [...gathered.failing, ...gathered.passing];
  const hidden = gathered.passingCount - gathered.passing.length;
  const list = (items: readonly string[]) =>
    items.length === 0
      ? '<p>None.</p>'
      : `<ul>${items.map((i) => `<li><code>${e(i)}</code></li>`).join('')}</ul>`;
  return `<details><summary>${e(c.rules.length)} rules, ${e(c.resources.length)} resources, ${e(c.constructs.length)} constructs</summary>
<p>${e(c.statusReason)}</p>
<h4>Sufficient evidence (each rule must evaluate a resource and pass)</h4>${list(c.evidence.sufficient.map((r) => (c.evidence.missing.includes(r) ? `${r} — evaluated no resource` : r)))}
${c.evidence.attest ? `<h4>To be attested by a person</h4><p>${e(c.evidence.attest)}</p>` : ''}
<h4>Rules citing it (sufficient and supporting)</h4>${list(c.rules)}
<h4>Evaluations</h4>${
    evaluations.length === 0
      ? '<p>No check ran for this citation.</p>'
      : `<table><thead><tr><th>rule</th><th>resource</th><th>status</th></tr></thead><tbody>${evaluations
          .map(
            (ev) =>
              `<tr><td><code>${e(ev.ruleId)}</code></td><td><code>${e(ev.resource.constructPath)}</code></td>${statusCell(ev.status === 'non-compliant' ? 'not-met' : ev.status === 'acknowledged' ? 'met-with-exceptions' : 'met', ev.status)}</tr>`,
          )
          .join(
            '',
          )}</tbody></table>${hidden > 0 ? `<p>…and ${hidden} more compliant evaluations (see findings.csv).</p>` : ''}`
  }
<h4>Constructs implementing it</h4>${list(c.constructs)}
<h4>Config rules that keep checking it after deploy</h4>${list(c.configRules)}
${c.relaxations.length > 0 ? `<h4>Relaxations</h4>${list(c.relaxations.map((r) => `${r.constructPath}: ${r.setting} — ${r.reason}`))}` : ''}
${c.orgWideControls.length > 0 ? `<h4>Applied organization-wide</h4>${list(c.orgWideControls)}` : ''}
${c.manualAttestations.length > 0 ? `<h4>Manual attestation required</h4>${list(c.manualAttestations.map((r) => `${r.constructPath}: ${r.setting} — ${r.reason}`))}` : ''}
</details>`;
}

/**
 * Renders the report as one self-contained, printable HTML page (no scripts, no external assets).
 * Every string that comes from the app is escaped, so a construct id containing markup renders as text.
 */
export function renderHtml(report: ComplianceReport): string {
  const s = report.summary;
  const gathered = evaluationsByCitation(report);
  const citations = report.citations
    .map(
      (c) =>
        `<tr id="c-${e(c.id)}"><td><code>${e(c.id)}</code></td><td>${e(c.title)}<br><small>${e(c.safeguard)} · ${c.required ? 'required' : 'addressable'} · strategies ${e(c.strategies.join(', '))}</small></td>${statusCell(c.status)}<td class="n">${c.counts.compliant}</td><td class="n">${c.counts.nonCompliant}</td><td class="n">${c.counts.acknowledged}</td><td>${c.attestation ? `${e(c.attestation.owner)}, ${e(c.attestation.date)}: ${e(c.attestation.statement)}` : ''}${citationDetails(c, gathered.get(c) as CitationEvaluations)}</td></tr>`,
    )
    .join('');
  const exceptions = report.exceptions
    .filter((x) => x.source !== 'built-in')
    .map(
      (x) =>
        `<tr><td><code>${e(x.id)}</code></td><td><code>${e(x.acknowledgedAt)}</code></td>${statusCell(x.state, x.state)}<td>${e(x.owner)}</td><td>${e(x.ticket)}</td><td>${e(x.expires)}</td><td class="n">${x.findings}</td><td>${e(x.reason)}</td></tr>`,
    )
    .join('');
  const builtIn = report.exceptions
    .filter((x) => x.source === 'built-in')
    .map(
      (x) =>
        `<tr><td><code>${e(x.id)}</code></td><td><code>${e(x.acknowledgedAt)}</code></td>${statusCell(x.state, x.state)}<td>${e(x.expires)}</td><td class="n">${x.findings}</td><td>${e(x.reason)}</td></tr>`,
    )
    .join('');
  const failing = report.evaluations
    .filter((ev) => ev.status === 'non-compliant')
    .map(
      (ev) =>
        `<tr><td><code>${e(ev.ruleId)}</code></td><td><code>${e(ev.resource.constructPath)}</code></td><td>${e(ev.resource.type)}</td><td>${e(ev.resource.stack)}</td></tr>`,
    )
    .join('');
  const stores = report.inventory.dataStores
    .map(
      (d) =>
        `<tr><td><code>${e(d.constructPath)}</code></td><td>${e(d.type)}</td><td>${d.encrypted ? 'yes' : '<strong>no</strong>'}</td><td><code>${e(d.key)}</code></td><td>${d.phi ? 'PHI' : ''}</td></tr>`,
    )
    .join('');
  const logs = report.inventory.logDestinations
    .map(
      (l) =>
        `<tr><td><code>${e(l.constructPath)}</code></td><td>${e(l.type)}</td><td class="n">${l.retentionDays === null ? 'indefinite' : e(l.retentionDays)}</td></tr>`,
    )
    .join('');
  const attestations = report.attestations
    .map(
      (a) =>
        `<tr><td><code>${e(a.citation)}</code></td><td>${e(a.statement)}</td><td>${e(a.owner)}</td><td>${e(a.date)}</td><td>${e(a.expires)}</td><td><code>${e(a.evidence)}</code></td><td><code>${e(a.source)}</code></td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>HIPAA compliance report</title><style>${STYLE}</style></head>
<body>
<h1>HIPAA compliance report</h1>
<p>Generated <time>${e(report.generatedAt)}</time> by ${e(report.tool.name)} ${e(report.tool.version)}. Stacks: ${report.stacks.map((st) => `<code>${e(st)}</code>`).join(', ')}. Packs: ${report.packs.map((p) => `${e(p.name)} (${p.rules} rules)`).join(', ')}.</p>
<h2>Summary</h2>
<table data-testid="summary"><thead><tr><th>evaluations</th><th>compliant</th><th>non-compliant</th><th>acknowledged</th></tr></thead>
<tbody><tr><td class="n" data-testid="evaluations">${s.evaluations}</td><td class="n" data-testid="compliant">${s.compliant}</td><td class="n" data-testid="non-compliant">${s.nonCompliant}</td><td class="n" data-testid="acknowledged">${s.acknowledged}</td></tr></tbody></table>
${statusTable('All citations', [['HIPAA Security Rule', s.citations]], 'citations-summary')}
${statusTable('Safeguard', Object.entries(s.bySafeguard), 'by-safeguard')}
${statusTable(
  'Strategy',
  s.byStrategy.map((b) => [`${b.strategy}. ${b.name}`, b.citations]),
  'by-strategy',
)}
<h2>HIPAA citation index</h2>
<p>A citation is shown as met only when a check that ran supports it. Organizational items need a person's attestation.</p>
<table data-testid="citations"><thead><tr><th>citation</th><th>title</th><th>status</th><th>compliant</th><th>non-compliant</th><th>acknowledged</th><th>evidence</th></tr></thead><tbody>${citations}</tbody></table>
<h2>Non-compliant</h2>
${failing ? `<table data-testid="failing"><thead><tr><th>rule</th><th>resource</th><th>type</th><th>stack</th></tr></thead><tbody>${failing}</tbody></table>` : '<p>None.</p>'}
<h2>Exceptions register</h2>
${exceptions ? `<table data-testid="exceptions"><thead><tr><th>rule</th><th>acknowledged at</th><th>state</th><th>owner</th><th>ticket</th><th>expires</th><th>findings</th><th>reason</th></tr></thead><tbody>${exceptions}</tbody></table>` : '<p>None.</p>'}
<h2>Built-in exceptions</h2>
<p>Acknowledgments made by cdk-hipaa-baseline or aws-cdk-lib for constraints of AWS itself (no owner or ticket: they are reviewed with the toolkit; an expiry only as a review-by date).</p>
${builtIn ? `<table data-testid="built-in-exceptions"><thead><tr><th>rule</th><th>acknowledged at</th><th>state</th><th>expires</th><th>findings</th><th>reason</th></tr></thead><tbody>${builtIn}</tbody></table>` : '<p>None.</p>'}
<h2>Organization-wide controls</h2>
${
  report.orgWideControls.length > 0
    ? `<table data-testid="org-controls"><thead><tr><th>control</th><th>where</th><th>citations</th><th>applied by</th></tr></thead><tbody>${report.orgWideControls
        .map(
          (o) =>
            `<tr><td>${e(o.control)}</td><td>${e(o.scope)}</td><td>${e(o.citations.join(', '))}</td><td><code>${e(o.constructPath)}</code></td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>None: this app configures single accounts.</p>'
}
${pagingHtml(report)}<h2>Attestations</h2>
${attestations ? `<table data-testid="attestations"><thead><tr><th>citation</th><th>statement</th><th>owner</th><th>date</th><th>expires</th><th>evidence</th><th>source</th></tr></thead><tbody>${attestations}</tbody></table>` : '<p>None given.</p>'}
<h2>Inventory</h2>
<h3>Data stores</h3><table data-testid="data-stores"><thead><tr><th>resource</th><th>type</th><th>encrypted</th><th>key</th><th>class</th></tr></thead><tbody>${stores}</tbody></table>
<h3>Log destinations</h3><table data-testid="log-destinations"><thead><tr><th>resource</th><th>type</th><th>retention (days)</th></tr></thead><tbody>${logs}</tbody></table>
<p>${report.inventory.phiTagged.length} resources are tagged <code>DataClassification=PHI</code>.</p>
${assetsHtml(report.assets)}${readinessHtml(report.proposedRule)}</body></html>
`;
}
