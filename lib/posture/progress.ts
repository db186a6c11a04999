import type { CollectionProgress } from './collector';
import type { TargetSummary } from './model';

/** How progress is shown on stderr: redrawn in place on a terminal, plain lines in CI logs, or not at all. */
export type ProgressMode = 'tty' | 'plain' | 'off';

/** Milliseconds between redraws of the terminal progress line. */
export const TTY_REDRAW_MS = 200;
/** Milliseconds between plain "still collecting" lines when nothing else was printed. */
export const PLAIN_HEARTBEAT_MS = 10_000;

/** Receives the collector's progress and prints it. */
export interface ProgressReporter {
  start(message: string): void;
  readonly update: ((progress: CollectionProgress) => void) | undefined;
  readonly targetDone: ((target: TargetSummary, progress: CollectionProgress) => void) | undefined;
  /** Clears the terminal line (tty) so the summary starts on a clean line. */
  end(): void;
}

const counts = (p: CollectionProgress) =>
  `${p.targetsDone}/${p.targetsTotal} account-regions · ${p.configResults} Config results · ${p.findings} findings · ${p.requests} requests`;

/**
 * A reporter writing to `write` (stderr). `tty`: one line redrawn in place with `\r` and ESC [ K, at most
 * every {@link TTY_REDRAW_MS}; `plain`: a start line, one line per finished account and region, and a
 * heartbeat line at most every {@link PLAIN_HEARTBEAT_MS} while pages arrive, so a CI log shows the run is
 * alive without a line per page.
 */
export function progressReporter(
  mode: ProgressMode,
  write: (text: string) => void,
  now: () => number = Date.now,
): ProgressReporter {
  if (mode === 'off') {
    return { start: () => undefined, update: undefined, targetDone: undefined, end: () => undefined };
  }
  if (mode === 'tty') {
    let last = 0;
    let drawn = false;
    const draw = (p: CollectionProgress, force = false) => {
      const t = now();
      if (!force && t - last < TTY_REDRAW_MS) return;
      last = t;
      drawn = true;
      write(`\r\x1b[Kposture: ${counts(p)}`);
    };
    return {
      start: (message) => write(`posture: ${message}\n`),
      update: (p) => draw(p),
      targetDone: (_target, p) => draw(p, true),
      end: () => {
        if (drawn) write('\r\x1b[K');
      },
    };
  }
  let last = now();
  return {
    start: (message) => write(`posture: ${message}\n`),
    update: (p) => {
      const t = now();
      if (t - last < PLAIN_HEARTBEAT_MS) return;
      last = t;
      write(`posture: still collecting · ${counts(p)}\n`);
    },
    targetDone: (target, p) => {
      last = now();
      write(
        `posture: ${target.account}/${target.region} done (${target.configResults} Config results, ${target.securityHubFindings} findings) · ${counts(p)}\n`,
      );
    },
    end: () => undefined,
  };
}
