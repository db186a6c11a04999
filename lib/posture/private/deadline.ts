/**
 * The overall deadline of a posture collection: one AbortSignal that every AWS call receives, aborted when
 * the deadline passes (or when the caller's own signal aborts), so a silent endpoint cannot hold the run.
 */

/** The abort reason when the deadline passes; errors carry it as `cause`, and gaps read it. */
export class DeadlineExceededError extends Error {
  public override readonly name = 'DeadlineExceeded';

  constructor(public readonly deadlineMs: number) {
    super(`the overall deadline of ${formatSeconds(deadlineMs)} was reached`);
  }
}

/** A running deadline. */
export interface Deadline {
  /** Aborted when the deadline passes or the parent signal aborts. */
  readonly signal: AbortSignal;
  /** True once the deadline itself (not the parent) aborted the signal. */
  readonly expired: boolean;
  /** Resolves when the signal aborts (never rejects). */
  readonly aborted: Promise<void>;
  /** Stops the timer once the work is done. */
  clear(): void;
}

/**
 * Starts a deadline of `ms` milliseconds (none when undefined), linked to `parent`. The timer is unref'd so
 * that it never keeps the process alive on its own.
 */
export function startDeadline(ms: number | undefined, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  let resolveAborted: () => void = () => undefined;
  const aborted = new Promise<void>((resolve) => {
    resolveAborted = resolve;
  });
  controller.signal.addEventListener('abort', () => resolveAborted(), { once: true });
  const timer =
    ms === undefined
      ? undefined
      : setTimeout(() => {
          expired = true;
          controller.abort(new DeadlineExceededError(ms));
        }, ms);
  timer?.unref();
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    aborted,
    clear: () => {
      if (timer) clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}

/** True when `error` (or its cause) is the deadline's abort. */
export function isDeadlineError(error: unknown): boolean {
  const e = error as { name?: string; cause?: { name?: string } } | undefined;
  return e?.name === 'DeadlineExceeded' || e?.cause?.name === 'DeadlineExceeded';
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
