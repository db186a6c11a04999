import * as fs from 'node:fs';
import * as path from 'node:path';
import { HIPAA_CONTROLS } from '../../../lib/compliance/catalog/controls';
import {
  CONFIG_RULE_CITATIONS,
  canonicalConfigRuleName,
  citationMapFromRulesByCitation,
  DEFAULT_CITATION_MAP,
} from '../../../lib/posture/config-rule-citations';
import { STEAMPIPE_CONFIG_RULE_ALIASES } from '../../../lib/posture/private/steampipe-aliases';
import { SECURITY_HUB_CONTROL_CONFIG_RULES } from '../../../lib/posture/security-hub-controls';

// Copies of ../shared/reference (public mappings, Apache-2.0), kept so the test runs from any checkout.
const REFERENCE = path.join(__dirname, '..', '..', 'fixtures', 'reference');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('CONFIG_RULE_CITATIONS', () => {
  const coverage = readJson(path.join(REFERENCE, 'hipaa-rule-coverage.json')).byCitation as Record<
    string,
    { awsConfigViaSteampipe: string[] }
  >;
  const packRules = new Set(
    (
      readJson(path.join(REFERENCE, 'config-hipaa-conformance-pack-rules.json')).rules as {
        configRuleName: string;
      }[]
    ).map((r) => r.configRuleName),
  );

  test('is exactly what the reference coverage derives: underscores read as hyphens, plus the reviewed aliases', () => {
    const derived: Record<string, Set<string>> = {};
    for (const [citation, sources] of Object.entries(coverage)) {
      for (const control of sources.awsConfigViaSteampipe) {
        const hyphenated = control.replace(/_/g, '-');
        const rule = packRules.has(hyphenated) ? hyphenated : STEAMPIPE_CONFIG_RULE_ALIASES[control];
        if (!rule) continue;
        derived[rule] = derived[rule] ?? new Set();
        derived[rule].add(citation);
      }
    }
    const expected = Object.fromEntries(
      Object.entries(derived)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([rule, citations]) => [rule, [...citations].sort()]),
    );
    expect(CONFIG_RULE_CITATIONS).toEqual(expected);
    expect(Object.keys(CONFIG_RULE_CITATIONS)).toHaveLength(97);
  });

  test('aliases name real Steampipe controls and real rules of the conformance pack', () => {
    const controls = new Set(Object.values(coverage).flatMap((c) => c.awsConfigViaSteampipe));
    for (const [control, rule] of Object.entries(STEAMPIPE_CONFIG_RULE_ALIASES)) {
      expect([control, controls.has(control)]).toEqual([control, true]);
      expect([rule, packRules.has(rule)]).toEqual([rule, true]);
    }
  });

  test('cites the catalog, plus 164.314(b) which the reference maps but the 59-citation index leaves out', () => {
    const known = new Set(HIPAA_CONTROLS.map((c) => c.id));
    const cited = new Set(Object.values(CONFIG_RULE_CITATIONS).flat());
    expect([...cited].filter((c) => !known.has(c)).sort()).toEqual(['164.314(b)(1)', '164.314(b)(2)']);
  });

  test('Security Hub controls point at rules that have citations', () => {
    for (const rule of Object.values(SECURITY_HUB_CONTROL_CONFIG_RULES)) {
      expect([rule, DEFAULT_CITATION_MAP.citationsFor(rule).length > 0]).toEqual([rule, true]);
    }
  });
});

describe('canonicalConfigRuleName', () => {
  test.each([
    ['s3-bucket-logging-enabled-conformance-pack-k2j4h5g6', 's3-bucket-logging-enabled'],
    ['securityhub-s3-bucket-ssl-requests-only-0a1b2c3d', 's3-bucket-ssl-requests-only'],
    ['restricted-ssh', 'restricted-ssh'],
    ['securityhub-enabled', 'securityhub-enabled'],
  ])('%s → %s', (observed, canonical) => {
    expect(canonicalConfigRuleName(observed)).toBe(canonical);
  });
});

describe('citationMapFromRulesByCitation', () => {
  test('inverts a citation-indexed table such as ConfigCompliance.rulesByCitation()', () => {
    const map = citationMapFromRulesByCitation(
      {
        '164.312(b)': ['cloudtrail-enabled', 'vpc-flow-logs-enabled'],
        '164.308(a)(1)(ii)(D)': ['cloudtrail-enabled'],
      },
      'test table',
    );
    expect(map.citationsFor('cloudtrail-enabled')).toEqual(['164.312(b)', '164.308(a)(1)(ii)(D)']);
    expect(map.citationsFor('vpc-flow-logs-enabled')).toEqual(['164.312(b)']);
    expect(map.citationsFor('unknown-rule')).toEqual([]);
    expect(map.description).toBe('test table');
  });
});
