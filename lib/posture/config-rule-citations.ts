import table from './config-rule-citations.json';

/**
 * HIPAA citations of each managed AWS Config rule in AWS's HIPAA Security conformance pack sample, keyed by
 * the rule's name as the sample deploys it (e.g. `s3-bucket-ssl-requests-only`).
 *
 * Derived from `../shared/reference/hipaa-rule-coverage.json`: its `awsConfigViaSteampipe` column names
 * Steampipe controls, which mirror AWS's published HIPAA mapping table; a control maps to the Config rule
 * whose name it is once underscores are read as hyphens, or to the rule {@link STEAMPIPE_CONFIG_RULE_ALIASES}
 * names as the same check. 97 of the 130 rules receive citations; the rest are observed but cite nothing.
 * The reference also maps many rules to 164.314(b)(1) and (2), which the 59-citation index does not hold:
 * they stay in each rule's info line and are left out of the citation index.
 * `test/lib/posture/config-rule-citations.test.ts` re-derives the table from the reference file.
 *
 * `ConfigCompliance.rulesByCitation()` (`constructs/detection/`) agrees on all 97 rules and adds analogue
 * mappings; it is not imported here because the scheduled collector's Lambda bundle must not pull in
 * aws-cdk-lib. To use it in the CLI, pass {@link citationMapFromRulesByCitation} of it as `citationMap`.
 */
export const CONFIG_RULE_CITATIONS: Readonly<Record<string, readonly string[]>> = table.rules;

/** Maps an observed rule (by its canonical Config rule name) to the HIPAA citations it evidences. */
export interface CitationMap {
  /** Citations of the Config rule `ruleName` (canonical: no conformance-pack or Security Hub suffix). */
  citationsFor(ruleName: string): readonly string[];
  /** Where the mapping came from, recorded in `posture.json`. */
  readonly description: string;
}

/** The map built from {@link CONFIG_RULE_CITATIONS}. */
export const DEFAULT_CITATION_MAP: CitationMap = {
  citationsFor: (ruleName) => CONFIG_RULE_CITATIONS[ruleName] ?? [],
  description:
    'lib/posture/config-rule-citations.json: AWS Config HIPAA conformance-pack rules mapped to citations from ../shared/reference/hipaa-rule-coverage.json (awsConfigViaSteampipe, underscores read as hyphens, plus reviewed aliases); Security Hub controls mapped through their backing Config rule.',
};

/**
 * A map from a citation-indexed table such as `ConfigCompliance.rulesByCitation()` (`{ citation: ruleNames }`).
 */
export function citationMapFromRulesByCitation(
  rulesByCitation: Readonly<Record<string, readonly string[]>>,
  description: string,
): CitationMap {
  const byRule = new Map<string, string[]>();
  for (const [citation, rules] of Object.entries(rulesByCitation)) {
    for (const rule of rules) byRule.set(rule, [...(byRule.get(rule) ?? []), citation]);
  }
  return { citationsFor: (ruleName) => byRule.get(ruleName) ?? [], description };
}

/**
 * The rule name a conformance pack or Security Hub started from: AWS Config appends
 * `-conformance-pack-<id>` to rules a conformance pack creates, and Security Hub names its service-linked
 * rules `securityhub-<rule>-<8 hex digits>`.
 */
export function canonicalConfigRuleName(name: string): string {
  const securityHub = /^securityhub-(.+)-[0-9a-f]{8}$/.exec(name);
  const base = securityHub ? securityHub[1] : name;
  return base.replace(/-conformance-pack-[a-z0-9]+$/, '');
}
