import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import writeFileAtomic from 'write-file-atomic';
import { isIsoDate, isoDay } from '../../constructs/core/calendar-date';
import { isPastDay } from '../compliance/catalog/sufficiency';
import {
  AttestationsFileError,
  DEFAULT_ATTESTATIONS_FILE,
  loadAttestations,
} from '../compliance/report/attestations';
import type { Attestation } from '../compliance/report/model';
import { attestableControls, renderAttestationsTemplate } from './attest-template';

/** Exit codes of `attest` (the CLI's general meaning: 0 fine, 1 findings, 2 usage or configuration error). */
export const ATTEST_EXIT = {
  OK: 0,
  /** `attest check --strict`: an administrative citation's attestation is expired or missing. */
  NOT_ATTESTED: 1,
  /** Bad option, an existing file `init` would overwrite, a missing or malformed attestations file. */
  USAGE: 2,
} as const;

/** Where `attest` writes and how it reports its exit code. */
export interface AttestIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly setExitCode: (code: number) => void;
}

/** State of one administrative citation's attestation on the check date. */
export type AttestationCheckState = 'current' | 'expired' | 'missing';

/** One line of `attest check`. */
export interface AttestationCheckRow {
  readonly citation: string;
  readonly title: string;
  readonly state: AttestationCheckState;
  readonly attestation?: Attestation;
}

/** The latest attestation of each administrative citation, judged on `now`. */
export function checkAttestations(attestations: readonly Attestation[], now: Date): AttestationCheckRow[] {
  return attestableControls().map((control) => {
    const latest = attestations
      .filter((a) => a.citation === control.id)
      .sort((a, b) => b.date.localeCompare(a.date))[0];
    const state: AttestationCheckState = !latest
      ? 'missing'
      : latest.expires && isPastDay(latest.expires, now)
        ? 'expired'
        : 'current';
    return { citation: control.id, title: control.title, state, ...(latest ? { attestation: latest } : {}) };
  });
}

function parseDay(value: string): Date {
  if (!isIsoDate(value))
    throw new Error(`--date must be a real date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return new Date(`${value}T12:00:00Z`);
}

/** Registers `hipaa-baseline attest init` and `hipaa-baseline attest check` on `program`. */
export function registerAttestCommand(program: Command, io: AttestIo): void {
  const attest = program
    .command('attest')
    .description('Write and check the attestations file for controls only a person can evidence.');

  attest
    .command('init')
    .description(
      'Write an attestations file with an entry for every administrative citation (164.308); every value is a placeholder that fails validation until filled in.',
    )
    .option('--file <path>', 'the attestations file', DEFAULT_ATTESTATIONS_FILE)
    .option('--force', 'overwrite an existing file', false)
    .action((opts: { file: string; force: boolean }) => {
      if (fs.existsSync(opts.file) && !opts.force) {
        io.stderr(`error: ${opts.file} already exists; edit it, or pass --force to overwrite it\n`);
        io.setExitCode(ATTEST_EXIT.USAGE);
        return;
      }
      fs.mkdirSync(path.dirname(path.resolve(opts.file)), { recursive: true });
      // Atomic: a failed write leaves the previous file (or none), never half a template.
      writeFileAtomic.sync(opts.file, renderAttestationsTemplate());
      io.stdout(
        `${opts.file}: ${attestableControls().length} entries to fill in (replace every "FILL IN:" value, or delete the entry)\n`,
      );
    });

  attest
    .command('check')
    .description(
      'Validate the attestations file and list each administrative citation as current, expired or missing.',
    )
    .option('--file <path>', 'the attestations file', DEFAULT_ATTESTATIONS_FILE)
    .option('--date <YYYY-MM-DD>', 'judge as of this day (default: today)')
    .option('--strict', 'exit 1 when any administrative citation is expired or missing', false)
    .action((opts: { file: string; date?: string; strict: boolean }) => {
      const now = opts.date ? parseDay(opts.date) : new Date();
      if (!fs.existsSync(opts.file)) {
        io.stderr(`error: ${opts.file} does not exist; run \`hipaa-baseline attest init\` to create it\n`);
        io.setExitCode(ATTEST_EXIT.USAGE);
        return;
      }
      let attestations: Attestation[];
      try {
        attestations = loadAttestations(opts.file, { now });
      } catch (error) {
        if (!(error instanceof AttestationsFileError)) throw error;
        io.stderr(`error: ${error.message}\n`);
        io.setExitCode(ATTEST_EXIT.USAGE);
        return;
      }
      const rows = checkAttestations(attestations, now);
      for (const row of rows) {
        const detail = row.attestation
          ? ` — ${row.attestation.owner}, ${row.attestation.date}, expires ${row.attestation.expires} (${row.attestation.source})`
          : '';
        io.stdout(`${row.state.padEnd(8)} ${row.citation} ${row.title}${detail}\n`);
      }
      const outstanding = rows.filter((r) => r.state !== 'current');
      io.stdout(
        `${rows.length - outstanding.length} of ${rows.length} administrative citations attested and current on ${isoDay(now)}\n`,
      );
      if (opts.strict && outstanding.length > 0) {
        io.stderr(
          `error: --strict: ${outstanding.length} administrative citation(s) expired or missing: ${outstanding.map((r) => `${r.citation} (${r.state})`).join(', ')}\n`,
        );
        io.setExitCode(ATTEST_EXIT.NOT_ATTESTED);
      }
    });
}
