import type { ComplianceReport } from './model';

/**
 * Renders non-compliant and acknowledged evaluations as SARIF 2.1.0 for code-scanning tools: one run per
 * pack; acknowledged findings carry an external suppression with the reason.
 *
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
export function renderSarif(report: ComplianceReport): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: report.packs.map((pack) => {
      const rules = report.rules.filter((r) => r.pack === pack.name);
      const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
      return {
        tool: {
          driver: {
            name: pack.name,
            informationUri: 'https://github.com/cdklabs/cdk-nag',
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.info },
              defaultConfiguration: { level: r.level === 'error' ? 'error' : 'warning' },
              properties: { 'hipaa-citations': r.citations },
            })),
          },
        },
        results: report.evaluations
          .filter((e) => e.pack === pack.name && e.status !== 'compliant')
          .map((e) => ({
            ruleId: e.ruleId,
            ruleIndex: ruleIndex.get(e.baseRuleId),
            level: e.level === 'error' ? 'error' : 'warning',
            message: { text: `${e.ruleId} on ${e.resource.constructPath} (${e.resource.type})` },
            locations: [
              {
                physicalLocation: { artifactLocation: { uri: `cdk.out/${e.resource.stack}.template.json` } },
                logicalLocations: [
                  {
                    name: e.resource.logicalId,
                    fullyQualifiedName: e.resource.constructPath,
                    kind: 'resource',
                  },
                ],
              },
            ],
            ...(e.acknowledgment
              ? {
                  suppressions: [
                    { kind: 'external', status: 'accepted', justification: e.acknowledgment.reason },
                  ],
                }
              : {}),
          })),
      };
    }),
  };
}
