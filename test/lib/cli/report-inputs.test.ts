import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { EXIT, runCli } from '../../../lib/cli/run-cli';
import { EvaluationLog } from '../../../lib/compliance/evaluation-log';
import { buildReport } from '../../../lib/compliance/report/build-report';
import { writeReport } from '../../../lib/compliance/report/write-report';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** A cloud assembly folder holding a valid report, with `edit` applied to its report.json. */
function cdkOut(edit?: (report: Record<string, unknown>) => unknown): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-inputs-'));
  const app = new App();
  new Stack(app, 'Inputs');
  writeReport(
    buildReport({ root: app, log: new EvaluationLog(), packs: [], now: new Date('2026-06-15') }),
    path.join(dir, 'compliance'),
  );
  const file = path.join(dir, 'compliance', 'report.json');
  if (edit) {
    const edited = edit(JSON.parse(fs.readFileSync(file, 'utf8')));
    fs.writeFileSync(file, typeof edited === 'string' ? edited : JSON.stringify(edited));
  }
  return { dir, file };
}

describe('hipaa-baseline diff and report reject unusable report files', () => {
  test('diff of two valid reports still works', async () => {
    const { code, stdout } = await run('diff', cdkOut().dir, cdkOut().dir);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(/regression/i);
  });

  test('diff against an unknown schemaVersion fails naming the file and the field', async () => {
    const head = cdkOut((r) => ({ ...r, schemaVersion: '2.0' }));
    const { code, stdout, stderr } = await run('diff', cdkOut().dir, head.dir);
    expect(code).toBe(EXIT.USAGE);
    expect(stdout).toBe('');
    expect(stderr).toContain(head.file);
    expect(stderr).toMatch(/\/schemaVersion: "2\.0" is not supported; this toolkit reads "1\.0"/);
  });

  test('diff of a base report with a malformed field names the file and the field', async () => {
    const base = cdkOut((r) => ({ ...r, citations: 'all met' }));
    const { code, stderr } = await run('diff', base.dir, cdkOut().dir);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toContain(base.file);
    expect(stderr).toMatch(/\/citations: must be array/);
  });

  test('diff of a file that is not JSON fails', async () => {
    const head = cdkOut(() => '{"schemaVersion": "1.0", "citations": [');
    const { code, stderr } = await run('diff', cdkOut().dir, head.dir);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toContain(`${head.file} is not a usable compliance report`);
    expect(stderr).toMatch(/\/: not valid JSON/);
  });

  test('report refuses to regenerate from a report without a schemaVersion and writes nothing', async () => {
    const input = cdkOut(({ schemaVersion: _omitted, ...r }) => r);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-inputs-out-'));
    const { code, stderr } = await run('report', '--cdk-out', input.dir, '--out', out);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toMatch(/report\.json is not a usable compliance report:\n- \/schemaVersion: is missing/);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
