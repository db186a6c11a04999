import { Stack } from 'aws-cdk-lib';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { recordRelaxation } from '../core/report-metadata';
import { describeValue, PropsCheck } from '../core/validation';
import { DetectionCitation } from './private/citations';
import { checkExclusions } from './private/exclusions';

/**
 * The Security Hub standards the toolkit can enable. Each maps to one standard version; CIS v1.2.0
 * (whose ARN has no Region, `arn:aws:securityhub:::ruleset/...`) is deliberately not offered.
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html
 */
export const SecurityHubStandard = {
  /** AWS Foundational Security Best Practices v1.0.0. */
  AWS_FOUNDATIONAL_BEST_PRACTICES: 'AWS_FOUNDATIONAL_BEST_PRACTICES',
  /** CIS AWS Foundations Benchmark v3.0.0. */
  CIS_AWS_FOUNDATIONS: 'CIS_AWS_FOUNDATIONS',
  /** NIST SP 800-53 Rev. 5 v5.0.0. */
  NIST_800_53_REV5: 'NIST_800_53_REV5',
  /** PCI DSS v4.0.1. */
  PCI_DSS: 'PCI_DSS',
} as const;

/** A standard name from {@link SecurityHubStandard}. */
export type SecurityHubStandard = (typeof SecurityHubStandard)[keyof typeof SecurityHubStandard];

/**
 * The ARN path and version of each standard: `arn:<partition>:securityhub:<region>::<path>`. The
 * template evidence rule `SecurityHubStandards` reads the same table.
 */
export const SECURITY_HUB_STANDARD_PATHS: Readonly<Record<SecurityHubStandard, string>> = {
  AWS_FOUNDATIONAL_BEST_PRACTICES: 'standards/aws-foundational-security-best-practices/v/1.0.0',
  CIS_AWS_FOUNDATIONS: 'standards/cis-aws-foundations-benchmark/v/3.0.0',
  NIST_800_53_REV5: 'standards/nist-800-53/v/5.0.0',
  PCI_DSS: 'standards/pci-dss/v/4.0.1',
};

/** The standards enabled unless switched off. */
export const DEFAULT_SECURITY_HUB_STANDARDS: readonly SecurityHubStandard[] = [
  SecurityHubStandard.AWS_FOUNDATIONAL_BEST_PRACTICES,
  SecurityHubStandard.CIS_AWS_FOUNDATIONS,
  SecurityHubStandard.NIST_800_53_REV5,
];

const ALL_STANDARDS = Object.values(SecurityHubStandard) as readonly string[];

/** A default standard switched off on purpose, with the reason (shown in the compliance report). */
export interface DisabledStandard {
  /** One of {@link DEFAULT_SECURITY_HUB_STANDARDS}. */
  readonly standard: SecurityHubStandard;
  /** Why, in at least 20 characters. */
  readonly reason: string;
}

/** Properties of a {@link SecurityHub}. */
export interface SecurityHubProps {
  /**
   * Standards to enable besides the defaults, e.g. `PCI_DSS` for an account that also handles cards.
   * Unknown names fail synthesis with the list of allowed names.
   *
   * @default - none beyond FSBP, CIS v3.0.0 and NIST 800-53 Rev. 5
   */
  readonly additionalStandards?: SecurityHubStandard[];

  /**
   * Default standards to switch off, each with a reason; each is recorded as a relaxation in the
   * compliance report.
   *
   * @default - FSBP v1.0.0, CIS AWS Foundations v3.0.0 and NIST 800-53 Rev. 5 are all enabled
   *   (164.308(a)(8))
   */
  readonly disabledStandards?: DisabledStandard[];
}

/**
 * AWS Security Hub for this account and Region, with consolidated control findings
 * (`SECURITY_CONTROL`), new controls enabled automatically, and the standards chosen here rather than
 * Security Hub's own defaults: AWS Foundational Security Best Practices, CIS AWS Foundations Benchmark
 * v3.0.0 and NIST 800-53 Rev. 5, plus any you add. Security Hub runs its controls on AWS Config, so
 * deploy it with {@link ConfigCompliance}.
 *
 * Account- and Region-wide: deploy one per account and Region.
 *
 * Serves 164.308(a)(8) (evaluation), 164.308(a)(1)(ii)(A) (risk analysis) and 164.308(a)(6)(ii).
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-standards.html
 */
export class SecurityHub extends Construct {
  /**
   * The ARN of a standard for a stack's partition and Region.
   *
   * @param scope any construct of the stack
   * @param standard the standard
   */
  public static standardArn(scope: Construct, standard: SecurityHubStandard): string {
    const stack = Stack.of(scope);
    return `arn:${stack.partition}:securityhub:${stack.region}::${SECURITY_HUB_STANDARD_PATHS[standard]}`;
  }

  /** The hub. */
  public readonly hub: securityhub.CfnHub;
  /** The enabled standards, by name. */
  public readonly standards: Readonly<Partial<Record<SecurityHubStandard, securityhub.CfnStandard>>>;

  constructor(scope: Construct, id: string, props: SecurityHubProps = {}) {
    const check = new PropsCheck(scope, id);
    const disabled = checkExclusions(
      check,
      props.disabledStandards?.map((d) => ({ name: d?.standard, reason: d?.reason })),
      {
        prop: 'disabledStandards',
        nameField: 'standard',
        allowed: DEFAULT_SECURITY_HUB_STANDARDS,
        citationOf: () => DetectionCitation.EVALUATION,
        fallbackCitation: DetectionCitation.EVALUATION,
      },
    );
    for (const [i, name] of (props.additionalStandards ?? []).entries()) {
      const allowed = ALL_STANDARDS.filter((s) => !DEFAULT_SECURITY_HUB_STANDARDS.includes(s as never));
      check.require(allowed.includes(name), {
        prop: `additionalStandards[${i}]`,
        received: name,
        allowed: ALL_STANDARDS.includes(name)
          ? `a standard that is not already enabled by default (${allowed.map((a) => describeValue(a)).join(', ')})`
          : `one of ${ALL_STANDARDS.map((a) => describeValue(a)).join(', ')}`,
        citation: DetectionCitation.EVALUATION,
      });
    }
    check.throwIfInvalid();
    super(scope, id);

    for (const entry of props.disabledStandards ?? []) {
      recordRelaxation(this, {
        citation: DetectionCitation.EVALUATION,
        setting: `disabledStandards: ${entry.standard}`,
        reason: entry.reason,
      });
    }

    this.hub = new securityhub.CfnHub(this, 'Hub', {
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
      enableDefaultStandards: false,
    });
    const enabled = [
      ...DEFAULT_SECURITY_HUB_STANDARDS.filter((s) => !disabled.includes(s)),
      ...new Set(props.additionalStandards ?? []),
    ];
    const standards: Partial<Record<SecurityHubStandard, securityhub.CfnStandard>> = {};
    for (const name of enabled) {
      const standard = new securityhub.CfnStandard(this, pascalCase(name), {
        standardsArn: SecurityHub.standardArn(this, name),
      });
      standard.node.addDependency(this.hub);
      standards[name] = standard;
    }
    this.standards = standards;
    if (props.disabledStandards?.length) {
      acknowledgeBuiltIn(this.hub, [
        {
          ruleId: 'TemplateEvidence-SecurityHubStandards',
          reason: `Switched off through disabledStandards: ${props.disabledStandards.map((d) => `${d.standard} (${d.reason})`).join('; ')}`,
        },
      ]);
    }
  }
}

function pascalCase(name: string): string {
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
