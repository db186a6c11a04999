import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { diffReports, hasRegressions, renderDiffMarkdown } from '../compliance/diff';
import {
  ALL_REPORT_FORMATS,
  type ReportFormat,
  readReport,
  splitReportFormats,
  writeReport,
} from '../compliance/report/write-report';
import { registerPostureCommand } from '../posture/posture-command';
import { registerAttestCommand } from './attest-command';
import { registerDrillCommand } from './drill-command';

/** Exit codes of the `hipaa-baseline` CLI. */
export const EXIT = {
  /** Success; for `diff`, no regression. */
  OK: 0,
  /** `diff` found at least one compliance regression. */
  REGRESSION: 1,
  /**
   * Usage or configuration error: bad option, missing cloud assembly or report, or a report file that is
   * malformed or of an unknown `schemaVersion` (the message names the file and the field).
   */
  USAGE: 2,
} as const;

/** Where the CLI writes. Tests pass buffers; the binary passes the process streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const EXIT_CODES_HELP = `
Exit codes:
  0  success (diff: no regression; posture: all observed compliant)
  1  diff: at least one compliance regression; posture: non-compliant observations;
     attest check --strict: an administrative citation's attestation is expired or missing
  2  usage or configuration error (bad option, no cdk.out/compliance/report.json, or a report.json
     that is malformed or of an unknown schemaVersion: the message names the file and the field)
  3  posture: collection incomplete (partial results are still written)`;

function parseFormats(value: string): ReportFormat[] {
  const { formats, problem } = splitReportFormats(value);
  if (problem) throw new CommanderError(EXIT.USAGE, 'hipaa-baseline.format', problem);
  return formats;
}

/**
 * Runs the `hipaa-baseline` CLI with `argv` (without the node and script entries).
 *
 * @returns the exit code
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = new Command('hipaa-baseline')
    .description(
      'Compliance evidence for cdk-hipaa-baseline apps: regenerate reports, diff them in CI, collect live posture, drill incident response.',
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('report')
    .description('Regenerate the compliance report from an existing cloud assembly, without re-synthesizing.')
    .option('--cdk-out <dir>', 'cloud assembly directory written by cdk synth', 'cdk.out')
    .addOption(
      new Option('--format <list>', `comma-separated formats: ${ALL_REPORT_FORMATS.join(',')}`)
        .argParser(parseFormats)
        .default(ALL_REPORT_FORMATS, 'all'),
    )
    .option('--out <dir>', 'where to write the files (default: <cdk-out>/compliance)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action((opts: { cdkOut: string; format: ReportFormat[]; out?: string }) => {
      const report = readReport(path.join(opts.cdkOut, 'compliance'));
      const written = writeReport(report, opts.out ?? path.join(opts.cdkOut, 'compliance'), opts.format);
      io.stdout(`${written.join('\n')}\n`);
    });

  program
    .command('diff')
    .description(
      'List compliance regressions from BASE to HEAD as Markdown (for a PR comment); exit 1 on any.',
    )
    .argument('<base-cdk-out>', 'cloud assembly of the base branch')
    .argument('<head-cdk-out>', 'cloud assembly of the change')
    .addHelpText('after', EXIT_CODES_HELP)
    .action((baseDir: string, headDir: string) => {
      const diff = diffReports(
        readReport(path.join(baseDir, 'compliance')),
        readReport(path.join(headDir, 'compliance')),
      );
      io.stdout(renderDiffMarkdown(diff));
      exitCode = hasRegressions(diff) ? EXIT.REGRESSION : EXIT.OK;
    });

  registerAttestCommand(program, {
    stdout: io.stdout,
    stderr: io.stderr,
    setExitCode: (code: number) => {
      exitCode = code;
    },
  });
  registerPostureCommand(program, io, (code) => {
    exitCode = code;
  });
  registerDrillCommand(program, {
    stdout: io.stdout,
    stderr: io.stderr,
    setExitCode: (code: number) => {
      exitCode = code;
    },
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return EXIT.OK;
      if (error.code === 'hipaa-baseline.format') io.stderr(`error: ${error.message}\n`);
      return EXIT.USAGE;
    }
    io.stderr(`error: ${(error as Error).message}\n`);
    return EXIT.USAGE;
  }
}
