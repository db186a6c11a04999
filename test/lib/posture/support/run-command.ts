import { Command, CommanderError } from 'commander';
import { registerPostureCommand } from '../../../../lib/posture/posture-command';
import type { PostureDeps } from '../../../../lib/posture/run-posture';

/** Static test credentials: the loopback server and the mocks accept anything. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDPOSTURETEST', secretAccessKey: 'not-a-secret' };

/**
 * Runs `hipaa-baseline posture <argv>` on a fresh commander program, the way `runCli` does (commander
 * errors are usage errors, exit 2), and returns the exit code and what was written.
 */
export async function runPostureCommand(argv: readonly string[], deps: PostureDeps = {}) {
  let stdout = '';
  let stderr = '';
  let code = -1;
  const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
  const program = new Command('hipaa-baseline')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerPostureCommand(program, io, (c) => (code = c), {
    credentials: TEST_CREDENTIALS,
    progress: false,
    ...deps,
  });
  try {
    await program.parseAsync(['posture', ...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode === 0 || error.code === 'commander.helpDisplayed' ? 0 : 2;
  }
  return { code, stdout, stderr };
}
