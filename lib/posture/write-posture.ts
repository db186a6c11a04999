import * as fs from 'node:fs';
import * as path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { mdCell } from '../compliance/report/render-markdown';
import { ALL_REPORT_FORMATS, REPORT_FORMATS, type ReportFormat } from '../compliance/report/write-report';
import type { PostureReport, PostureSection } from './model';
import { CRITICAL_PATCH_DEADLINE_DAYS, HIGH_PATCH_DEADLINE_DAYS } from './patch-deadlines';
import { INCOMPLETE_TITLE, incompleteSentence, POSTURE_TITLE, renderPostureFormat } from './render-posture';

/** File names of the posture section beside the report files. */
export const POSTURE_FILES = { json: 'posture.json', md: 'posture.md' } as const;

/** Exit codes of `hipaa-baseline posture`. */
export const POSTURE_EXIT = {
  /** Everything observed is compliant and the collection is complete. */
  COMPLIANT: 0,
  /** At least one non-compliant observation. */
  NON_COMPLIANT: 1,
  /** Usage or configuration error. */
  USAGE: 2,
  /**
   * The posture is incomplete: something could not be collected, nothing was observed (no recorder, no
   * standard, no conformance-pack result), or `--deadline` stopped the run (takes precedence over 1).
   */
  INCOMPLETE: 3,
} as const;

/**
 * The exit code of a posture: incomplete (3) before non-compliant (1), because an incomplete collection
 * cannot be summarized by one verdict; `--json` still carries both facts.
 */
export function postureExitCode(posture: PostureSection): number {
  if (!posture.complete) return POSTURE_EXIT.INCOMPLETE;
  return posture.summary.nonCompliant > 0 ? POSTURE_EXIT.NON_COMPLIANT : POSTURE_EXIT.COMPLIANT;
}

/** Renders the posture section as Markdown: drift first, then gaps, then the citation comparison. */
export function renderPostureMarkdown(posture: PostureSection): string {
  const s = posture.summary;
  const lines = [
    `# ${posture.complete ? POSTURE_TITLE : INCOMPLETE_TITLE}`,
    '',
    `Collected ${posture.collectedAt} from accounts ${posture.accounts.join(', ') || '(none)'} in ${posture.regions.join(', ')}.`,
    posture.intendedFrom
      ? `Compared with the synthesized report ${mdCell(posture.intendedFrom)} of ${posture.intendedGeneratedAt}.`
      : 'No synthesized report was merged: intended status is not shown and drift is not computed.',
    '',
    posture.complete
      ? 'Collection complete.'
      : [
          `**${incompleteSentence(posture)}**`,
          '',
          ...posture.incompleteReasons.map((r) => `- ${mdCell(r)}`),
        ].join('\n'),
    '',
    '## Drift',
    '',
    ...(posture.drift.length === 0
      ? ['None.']
      : [
          '| kind | citation | resource | account/region | rules | detail |',
          '|---|---|---|---|---|---|',
          ...posture.drift.map(
            (d) =>
              `| ${d.kind} | ${d.citation ?? ''} | ${mdCell(d.resource ?? '')} | ${d.account ? `${d.account}/${d.region}` : ''} | ${mdCell(d.rules.join(', '))} | ${mdCell(d.detail)} |`,
          ),
        ]),
    '',
    '## Not collected',
    '',
    ...(posture.gaps.length === 0
      ? ['Nothing: every source answered.']
      : posture.gaps.map(
          (g) => `- ${g.source} ${g.account}/${g.region} ${g.operation}: ${mdCell(g.message)}`,
        )),
    '',
    '## Summary',
    '',
    '| observed | compliant | non-compliant | skipped | unattributed | drift | requests |',
    '|---|---|---|---|---|---|---|',
    `| ${s.observed} | ${s.compliant} | ${s.nonCompliant} | ${s.skipped} | ${s.unattributed} | ${s.drift} | ${s.requests} |`,
    '',
    ...recoveryMarkdown(posture),
    '## Citations: intended and observed',
    '',
    '| citation | intended | observed | drift |',
    '|---|---|---|---|',
    ...posture.citations.map(
      (c) => `| ${c.id} | ${c.intended ?? '-'} | ${c.observed} | ${c.drift ? '**yes**' : ''} |`,
    ),
    '',
    `Citation mapping: ${mdCell(posture.citationMapping)}`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}

/** The restore and patch verdicts, failing first. */
function recoveryMarkdown(posture: PostureSection): string[] {
  const r = posture.recovery;
  const failingFirst = <T extends { status: string }>(list: readonly T[]) =>
    [...list].sort((a, b) => (a.status === b.status ? 0 : a.status === 'non-compliant' ? -1 : 1));
  return [
    `## Restores (objective ${r.recoveryObjectiveHours} h, last ${r.restoreWindowDays} days)`,
    '',
    ...(r.restores.length === 0
      ? ['No restore verdict: AWS Backup could not be read (see Not collected).']
      : [
          '| status | account/region | resource type | restore job | duration (h) | failed in window | reason |',
          '|---|---|---|---|---|---|---|',
          ...failingFirst(r.restores).map(
            (v) =>
              `| ${v.status} | ${v.account}/${v.region} | ${mdCell(v.resourceType)} | ${mdCell(v.restoreJobId ?? '-')} | ${v.durationHours ?? '-'} | ${v.failedInWindow} | ${mdCell(v.reason)} |`,
          ),
        ]),
    '',
    `## Patches (critical ${CRITICAL_PATCH_DEADLINE_DAYS} days, high ${HIGH_PATCH_DEADLINE_DAYS} days from release)`,
    '',
    ...(r.patches.length === 0
      ? ['No managed instance reported (or Systems Manager could not be read: see Not collected).']
      : [
          '| status | account/region | instance | critical missing | security missing | past deadline | oldest overdue | release date unknown | last scan/install | reason |',
          '|---|---|---|---|---|---|---|---|---|---|',
          ...failingFirst(r.patches).map(
            (v) =>
              `| ${v.status} | ${v.account}/${v.region} | ${v.instanceId} | ${v.criticalMissing} | ${v.securityMissing} | ${v.overduePatches ?? '-'} | ${v.oldestOverdue ? mdCell(`${v.oldestOverdue.kbId}, ${v.oldestOverdue.ageDays} days (${v.oldestOverdue.deadlineDays}-day ${v.oldestOverdue.severity})`) : '-'} | ${v.releaseDateUnknown ?? '-'} | ${v.lastOperationAt ?? '-'} | ${mdCell(v.reason)} |`,
          ),
        ]),
    '',
  ];
}

/** Renders `posture.json`: the section with drift as its first key. */
export function renderPostureJson(posture: PostureSection): string {
  return `${JSON.stringify(posture, null, 2)}\n`;
}

/**
 * Writes the report in `formats` (the ordinary report files, labelled as a live posture and, when it is
 * incomplete, as incomplete) plus `posture.json` and, with `md`, `posture.md`, into `dir`; returns the
 * paths written. Each file is written atomically (a temporary file renamed over it): a failed write, such as
 * a full disk, leaves the previous file or none, never a truncated one.
 */
export function writePostureReport(
  posture: PostureReport,
  dir: string,
  formats: readonly ReportFormat[] = ALL_REPORT_FORMATS,
): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: [string, string][] = formats.map((format) => [
    REPORT_FORMATS[format],
    renderPostureFormat(posture, format),
  ]);
  files.push([POSTURE_FILES.json, renderPostureJson(posture.posture)]);
  if (formats.includes('md')) files.push([POSTURE_FILES.md, renderPostureMarkdown(posture.posture)]);
  return files.map(([name, content]) => {
    const file = path.join(dir, name);
    writeFileAtomic.sync(file, content);
    return file;
  });
}

