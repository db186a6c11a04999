import { createHash } from 'node:crypto';
import type { ComplianceReport, EvaluationRow, RuleSummary } from './model';

/** The SARIF level of a rule or result: only `error` stays an error; every other level is a warning. */
const sarifLevel = (level: string): 'error' | 'warning' => (level === 'error' ? 'error' : 'warning');

/**
 * Renders non-compliant and acknowledged evaluations as SARIF 2.1.0 for code-scanning tools: one run per
 * pack; acknowledged findings carry an external suppression with the reason.
 *
 * A result's `ruleId` is the rule's id (`rules[ruleIndex].id`), never the finding id: cdk-nag findings
 * such as `AwsSolutions-IAM5[Resource::*]` carry their suffix in `properties.findingId`, the message and
 * the fingerprint, so two findings of one rule on one resource stay two results.
 *
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html (3.27.5 ruleId, 3.27.6 ruleIndex)
 */
export function renderSarif(report: ComplianceReport): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: report.packs.map((pack) => {
      const evaluations = report.evaluations.filter((e) => e.pack === pack.name && e.status !== 'compliant');
      const rules = rulesOf(report, pack.name, evaluations);
      const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
      return {
        tool: {
          driver: {
            name: pack.name,
            informationUri: 'https://github.com/cdklabs/cdk-nag',
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.info || r.id },
              defaultConfiguration: { level: sarifLevel(r.level) },
              properties: { 'hipaa-citations': r.citations },
            })),
          },
        },
        // The pack found the results; cdk-hipaa-baseline converted them to SARIF (SARIF 3.22).
        conversion: { tool: { driver: { name: report.tool.name, version: report.tool.version } } },
        results: evaluations.map((e) => result(e, ruleIndex.get(e.baseRuleId) as number)),
      };
    }),
  };
}

/**
 * The pack's rules from the report, plus a bare descriptor for any rule a result names that the report's
 * rule list lacks, so every result's `ruleIndex` points at its rule.
 */
function rulesOf(
  report: ComplianceReport,
  pack: string,
  evaluations: readonly EvaluationRow[],
): Pick<RuleSummary, 'id' | 'info' | 'level' | 'citations'>[] {
  const rules: Pick<RuleSummary, 'id' | 'info' | 'level' | 'citations'>[] = report.rules.filter(
    (r) => r.pack === pack,
  );
  const known = new Set(rules.map((r) => r.id));
  for (const e of evaluations) {
    if (known.has(e.baseRuleId)) continue;
    known.add(e.baseRuleId);
    rules.push({ id: e.baseRuleId, info: e.baseRuleId, level: e.level, citations: [] });
  }
  return rules;
}

function result(e: EvaluationRow, ruleIndex: number): object {
  return {
    ruleId: e.baseRuleId,
    ruleIndex,
    level: sarifLevel(e.level),
    message: { text: `${e.ruleId} on ${e.resource.constructPath} (${e.resource.type})` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: `cdk.out/${encodeURIComponent(e.resource.stack)}.template.json` },
        },
        logicalLocations: [
          { name: e.resource.logicalId, fullyQualifiedName: e.resource.constructPath, kind: 'resource' },
        ],
      },
    ],
    // Code scanning tells results of one rule at one location apart by fingerprint.
    partialFingerprints: {
      'cdkHipaaBaselineFinding/v1': createHash('sha256')
        .update(`${e.pack}\u0000${e.ruleId}\u0000${e.resource.constructPath}`)
        .digest('hex'),
    },
    ...(e.ruleId !== e.baseRuleId ? { properties: { findingId: e.ruleId } } : {}),
    ...(e.acknowledgment
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: e.acknowledgment.reason }] }
      : {}),
  };
}
