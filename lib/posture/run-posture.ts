import * as path from 'node:path';
import type { CliIo } from '../cli/run-cli';
import type { ComplianceReport } from '../compliance/report/model';
import { type ReportFormat, readReport } from '../compliance/report/write-report';
import type { PostureCredentials } from './clients';
import { type CollectionProgress, collectPosture } from './collector';
import { type CitationMap, DEFAULT_CITATION_MAP } from './config-rule-citations';
import { buildPostureReport } from './merge';
import type { PostureReport } from './model';
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
}

/** What tests (and embedding programs) may inject. */
export interface PostureDeps {
  /** Base credentials instead of `--profile` or the default chain. */
  readonly credentials?: PostureCredentials;
  /** Attempts per request. */
  readonly maxAttempts?: number;
  /** Show progress on stderr; default: when stderr is a terminal. */
  readonly progress?: boolean;
  readonly now?: () => Date;
  readonly citationMap?: CitationMap;
  /** Receives the built report (tests). */
  readonly onReport?: (report: PostureReport) => void;
}

/** Milliseconds between progress-line redraws. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * Collects, merges, writes and summarizes the live posture, and returns the exit code: 0 all observed
 * compliant, 1 non-compliant observations, 2 usage or configuration error, 3 collection incomplete.
 */
export async function runPosture(
  options: PostureRunOptions,
  io: CliIo,
  deps: PostureDeps = {},
): Promise<number> {
  let intended: ComplianceReport | undefined;
  if (options.from) {
    try {
      intended = readReport(path.join(options.from, 'compliance'));
    } catch (error) {
      io.stderr(`error: ${(error as Error).message}\n`);
      return POSTURE_EXIT.USAGE;
    }
  }
  const showProgress = deps.progress ?? process.stderr.isTTY === true;
  let lastDraw = 0;
  const onProgress = showProgress
    ? (p: CollectionProgress) => {
        const now = Date.now();
        if (now - lastDraw < PROGRESS_INTERVAL_MS) return;
        lastDraw = now;
        io.stderr(
          `\r\x1b[Kposture: ${p.targetsDone}/${p.targetsTotal} account-regions · ${p.configResults} Config results · ${p.findings} findings · ${p.requests} requests`,
        );
      }
    : undefined;

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
    onProgress,
    now: deps.now,
  });
  if (showProgress) io.stderr('\r\x1b[K');
  const posture = buildPostureReport({
    collection,
    intended,
    intendedFrom: options.from ? path.join(options.from, 'compliance', 'report.json') : undefined,
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