/** Instances with at least one missing patch past its deadline (an older posture.json may lack the field). */
export function instancesPastPatchDeadline(posture: PostureSection): number {
  return (posture.recovery?.patches ?? []).filter((p) => (p.overduePatches ?? 0) > 0).length;
}

/** The one-line summary printed at the end of a run. */
export function postureSummaryLine(posture: PostureSection, out?: string): string {
  const s = posture.summary;
  const overdue = instancesPastPatchDeadline(posture);
  return [
    `posture: ${posture.accounts.length} account(s) × ${posture.regions.length} region(s)`,
    `${s.observed} observed (${s.compliant} compliant, ${s.nonCompliant} non-compliant)`,
    `${s.drift} drift`,
    ...(overdue > 0 ? [`${overdue} instance(s) past the patch deadline`] : []),
    posture.complete
      ? 'complete'
      : `INCOMPLETE (${posture.incompleteReasons.length} not observed; not a compliance verdict)`,
    ...(out ? [`written to ${out}`] : []),
  ].join(' · ');
}

/** The machine-readable summary printed by `--json`. */
export function postureJsonSummary(posture: PostureSection, files: readonly string[]) {
  return {
    exitCode: postureExitCode(posture),
    complete: posture.complete,
    partial: posture.partial,
    incompleteReasons: posture.incompleteReasons,
    collectedAt: posture.collectedAt,
    accounts: posture.accounts,
    regions: posture.regions,
    ...posture.summary,
    instancesPastPatchDeadline: instancesPastPatchDeadline(posture),
    citations: {
      compliant: posture.citations.filter((c) => c.observed === 'compliant').length,
      nonCompliant: posture.citations.filter((c) => c.observed === 'non-compliant').length,
      notObserved: posture.citations.filter((c) => c.observed === 'not-observed').length,
      drift: posture.citations.filter((c) => c.drift).map((c) => c.id),
    },
    gaps: posture.gaps,
    files,
  };
}
