import {
  PARAMETER_KINDS,
  type ParameterKind,
  tighteningProblem,
} from '../../../../constructs/detection/private/conformance-parameters';
import {
  conformancePackTemplate,
  HIPAA_CONFORMANCE_RULES,
  ruleLogicalId,
} from '../../../../constructs/detection/private/conformance-rules';

describe('the conformance pack rule table', () => {
  test('holds the 130 rules of the AWS sample with unique names and template ids', () => {
    expect(HIPAA_CONFORMANCE_RULES).toHaveLength(130);
    expect(new Set(HIPAA_CONFORMANCE_RULES.map((r) => r.name)).size).toBe(130);
    expect(new Set(HIPAA_CONFORMANCE_RULES.map((r) => ruleLogicalId(r.name))).size).toBe(130);
    for (const r of HIPAA_CONFORMANCE_RULES) expect(r.sourceIdentifier).toMatch(/^[A-Z0-9_]+$/);
  });

  test('defines what "tighter" means for every default parameter, and for nothing else', () => {
    const defaults = HIPAA_CONFORMANCE_RULES.flatMap((r) =>
      Object.keys(r.inputParameters).map((p) => `${r.name}.${p}`),
    );
    expect(Object.keys(PARAMETER_KINDS).sort()).toEqual(defaults.sort());
  });

  test('renders overrides over defaults in the pack template', () => {
    const [rule] = HIPAA_CONFORMANCE_RULES;
    const body = JSON.parse(conformancePackTemplate([rule], { [rule.name]: { maxAccessKeyAge: '45' } }));
    expect(body.Resources.AccessKeysRotated.Properties.InputParameters).toEqual({ maxAccessKeyAge: '45' });
  });
});

describe('tighteningProblem', () => {
  const max: ParameterKind = { kind: 'max', floor: 1 };
  const min: ParameterKind = { kind: 'min', ceiling: 24 };

  test('a maximum may go down to its floor, not up, and must be a whole number', () => {
    expect(tighteningProblem(max, '90', '60')).toBeUndefined();
    expect(tighteningProblem(max, '90', '90')).toBeUndefined();
    expect(tighteningProblem(max, '90', '120')).toMatch(/from 1 to the default 90/);
    expect(tighteningProblem(max, '90', '0')).toBeDefined();
    expect(tighteningProblem(max, '90', '45.5')).toBeDefined();
  });

  test('a minimum may go up to its ceiling, not down', () => {
    expect(tighteningProblem(min, '14', '20')).toBeUndefined();
    expect(tighteningProblem(min, '14', '8')).toMatch(/from the default 14 to 24/);
    expect(tighteningProblem(min, '14', '25')).toBeDefined();
  });

  test('a requirement flag may only be switched on', () => {
    expect(tighteningProblem({ kind: 'flag' }, 'false', 'true')).toBeUndefined();
    expect(tighteningProblem({ kind: 'flag' }, 'false', 'false')).toBeUndefined();
    expect(tighteningProblem({ kind: 'flag' }, 'true', 'false')).toMatch(/may only be switched on/);
    expect(tighteningProblem({ kind: 'flag' }, 'true', 'yes')).toBeDefined();
  });

  test('a blocklist may only grow', () => {
    const def = 'kms:*, kms:Decrypt, kms:ReEncrypt*';
    expect(
      tighteningProblem({ kind: 'blocklist' }, def, 'kms:ReEncrypt*,kms:Decrypt,kms:*,kms:Sign'),
    ).toBeUndefined();
    expect(tighteningProblem({ kind: 'blocklist' }, def, 'kms:*')).toMatch(
      /missing kms:Decrypt, kms:ReEncrypt\*/,
    );
  });

  test('a fixed value cannot change', () => {
    const fixed: ParameterKind = { kind: 'fixed', why: 'it has no order' };
    expect(tighteningProblem(fixed, 'A', 'A')).toBeUndefined();
    expect(tighteningProblem(fixed, 'A', 'B')).toBe("the default 'A', because it has no order");
  });
});
