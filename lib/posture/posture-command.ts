import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CliIo } from '../cli/run-cli';
import { ALL_REPORT_FORMATS, type ReportFormat, splitReportFormats } from '../compliance/report/write-report';
import { ROLE_ARN_PATTERN } from './accounts';
import { DEFAULT_DEADLINE_SECONDS, DEFAULT_TIMEOUT_MS } from './clients';
import { DEFAULT_CONCURRENCY } from './collector';
import { POSTURE_READ_ACTIONS } from './permissions';
import { DEFAULT_RECOVERY_OBJECTIVE_HOURS, MAX_RECOVERY_OBJECTIVE_HOURS } from './recovery-checks';
import { type PostureDeps, runPosture } from './run-posture';
import { POSTURE_EXIT } from './write-posture';

/** Where posture files go unless `--out` says otherwise. */
export const DEFAULT_POSTURE_OUT = 'cdk.out/posture';
/** Most requests in flight `--concurrency` accepts. */
export const MAX_CONCURRENCY = 64;
/** Longest `--deadline` accepted, in seconds: one hour (the assumed-role session length). */
export const MAX_DEADLINE_SECONDS = 3600;

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const PACK_PATTERN = /^[a-zA-Z][-a-zA-Z0-9]{0,255}$/;

const POSTURE_HELP = `
Exit codes:
  0  every observed evaluation is compliant and the collection is complete
  1  at least one non-compliant observation (Config rule result, failed Security Hub control, a restore
     failed, over --recovery-objective-hours or missing in the last 35 days, or an instance missing a
     critical patch released over 15 days ago or a high/security one over 30 days ago, a patch whose release
     date is unknown (not proven), a failed install, or no patch scan within 15 days)
  2  usage or configuration error (bad option; --from report missing, malformed or of an unknown schemaVersion)
  3  collection incomplete (takes precedence over 1): something could not be collected, nothing was observed
     (no Config recorder, no Security Hub standard, no conformance-pack result), or --deadline was reached;
     every output is still written and labelled INCOMPLETE, and posture.json has "complete": false

IAM permissions (grant on Resource "*"):
  ${POSTURE_READ_ACTIONS.join('\n  ')}
  with --role-arn, the caller also needs sts:AssumeRole on each role.`;

const collect =
  (pattern: RegExp, what: string) =>
  (value: string, previous: string[] = []): string[] => {
    if (!pattern.test(value)) throw new InvalidArgumentError(`not ${what}`);
    return [...previous, value];
  };

const integer = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
  }
  return n;
};

function parseFormats(value: string): ReportFormat[] {
  const { formats, problem } = splitReportFormats(value);
  if (problem) throw new InvalidArgumentError(problem);
  return formats;
}

function parseUrl(value: string): string {
  if (!/^https?:\/\/[^\s/]+/.test(value)) throw new InvalidArgumentError('must be an http(s) URL');
  return value;
}

interface PostureFlags {
  region?: string[];
  profile?: string;
  roleArn?: string[];
  conformancePack?: string[];
  from?: string;
  out: string;
  format: ReportFormat[];
  json?: boolean;
  endpointUrl?: string;
  timeoutMs: number;
  concurrency: number;
  deadline: number;
  recoveryObjectiveHours: number;
}

/**
 * Adds `posture` to a `hipaa-baseline` program: collects what AWS Config conformance packs and Security Hub
 * observe in the deployed accounts, merges it with the synthesized report (`--from`), writes the report
 * formats plus `posture.json`, and reports the exit code through `setExitCode`.
 *
 * @param deps injected credentials and settings for tests; production passes none
 */
export function registerPostureCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
  deps: PostureDeps = {},
): void {
  program
    .command('posture')
    .description(
      'Collect the live HIPAA posture from AWS Config, Security Hub, AWS Backup restore jobs and Patch Manager, merge it with the synthesized report, and list drift first.',
    )
    .option(
      '--region <region>',
      'region to collect from (repeatable; default: AWS_REGION)',
      collect(REGION_PATTERN, 'a region name such as us-east-1'),
    )
    .option('--profile <name>', 'named AWS profile (default: the SDK default credential chain)')
    .option(
      '--role-arn <arn>',
      'role to assume per account with sts:AssumeRole (repeatable)',
      collect(ROLE_ARN_PATTERN, 'an IAM role ARN'),
    )
    .option(
      '--conformance-pack <name>',
      'AWS Config conformance pack to read (repeatable; default: every deployed pack)',
      collect(PACK_PATTERN, 'a conformance pack name'),
    )
    .option('--from <cdk-out>', 'cloud assembly whose compliance/report.json is the intended posture')
    .option('--out <dir>', 'where to write the files', DEFAULT_POSTURE_OUT)
    .addOption(
      new Option('--format <list>', `comma-separated formats: ${ALL_REPORT_FORMATS.join(',')}`)
        .argParser(parseFormats)
        .default(ALL_REPORT_FORMATS, 'all'),
    )
    .option('--json', 'print a machine-readable summary on stdout (for CI)')
    .option('--endpoint-url <url>', 'send every AWS request to this URL (tests, local emulators)', parseUrl)
    .option(
      '--timeout-ms <ms>',
      'connection and request timeout of one HTTP attempt',
      integer(100, 600_000),
      DEFAULT_TIMEOUT_MS,
    )
    .option(
      '--deadline <seconds>',
      'seconds the whole run may take; at the deadline every call is aborted and what arrived is written, labelled incomplete (exit 3)',
      integer(1, MAX_DEADLINE_SECONDS),
      DEFAULT_DEADLINE_SECONDS,
    )
    .option(
      '--concurrency <n>',
      'requests in flight at once, across accounts and regions',
      integer(1, MAX_CONCURRENCY),
      DEFAULT_CONCURRENCY,
    )
    .option(
      '--recovery-objective-hours <hours>',
      `hours the latest restore of each resource type may have taken (AWS Backup restore jobs); at most the proposed rule's ${MAX_RECOVERY_OBJECTIVE_HOURS}`,
      integer(1, MAX_RECOVERY_OBJECTIVE_HOURS),
      DEFAULT_RECOVERY_OBJECTIVE_HOURS,
    )
    .addHelpText('after', POSTURE_HELP)
    .action(async (flags: PostureFlags) => {
      const envRegion = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
      const regions = flags.region ?? (envRegion ? [envRegion] : []);
      if (regions.length === 0) {
        io.stderr('error: no region: pass --region (repeatable) or set AWS_REGION\n');
        setExitCode(POSTURE_EXIT.USAGE);
        return;
      }
      const code = await runPosture(
        {
          regions: [...new Set(regions)],
          profile: flags.profile,
          roleArns: [...new Set(flags.roleArn ?? [])],
          conformancePacks: flags.conformancePack,
          from: flags.from,
          out: flags.out,
          formats: flags.format,
          json: flags.json === true,
          endpointUrl: flags.endpointUrl,
          timeoutMs: flags.timeoutMs,
          concurrency: flags.concurrency,
          deadlineSeconds: flags.deadline,
          recoveryObjectiveHours: flags.recoveryObjectiveHours,
        },
        io,
        deps,
      );
      setExitCode(code);
    });
}
