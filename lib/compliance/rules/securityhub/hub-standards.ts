import { Citation } from '../../../../constructs/core/citations';
import { DetectionCitation } from '../../../../constructs/detection/private/citations';
import {
  DEFAULT_SECURITY_HUB_STANDARDS,
  SECURITY_HUB_STANDARD_PATHS,
} from '../../../../constructs/detection/security-hub';
import { displayValue, fail, type Problem, type TemplateRule } from '../../template/rule';
import { isSpecial, type TemplateResource } from '../../template/template-set';

/** True when a `StandardsArn` (literal or built from the partition and Region) names the standard at `path`. */
function namesStandard(arn: unknown, path: string): boolean {
  const text = typeof arn === 'string' ? arn : isSpecial(arn) ? String(arn) : '';
  return text.startsWith('arn:') && text.includes(':securityhub:') && text.endsWith(`::${path}`);
}

/**
 * Every Security Hub hub has, in the same template, an `AWS::SecurityHub::Standard` for each standard
 * SecurityHub enables by default (FSBP, CIS AWS Foundations v3.0.0, NIST 800-53 Rev. 5). A standard
 * switched off through SecurityHub's `disabledStandards` is acknowledged on the hub with its reason.
 */
export const SecurityHubStandards: TemplateRule = {
  id: 'SecurityHubStandards',
  citations: [
    DetectionCitation.RISK_ANALYSIS,
    Citation.RISK_MANAGEMENT,
    Citation.ACTIVITY_REVIEW,
    DetectionCitation.EVALUATION,
  ],
  severity: 'error',
  resourceTypes: ['AWS::SecurityHub::Hub'],
  rationale:
    'Security Hub evaluates nothing without a standard: each standard is the set of controls that continuously evaluates the configuration of systems holding ePHI, and a missing one silently drops those checks.',
  fix: `Use SecurityHub (it enables ${DEFAULT_SECURITY_HUB_STANDARDS.join(', ')}); switch a standard off only through disabledStandards with a reason.`,
  check: (view, set) => {
    const hub = view.resource;
    const standards = set
      .ofType('AWS::SecurityHub::Standard')
      .filter((s: TemplateResource) => s.stackName === hub.stackName);
    const arns = standards.map((s) => s.properties.StandardsArn);
    view.note(
      'standardsArns',
      arns.map((a) => displayValue(a) as string),
    );
    const present = DEFAULT_SECURITY_HUB_STANDARDS.filter((name) =>
      arns.some((arn) => namesStandard(arn, SECURITY_HUB_STANDARD_PATHS[name])),
    );
    view.note('standardsEnabled', present);
    const missing = DEFAULT_SECURITY_HUB_STANDARDS.filter((name) => !present.includes(name));
    if (missing.length === 0) return [];
    const unresolved = arns.filter(
      (arn) => arn === undefined || (isSpecial(arn) && !String(arn).startsWith('arn:')),
    );
    return missing.map(
      (name): Problem =>
        unresolved.length > 0
          ? {
              path: 'Properties',
              message: `${name} (${SECURITY_HUB_STANDARD_PATHS[name]}) is not found, and ${unresolved.length} standard ARN(s) of this template cannot be resolved at synth`,
              unverified: true,
            }
          : fail(
              'Properties',
              `${name} must be enabled: no AWS::SecurityHub::Standard in ${hub.stackName} has StandardsArn …::${SECURITY_HUB_STANDARD_PATHS[name]}`,
            ),
    );
  },
};
