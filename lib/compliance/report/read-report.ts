import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ComplianceReport } from './model';

/** The report schema versions this toolkit reads. */
export const SUPPORTED_REPORT_SCHEMA_VERSIONS: readonly string[] = ['1.0'];

/** Problems listed per file before the rest are summarized. */
const MAX_LISTED_PROBLEMS = 10;

/** Thrown when a report file cannot be used: it names the file and every bad field. */
export class ReportFileError extends Error {
  /** The file that was read. */
  public readonly file: string;
  /** One line per problem, each starting with the field (a JSON pointer, `/` for the whole file). */
  public readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[]) {
    super(`${file} is not a usable compliance report:\n- ${problems.join('\n- ')}`);
    this.name = 'ReportFileError';
    this.file = file;
    this.problems = problems;
  }
}

let validator: ValidateFunction | undefined;

function reportValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(
      fs.readFileSync(path.join(__dirname, 'schemas', 'report.schema.json'), 'utf8'),
    ) as object;
    validator = addFormats(new Ajv({ allErrors: true, strict: false })).compile(schema);
  }
  return validator;
}

/**
 * Parses and validates the text of a `report.json`. The schema version is checked first, so a report
 * from another version is named as such rather than as a list of mismatched fields.
 *
 * @throws ReportFileError naming `file` and each bad field
 */
export function parseReportFile(file: string, text: string): ComplianceReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportFileError(file, [`/: not valid JSON (${(error as Error).message})`]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ReportFileError(file, ['/: must be a JSON object']);
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'string' || !SUPPORTED_REPORT_SCHEMA_VERSIONS.includes(version)) {
    throw new ReportFileError(file, [
      `/schemaVersion: ${version === undefined ? 'is missing' : `${JSON.stringify(version)} is not supported`}; this toolkit reads ${SUPPORTED_REPORT_SCHEMA_VERSIONS.map((v) => `"${v}"`).join(', ')} (regenerate the report with this version)`,
    ]);
  }
  const validate = reportValidator();
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((e) => {
      const field = e.instancePath || '/';
      const extra =
        e.keyword === 'additionalProperties'
          ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
          : '';
      return `${field}: ${e.message ?? 'is invalid'}${extra}`;
    });
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    if (problems.length > listed.length) listed.push(`… and ${problems.length - listed.length} more`);
    throw new ReportFileError(file, listed);
  }
  return value as ComplianceReport;
}
