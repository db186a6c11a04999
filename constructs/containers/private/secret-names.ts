/**
 * Words that, as one segment of an environment variable name, say the value is a secret. Shared by
 * PhiFargateService (synth error) and the EcsTaskDefinitionHardening template rule, so the two cannot
 * disagree on what looks like a secret.
 */
const SECRET_WORDS: ReadonlySet<string> = new Set([
  'PASSWORD',
  'PASSWD',
  'PWD',
  'PASSPHRASE',
  'SECRET',
  'TOKEN',
  'KEY',
  'APIKEY',
  'ACCESSKEY',
  'PRIVATEKEY',
  'CREDENTIAL',
  'CREDENTIALS',
]);

/** Words that, ending the name, make it a reference to a secret rather than the secret itself. */
const REFERENCE_SUFFIXES: ReadonlySet<string> = new Set([
  'ARN',
  'ID',
  'ALIAS',
  'NAME',
  'URL',
  'URI',
  'ENDPOINT',
  'PATH',
  'FILE',
  'REGION',
]);

/** Substrings that mark a secret even inside one word (`DBPASSWORD`, `GITHUBTOKEN`). */
const SECRET_SUBSTRINGS = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|APIKEY|PRIVATEKEY/;

/** The upper-case segments of a name: split at `_`, `-`, `.` and camelCase boundaries. */
function segments(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((s) => s !== '');
}

/**
 * True when an environment variable name looks like it holds a secret: a segment such as `PASSWORD`,
 * `SECRET`, `TOKEN`, `KEY` or `CREDENTIALS` (`DB_PASSWORD`, `apiKey`, `STRIPE_SECRET_KEY`), unless the
 * name ends in a reference word (`KMS_KEY_ARN`, `SECRET_ID`, `TOKEN_URL`): those name a secret, they do
 * not hold one.
 */
export function looksLikeSecretName(name: string): boolean {
  const parts = segments(name);
  // A lone PWD is the shell's working directory, not a password.
  if (parts.length === 0 || name === 'PWD') return false;
  if (parts.length > 1 && REFERENCE_SUFFIXES.has(parts[parts.length - 1] as string)) return false;
  return parts.some((p) => SECRET_WORDS.has(p) || SECRET_SUBSTRINGS.test(p));
}
