import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ComplianceReport } from './model';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';
import { renderOscal } from './render-oscal';
import { renderSarif } from './render-sarif';

/** The formats the report can be written in, and their file names. */
export const REPORT_FORMATS = {
  html: 'report.html',
  md: 'report.md',
  json: 'report.json',
  csv: 'findings.csv',
  sarif: 'findings.sarif',
  oscal: 'assessment-results.json',
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
};

/** Writes the report in `formats` into `dir` (created if needed) and returns the paths written. */
export function writeReport(
  report: ComplianceReport,
  dir: string,
  formats: readonly ReportFormat[] = ALL_REPORT_FORMATS,
): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return formats.map((format) => {
    const file = path.join(dir, REPORT_FORMATS[format]);
    fs.writeFileSync(file, RENDERERS[format](report));
    return file;
  });
}

/** Reads a report written by {@link writeReport}. */
export function readReport(dir: string): ComplianceReport {
  const file = path.join(dir, REPORT_FORMATS.json);
  if (!fs.existsSync(file)) {
    throw new Error(
      `No compliance report at ${file}: run \`npx cdk synth\` first (it writes cdk.out/compliance/).`,
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ComplianceReport;
}
