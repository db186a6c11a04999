import rulesFile from './hipaa-conformance-rules.json';

/** How a rule's HIPAA citations were determined. */
export type CitationBasis =
  /** From the public Steampipe mirror of AWS's HIPAA mapping table, matched to this rule by hand. */
  | 'steampipe'
  /** The citations of the named control for the same safeguard on a sibling resource type. */
  | 'analogue'
  /** Mapped on AWS's "Operational Best Practices for HIPAA Security" page itself. */
  | 'aws-config-docs'
  /** No published mapping; no citation is claimed. */
  | 'none';

/** One managed AWS Config rule of the HIPAA Security conformance pack. */
export interface ConformanceRule {
  /** The rule name, e.g. `access-keys-rotated`. */
  readonly name: string;
  /** The managed rule identifier, e.g. `ACCESS_KEYS_ROTATED`. */
  readonly sourceIdentifier: string;
  /** Resource types the rule is scoped to; empty for periodic and account-level rules. */
  readonly resourceTypes: readonly string[];
  /** The pack's default input parameters. */
  readonly inputParameters: Readonly<Record<string, string>>;
  /** The HIPAA Security Rule citations the rule helps evidence. */
  readonly citations: readonly string[];
  /** How `citations` were determined. */
  readonly citationBasis: CitationBasis;
  /** The public control(s) the citations were taken from. */
  readonly mappedFrom: readonly string[];
}

/**
 * The 130 managed rules of AWS's "Operational Best Practices for HIPAA Security" conformance pack
 * sample (last changed 2025-01-07), with the citations each helps evidence.
 */
export const HIPAA_CONFORMANCE_RULES: readonly ConformanceRule[] =
  rulesFile.rules as unknown as ConformanceRule[];

/** Rule names, in pack order. */
export const HIPAA_CONFORMANCE_RULE_NAMES: readonly string[] = HIPAA_CONFORMANCE_RULES.map((r) => r.name);

/** The rule called `name`, if the pack has one. */
export function conformanceRule(name: string): ConformanceRule | undefined {
  return HIPAA_CONFORMANCE_RULES.find((r) => r.name === name);
}

/** The rule names that evidence each citation, citations and names sorted. */
export function rulesByCitation(
  rules: readonly ConformanceRule[] = HIPAA_CONFORMANCE_RULES,
): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const rule of rules) {
    for (const citation of rule.citations) map[citation] = [...(map[citation] ?? []), rule.name];
  }
  return Object.fromEntries(
    Object.keys(map)
      .sort()
      .map((c) => [c, [...map[c]].sort()]),
  );
}

/** The CloudFormation logical id of a rule in the pack template: `access-keys-rotated` → `AccessKeysRotated`. */
export function ruleLogicalId(name: string): string {
  return name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * The conformance pack template (JSON, which Config accepts as YAML): one `AWS::Config::ConfigRule` per
 * rule, owned by AWS, with its input parameters (defaults merged with `parameters`) and its resource
 * scope. Kept compact: Config limits a template body to 51,200 bytes.
 */
export function conformancePackTemplate(
  rules: readonly ConformanceRule[],
  parameters: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
): string {
  const resources: Record<string, unknown> = {};
  for (const rule of rules) {
    const inputParameters = { ...rule.inputParameters, ...parameters[rule.name] };
    resources[ruleLogicalId(rule.name)] = {
      Type: 'AWS::Config::ConfigRule',
      Properties: {
        ConfigRuleName: rule.name,
        Source: { Owner: 'AWS', SourceIdentifier: rule.sourceIdentifier },
        ...(Object.keys(inputParameters).length > 0 ? { InputParameters: inputParameters } : {}),
        ...(rule.resourceTypes.length > 0
          ? { Scope: { ComplianceResourceTypes: [...rule.resourceTypes] } }
          : {}),
      },
    };
  }
  return JSON.stringify({ Resources: resources });
}
