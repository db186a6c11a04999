import { TEMPLATE_RULES } from '../../../../lib/compliance/rules';
import { evaluateTemplates } from '../../../../lib/compliance/template/evaluate-templates';
import { templateRuleId } from '../../../../lib/compliance/template/rule';
import { TemplateSet } from '../../../../lib/compliance/template/template-set';
import { loadRuleFixtures, type RuleFixture } from '../../../helpers/template-fixtures';

const fixtures = new Map<string, RuleFixture>();
for (const fixture of loadRuleFixtures(__dirname)) fixtures.set(fixture.rule.id, fixture);

describe('template evidence rule registry', () => {
  test('every registered rule has a fixture file, and every fixture is for a registered rule', () => {
    const registered = TEMPLATE_RULES.map((r) => r.id).sort();
    expect([...fixtures.keys()].sort()).toEqual(registered);
  });

  test('rule ids are unique and every rule states citations, rationale, fix and resource types', () => {
    expect(new Set(TEMPLATE_RULES.map((r) => r.id)).size).toBe(TEMPLATE_RULES.length);
    for (const rule of TEMPLATE_RULES) {
      expect(rule.citations.length).toBeGreaterThan(0);
      for (const c of rule.citations) expect(c).toMatch(/^164\.3\d\d\([a-z]\)/);
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
      expect(rule.rationale.length).toBeGreaterThan(30);
      expect(rule.fix.length).toBeGreaterThan(15);
    }
  });

  describe.each(TEMPLATE_RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    const fixture = fixtures.get(id);

    test('the compliant fixture evaluates at least one resource and every evaluation passes', () => {
      expect(fixture).toBeDefined();
      const { evaluations } = evaluateTemplates(new TemplateSet(fixture?.compliant ?? []), [rule]);
      expect(evaluations.length).toBeGreaterThan(0);
      expect(evaluations.filter((e) => e.outcome !== 'compliant').map((e) => e.problems)).toEqual([]);
    });

    test('every property it declares a stronger direction for is observed on its compliant fixture', () => {
      const { evaluations } = evaluateTemplates(new TemplateSet(fixture?.compliant ?? []), [rule]);
      for (const property of Object.keys(rule.strongerWhen ?? {})) {
        expect({ property, observed: evaluations.some((e) => property in e.observed) }).toEqual({
          property,
          observed: true,
        });
      }
    });

    test('has at least one known-bad fixture, and each one fails', () => {
      expect(fixture?.bad.length ?? 0).toBeGreaterThan(0);
      for (const bad of fixture?.bad ?? []) {
        const { evaluations } = evaluateTemplates(new TemplateSet(bad.templates), [rule]);
        const failing = evaluations.filter((e) => e.outcome === (bad.expect ?? 'non-compliant'));
        expect({ fixture: bad.name, failing: failing.length > 0 }).toEqual({
          fixture: bad.name,
          failing: true,
        });
        if (bad.path) {
          const paths = failing.flatMap((e) => e.problems.map((p) => p.path));
          expect({ fixture: bad.name, paths }).toEqual({
            fixture: bad.name,
            paths: expect.arrayContaining([expect.stringContaining(bad.path)]),
          });
        }
        for (const e of failing) expect(e.ruleId).toBe(templateRuleId(rule));
      }
    });
  });
});
