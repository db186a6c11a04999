import * as fs from 'node:fs';
import * as path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { ComplianceReport } from './model';
import { parseReportFile } from './read-report';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderInventoryJson, renderNetworkMapFile } from './render-inventory';
import { renderMarkdown } from './render-markdown';
import { OSCAL_PLAN_FILE, renderOscal, renderOscalPlan } from './render-oscal';
import { renderSarif } from './render-sarif';

/** The formats the report can be written in, and their file names. */
export const REPORT_FORMATS = {
  html: 'report.html',
  md: 'report.md',
  json: 'report.json',
  csv: 'findings.csv',
  sarif: 'findings.sarif',
  oscal: 'assessment-results.json',
  'oscal-plan': OSCAL_PLAN_FILE,
  inventory: 'inventory.json',
  'network-map': 'network-map.mmd',
} as const;

/** A report format name. */
export type ReportFormat = keyof typeof REPORT_FORMATS;

/** Every format, in the order they are written. */
export const ALL_REPORT_FORMATS = Object.keys(REPORT_FORMATS) as ReportFormat[];

/**
 * Reads a comma-separated `--format` list; `problem` says which entries are unknown (or that the list is
 * empty), for the CLI to report as a usage error.
 */
export function splitReportFormats(value: string): { formats: ReportFormat[]; problem?: string } {
  const formats = value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = formats.filter((f) => !(ALL_REPORT_FORMATS as string[]).includes(f));
  if (unknown.length > 0 || formats.length === 0) {
    return {
      formats: [],
      problem: `unknown format(s) ${unknown.join(', ') || '(none)'}; choose from ${ALL_REPORT_FORMATS.join(',')}`,
    };
  }
  return { formats: formats as ReportFormat[] };
}

const RENDERERS: Readonly<Record<ReportFormat, (report: ComplianceReport) => string>> = {
  html: renderHtml,
  md: renderMarkdown,
  json: (r) => `${JSON.stringify(r, null, 2)}\n`,
  csv: renderCsv,
  sarif: (r) => `${JSON.stringify(renderSarif(r), null, 2)}\n`,
  oscal: (r) => `${JSON.stringify(renderOscal(r), null, 2)}\n`,
  'oscal-plan': (r) => `${JSON.stringify(renderOscalPlan(r), null, 2)}\n`,
  inventory: (r) => `${JSON.stringify(renderInventoryJson(r), null, 2)}\n`,
  'network-map': renderNetworkMapFile,
};

/** Renders `report` in one `format`, as {@link writeReport} writes it (the posture labels its own copies). */
export function renderReportFormat(report: ComplianceReport, format: ReportFormat): string {
  return RENDERERS[format](report);
}

/**
 * Writes `text` to `file` atomically: into a temporary file beside it, flushed, then renamed over it. A
 * failed write (full disk, killed process) leaves the previous file, or none, never a truncated one; the
 * temporary file is removed. Every file the CLI and the report plugin write goes through here.
 */
export function writeFileAtomically(file: string, text: string): void {
  writeFileAtomic.sync(file, text, { encoding: 'utf8' });
}

/**
 * Writes the report in `formats` into `dir` (created if needed) and returns the paths written. Every
 * format is rendered before the first file is written, and each file is written atomically.
 */
export function writeReport(
  report: ComplianceReport,
  dir: string,
  formats: readonly ReportFormat[] = ALL_REPORT_FORMATS,
): string[] {
  const rendered = formats.map((format) => ({
    file: path.join(dir, REPORT_FORMATS[format]),
    text: RENDERERS[format](report),
  }));
  fs.mkdirSync(dir, { recursive: true });
  for (const { file, text } of rendered) writeFileAtomically(file, text);
  return rendered.map(({ file }) => file);
}

/**
 * Reads and validates a report written by {@link writeReport}.
 *
 * @throws ReportFileError naming the file and the field when it is missing, not JSON, of an unknown
 *   `schemaVersion` or not valid against `schemas/report.schema.json`
 */
export function readReport(dir: string): ComplianceReport {
  const file = path.join(dir, REPORT_FORMATS.json);
  if (!fs.existsSync(file)) {
    throw new Error(
      `No compliance report at ${file}: run \`npx cdk synth\` first (it writes cdk.out/compliance/).`,
    );
  }
  return parseReportFile(file, fs.readFileSync(file, 'utf8'));
}
