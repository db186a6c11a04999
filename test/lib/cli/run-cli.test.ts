import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, runCli } from '../../../lib/cli/run-cli';
import {
  acknowledgedApp,
  brokenApp,
  compliantApp,
  type ReportFixture,
  synthFixture,
  WEAK_BUCKET_FINDINGS,
} from '../../helpers/report-fixtures';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

let compliant: ReportFixture;
let broken: ReportFixture;
let acknowledged: ReportFixture;

beforeAll(() => {
  compliant = synthFixture(compliantApp);
  broken = synthFixture(brokenApp);
  acknowledged = synthFixture(acknowledgedApp('2026-12-31'));
});

describe('hipaa-baseline report', () => {
  test('regenerates chosen formats from an existing cloud assembly without synthesizing', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-report-'));
    const { code, stdout } = await run(
      'report',
      '--cdk-out',
      compliant.outdir,
      '--format',
      'md,csv',
      '--out',
      out,
    );
    expect(code).toBe(EXIT.OK);
    expect(fs.readdirSync(out).sort()).toEqual(['findings.csv', 'report.md']);
    expect(stdout).toContain(path.join(out, 'report.md'));
    expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toBe(
      fs.readFileSync(path.join(compliant.complianceDir, 'report.md'), 'utf8'),
    );
  });

  test('exits 2 with a clear message for an unknown format or a missing report', async () => {
    const badFormat = await run('report', '--cdk-out', compliant.outdir, '--format', 'pdf');
    expect(badFormat.code).toBe(EXIT.USAGE);
    expect(badFormat.stderr).toMatch(/unknown format\(s\) pdf; choose from html,md,json,csv,sarif,oscal/);
    const missing = await run('report', '--cdk-out', '/nonexistent');
    expect(missing.code).toBe(EXIT.USAGE);
    expect(missing.stderr).toMatch(
      /No compliance report at \/nonexistent\/compliance\/report.json: run `npx cdk synth` first/,
    );
  });

  test('--help documents every command and the exit codes', async () => {
    for (const argv of [['--help'], ['report', '--help'], ['diff', '--help']]) {
      const { code, stdout } = await run(...argv);
      expect(code).toBe(EXIT.OK);
      expect(stdout).toMatch(/Exit codes:\n {2}0 {2}success/);
    }
  });
});

describe('hipaa-baseline diff', () => {
  test('no regression between identical assemblies: exit 0', async () => {
    const { code, stdout } = await run('diff', compliant.outdir, compliant.outdir);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toBe('### HIPAA compliance: no regressions\n');
  });

  test('new violations and worsened citations: exit 1 with a Markdown summary', async () => {
    const { code, stdout } = await run('diff', compliant.outdir, broken.outdir);
    expect(code).toBe(EXIT.REGRESSION);
    expect(stdout).toContain('#### New violations');
    expect(stdout).toContain('| HIPAA.Security-S3DefaultEncryptionKMS | Fixture/Weak/Resource | Fixture |');
    expect(stdout).toMatch(
      /#### Citations whose status worsened[\s\S]*\| 164\.312\(a\)\(2\)\(iv\) \| Encryption and decryption \| Met with exceptions \| Not met \|/,
    );
  });

  test('new acknowledgments are regressions too', async () => {
    const { code, stdout } = await run('diff', compliant.outdir, acknowledged.outdir);
    expect(code).toBe(EXIT.REGRESSION);
    expect(stdout).toContain(`#### New acknowledgments (${WEAK_BUCKET_FINDINGS.length})`);
    expect(stdout).toMatch(
      /\| HIPAA\.Security::HIPAA\.Security-S3DefaultEncryptionKMS \| Fixture\/Weak \| platform-team \| 2026-12-31 \|/,
    );
    expect(stdout).toContain('| TemplateEvidence::TemplateEvidence-S3BucketVersioning | Fixture/Weak |');
  });

  test('fixing findings or removing acknowledgments is not a regression', async () => {
    expect((await run('diff', broken.outdir, compliant.outdir)).code).toBe(EXIT.OK);
    expect((await run('diff', acknowledged.outdir, compliant.outdir)).code).toBe(EXIT.OK);
  });

  test('removing a control is a regression', async () => {
    const emptier = synthFixture(() => {});
    const { code, stdout } = await run('diff', compliant.outdir, emptier.outdir);
    expect(code).toBe(EXIT.REGRESSION);
    expect(stdout).toMatch(/#### Removed controls[\s\S]*Fixture\/Records \(PhiBucket\)/);
  });
});
