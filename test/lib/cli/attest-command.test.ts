import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { attestableControls } from '../../../lib/cli/attest-template';
import { runCli } from '../../../lib/cli/run-cli';
import { HIPAA_CONTROLS } from '../../../lib/compliance/catalog/controls';
import { AttestationsFileError, loadAttestations } from '../../../lib/compliance/report/attestations';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const tmpFile = () =>
  path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'attest-cli-')), 'compliance', 'attestations.yaml');
const ADMINISTRATIVE = HIPAA_CONTROLS.filter((c) => c.safeguard === 'administrative').map((c) => c.id);

describe('hipaa-baseline attest init', () => {
  test('writes an entry for every administrative citation of the catalog', async () => {
    const file = tmpFile();
    const result = await run('attest', 'init', '--file', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${file}: ${ADMINISTRATIVE.length} entries to fill in`);
    const written = parse(fs.readFileSync(file, 'utf8')) as { attestations: { citation: string }[] };
    expect(written.attestations.map((a) => a.citation)).toEqual(ADMINISTRATIVE);
    expect(ADMINISTRATIVE.length).toBeGreaterThan(15);
    expect(attestableControls().map((c) => c.id)).toEqual(ADMINISTRATIVE);
  });

  test('the untouched template fails validation for every entry and field, so nothing counts as attested', async () => {
    const file = tmpFile();
    await run('attest', 'init', '--file', file);
    let error: AttestationsFileError | undefined;
    try {
      loadAttestations(file);
    } catch (e) {
      error = e as AttestationsFileError;
    }
    expect(error).toBeInstanceOf(AttestationsFileError);
    const lines = error?.message.split('\n').slice(1) ?? [];
    expect(lines).toHaveLength(ADMINISTRATIVE.length * 4);
    expect(error?.message).toContain(
      `${file}:9: attestations[0] (164.308(a)(1)(i)) statement: is still a placeholder from the template`,
    );
    for (const field of ['statement', 'owner', 'evidence', 'date'])
      expect(error?.message).toMatch(
        new RegExp(`attestations\\[\\d+\\] \\(164\\.308\\(b\\)\\(1\\)\\) ${field}: is still a placeholder`),
      );
  });

  test('refuses to overwrite an existing file without --force', async () => {
    const file = tmpFile();
    await run('attest', 'init', '--file', file);
    fs.writeFileSync(file, 'attestations: []\n');
    const refused = await run('attest', 'init', '--file', file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists; edit it, or pass --force/);
    expect(fs.readFileSync(file, 'utf8')).toBe('attestations: []\n');
    expect((await run('attest', 'init', '--file', file, '--force')).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/FILL IN:/);
  });
});

describe('hipaa-baseline attest check', () => {
  const attested = (citation: string, date: string) => `  - citation: "${citation}"
    statement: The policy for this safeguard was reviewed and approved by the security officer.
    owner: Security Officer
    evidence: https://wiki.example.org/policies/${citation}
    date: ${date}
`;

  function fileWith(entries: string): string {
    const file = tmpFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `attestations:\n${entries}`);
    return file;
  }

  test('--strict fails when an attestation has expired; without it the check only reports', async () => {
    // 2026-05-01: current on 2026-06-15 even for the 90-day interval of activity review.
    const all = ADMINISTRATIVE.map((c) => attested(c, '2026-05-01')).join('');
    const current = fileWith(all);
    expect((await run('attest', 'check', '--file', current, '--date', '2026-06-15', '--strict')).code).toBe(
      0,
    );

    const expired = fileWith(all.replace('date: 2026-05-01', 'date: 2025-01-10'));
    const strict = await run('attest', 'check', '--file', expired, '--date', '2026-06-15', '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(
      /^expired +164\.308\(a\)\(1\)\(i\) Security management process — Security Officer, 2025-01-10, expires 2026-01-10/m,
    );
    expect(strict.stderr).toMatch(
      /--strict: 1 administrative citation\(s\) expired or missing: 164\.308\(a\)\(1\)\(i\) \(expired\)/,
    );
    const lenient = await run('attest', 'check', '--file', expired, '--date', '2026-06-15');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain(
      `${ADMINISTRATIVE.length - 1} of ${ADMINISTRATIVE.length} administrative citations attested`,
    );
  });

  test('--strict fails on a missing attestation', async () => {
    const file = fileWith(attested('164.308(b)(1)', '2026-03-01'));
    const result = await run('attest', 'check', '--file', file, '--date', '2026-06-15', '--strict');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^missing +164\.308\(a\)\(1\)\(i\)/m);
    expect(result.stdout).toMatch(/^current +164\.308\(b\)\(1\)/m);
  });

  test('exits 2 naming file, entry and field for a future or impossible date', async () => {
    const file = fileWith(
      attested('164.308(b)(1)', '2099-01-01') + attested('164.308(a)(5)(i)', '2025-02-30'),
    );
    const result = await run('attest', 'check', '--file', file, '--date', '2026-06-15');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${file}:6: attestations[0] (164.308(b)(1)) date: must not be in the future`,
    );
    expect(result.stderr).toContain(
      `${file}:11: attestations[1] (164.308(a)(5)(i)) date: must be a real calendar date`,
    );
  });

  test('exits 2 when the file is missing or --date is not a date', async () => {
    const missing = await run('attest', 'check', '--file', '/nonexistent/attestations.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist; run `hipaa-baseline attest init`/);
    const file = fileWith(attested('164.308(b)(1)', '2026-03-01'));
    const badDate = await run('attest', 'check', '--file', file, '--date', '2026-02-30');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/--date must be a real date/);
  });
});
