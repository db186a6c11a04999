import * as path from 'node:path';
import type { CliIo } from '../cli/run-cli';
import type { ComplianceReport } from '../compliance/report/model';
import { type ReportFormat, readReport } from '../compliance/report/write-report';
import { DEFAULT_DEADLINE_SECONDS, type PostureCredentials } from './clients';
import { collectPosture } from './collector';
import { type CitationMap, DEFAULT_CITATION_MAP } from './config-rule-citations';
import { buildPostureReport } from './merge';
import type { PostureReport } from './model';
import { type ProgressMode, progressReporter } from './progress';
import {
  POSTURE_EXIT,
  postureExitCode,
  postureJsonSummary,
  postureSummaryLine,
  writePostureReport,
} from './write-posture';

/** Options of one `hipaa-baseline posture` run, as parsed from the command line. */
export interface PostureRunOptions {
  readonly regions: readonly string[];
  readonly profile?: string;
  readonly roleArns: readonly string[];
  readonly conformancePacks?: readonly string[];
  /** A cloud assembly whose `compliance/report.json` is the intended posture. */
  readonly from?: string;
  readonly out: string;
  readonly formats: readonly ReportFormat[];
  readonly json: boolean;
  readonly endpointUrl?: string;
  readonly timeoutMs: number;
  readonly concurrency: number;
  /**
   * Seconds the whole collection may take before it stops, labelled incomplete.
   * @default DEFAULT_DEADLINE_SECONDS - a silent endpoint cannot hold the run (or a CI job) indefinitely
   */
  readonly deadlineSeconds?: number;
  /**
   * Hours a restore may take (1 to 72).
   * @default DEFAULT_RECOVERY_OBJECTIVE_HOURS - the proposed rule's 72-hour restore (164.308(a)(7)(ii)(B))
   */
  readonly recoveryObjectiveHours?: number;
}

/** What tests (and embedding programs) may inject. */
export interface PostureDeps {
  /** Base credentials instead of `--profile` or the default chain. */
  readonly credentials?: PostureCredentials;
  /** Attempts per request. */
  readonly maxAttempts?: number;
  /**
   * Progress on stderr: `tty` (or true) one line redrawn in place, `plain` one line per event (CI logs),
   * `off` (or false) none.
   * @default - `tty` when stderr is a terminal, else `plain`
   */
  readonly progress?: boolean | ProgressMode;
  readonly now?: () => Date;
  readonly citationMap?: CitationMap;
  /** Receives the built report (tests). */
  readonly onReport?: (report: PostureReport) => void;
}

/**
 * Collects, merges, writes and summarizes the live posture, and returns the exit code: 0 all observed
 * compliant, 1 non-compliant observations, 2 usage or configuration error (including an unreadable or
 * unsupported `--from` report), 3 incomplete (something not collected, nothing observed, or `--deadline`
 * reached).
 */
export async function runPosture(
  options: PostureRunOptions,
  io: CliIo,
  deps: PostureDeps = {},
): Promise<number> {
  let intended: ComplianceReport | undefined;
  const intendedFrom = options.from ? path.join(options.from, 'compliance', 'report.json') : undefined;
  if (options.from) {
    try {
      // Fails closed: a missing, non-JSON, unknown-schemaVersion or schema-invalid report names file and field.
      intended = readReport(path.join(options.from, 'compliance'));
    } catch (error) {
      io.stderr(`error: ${(error as Error).message}\n`);
      return POSTURE_EXIT.USAGE;
    }
  }
  const mode: ProgressMode =
    deps.progress === true
      ? 'tty'
      : deps.progress === false
        ? 'off'
        : (deps.progress ?? (process.stderr.isTTY === true ? 'tty' : 'plain'));
  const progress = progressReporter(mode, io.stderr);
  const deadlineSeconds = options.deadlineSeconds ?? DEFAULT_DEADLINE_SECONDS;
  progress.start(
    `collecting ${options.regions.length} region(s) in ${options.roleArns.length > 0 ? `${options.roleArns.length} account(s)` : "the caller's account"}; deadline ${deadlineSeconds} s`,
  );

  const collection = await collectPosture({
    regions: options.regions,
    roleArns: options.roleArns,
    credentials: deps.credentials,
    profile: options.profile,
    endpoint: options.endpointUrl,
    timeoutMs: options.timeoutMs,
    maxAttempts: deps.maxAttempts,
    concurrency: options.concurrency,
    conformancePacks: options.conformancePacks,
    attribute: intended !== undefined,
    citationMap: deps.citationMap,
    onProgress: progress.update,
    onTargetDone: progress.targetDone,
    deadlineMs: deadlineSeconds * 1000,
    now: deps.now,
    recoveryObjectiveHours: options.recoveryObjectiveHours,
  });
  progress.end();
  const posture = buildPostureReport({
    collection,
    intended,
    intendedFrom,
    citationMapping: (deps.citationMap ?? DEFAULT_CITATION_MAP).description,
  });
  deps.onReport?.(posture);
  for (const gap of posture.posture.gaps) io.stderr(`posture: ${gap.message}\n`);
  let files: string[];
  try {
    files = writePostureReport(posture, options.out, options.formats);
  } catch (error) {
    io.stderr(`error: cannot write ${options.out}: ${(error as Error).message}\n`);
    return POSTURE_EXIT.USAGE;
  }
  const line = `${postureSummaryLine(posture.posture, options.out)}\n`;
  if (options.json) {
    io.stdout(`${JSON.stringify(postureJsonSummary(posture.posture, files))}\n`);
    io.stderr(line);
  } else {
    io.stdout(line);
  }
  return postureExitCode(posture.posture);
}
