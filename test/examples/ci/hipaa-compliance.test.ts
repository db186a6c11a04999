import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
}

const WORKFLOW = path.join(__dirname, '..', '..', '..', 'examples', 'ci', 'hipaa-compliance.yml');
const workflow = parse(fs.readFileSync(WORKFLOW, 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

/**
 * True when GitHub Actions runs the step after an earlier step failed: the condition starts with
 * `always()` or `(success() || failure())`, and anything else is and-ed to it. A condition without a
 * status function gets an implicit `success() &&`, so the step is skipped exactly when it is needed.
 */
function runsOnFailure(condition: string | undefined): boolean {
  if (condition === undefined) return false;
  const c = condition.replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim();
  return (
    /^(always\(\)|\(success\(\) \|\| failure\(\)\))( && [^|]+)?$/.test(c) || c === 'success() || failure()'
  );
}

const stepNamed = (pattern: RegExp): Step => {
  const found = steps.filter((s) => pattern.test(s.name ?? ''));
  expect(found.map((s) => s.name)).toHaveLength(1);
  return found[0] as Step;
};

describe('examples/ci/hipaa-compliance.yml', () => {
  test.each([
    ['the report upload', /^Upload the compliance report$/],
    ['the SARIF upload', /^Upload SARIF/],
    ['the synth of the base branch', /^Synthesize the main branch/],
    ['the diff', /^Diff compliance/],
    ['the pull request comment', /^Comment the diff/],
  ])('%s runs when an earlier step failed', (_what, pattern) => {
    const step = stepNamed(pattern);
    expect({ step: step.name, condition: step.if, runsOnFailure: runsOnFailure(step.if) }).toEqual({
      step: step.name,
      condition: step.if,
      runsOnFailure: true,
    });
  });

  test('the diff still runs only on pull requests and exits with the diff status, not tee’s', () => {
    const diff = stepNamed(/^Diff compliance/);
    expect(diff.if).toContain("github.event_name == 'pull_request'");
    expect(diff.run).toMatch(/hipaa-baseline diff \.\.\/base\/cdk\.out cdk\.out/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a JS template
    expect(diff.run).toContain('exit "${PIPESTATUS[0]}"');
  });

  test('the condition check rejects conditions that skip the step after a failure', () => {
    expect(runsOnFailure(undefined)).toBe(false);
    expect(runsOnFailure("github.event_name == 'pull_request'")).toBe(false);
    expect(runsOnFailure("success() && github.event_name == 'pull_request'")).toBe(false);
    // `||` binds looser than `&&`, so the trailing `|| b` would run the step even when cancelled.
    expect(runsOnFailure('always() && a || b')).toBe(false);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
    expect(runsOnFailure('${{ always() }}')).toBe(true);
    expect(runsOnFailure('success() || failure()')).toBe(true);
  });

  test('the gate itself (synth, tests) is not softened by a status function', () => {
    for (const step of steps.filter((s) => /cdk synth --quiet$|^npm test$/.test(s.run ?? ''))) {
      expect({ step: step.run, condition: step.if }).toEqual({ step: step.run, condition: undefined });
    }
  });
});
