import {
  CfnResource,
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  Stack,
  TagManager,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import {
  HIPAA_ELIGIBLE_CLOUDFORMATION_NAMESPACES,
  HIPAA_ELIGIBLE_SERVICES_REFERENCE,
} from '../../constructs/core/hipaa-eligible-services';
import { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../../constructs/core/phi-classification';

/** When the vendored HIPAA Eligible Services Reference was last compared with AWS's page. */
export const HIPAA_ELIGIBLE_LIST_DATE = HIPAA_ELIGIBLE_SERVICES_REFERENCE.retrieved;

/**
 * CloudFormation namespaces (`AWS::<Service>`) of services on AWS's HIPAA Eligible Services Reference,
 * from the vendored copy `constructs/core/data/hipaa-eligible-services.json` (dated
 * {@link HIPAA_ELIGIBLE_LIST_DATE}), the same file the `HipaaEligibleServicesOnly` SCP reads.
 *
 * @see https://aws.amazon.com/compliance/hipaa-eligible-services-reference/
 */
export const HIPAA_ELIGIBLE_NAMESPACES: readonly string[] = HIPAA_ELIGIBLE_CLOUDFORMATION_NAMESPACES;

/**
 * Namespaces that configure the account or deployment and never hold PHI (identity, templates,
 * custom-resource plumbing). Allowed in PHI stacks.
 */
export const CONTROL_PLANE_NAMESPACES: readonly string[] = [
  'AWS::CDK',
  'AWS::CloudFormation',
  'AWS::IAM',
  'AWS::SSO',
  'AWS::Organizations',
  'AWS::AccessAnalyzer',
  'AWS::Serverless',
  'AWS::ServiceCatalog',
];

/** The rule id reported for a resource type outside the eligible list. */
export const NOT_ELIGIBLE_RULE = 'HipaaEligible-ServiceNotEligible';

function namespaceOf(resourceType: string): string {
  return resourceType.split('::').slice(0, 2).join('::');
}

/** True when resources of `resourceType` may appear in a stack that holds PHI. */
export function isAllowedInPhiStack(resourceType: string): boolean {
  if (resourceType.startsWith('Custom::')) return true;
  const namespace = namespaceOf(resourceType);
  return HIPAA_ELIGIBLE_NAMESPACES.includes(namespace) || CONTROL_PLANE_NAMESPACES.includes(namespace);
}

function holdsPhi(stack: Stack): boolean {
  return stack.node
    .findAll()
    .some(
      (c) =>
        CfnResource.isCfnResource(c) &&
        TagManager.isTaggable(c) &&
        c.tags.tagValues()[DATA_CLASSIFICATION_TAG] === PHI_CLASSIFICATION,
    );
}

/**
 * A synth-time check that every resource in a stack holding PHI (any resource tagged
 * `DataClassification=PHI`) belongs to a HIPAA-eligible service. The gate runs it as a fatal check: its
 * findings cannot be acknowledged (a non-eligible service outside a business associate agreement cannot
 * be made safe for PHI by a reason).
 */
export class HipaaEligibleServicesCheck implements IPolicyValidationPlugin {
  public readonly name = 'HipaaEligible';
  public readonly ruleIds = [NOT_ELIGIBLE_RULE];

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return this.validateScope(context.appConstruct);
  }

  /** Checks every PHI stack under `root`. */
  public validateScope(root: IConstruct): PolicyValidationPluginReport {
    const offenders = new Map<string, string[]>();
    for (const stack of root.node.findAll().filter(Stack.isStack)) {
      if (!holdsPhi(stack)) continue;
      for (const c of stack.node.findAll()) {
        if (!CfnResource.isCfnResource(c) || Stack.of(c) !== stack || isAllowedInPhiStack(c.cfnResourceType))
          continue;
        offenders.set(c.cfnResourceType, [...(offenders.get(c.cfnResourceType) ?? []), c.node.path]);
      }
    }
    const violations = [...offenders.entries()].map(([type, paths]) => ({
      ruleName: NOT_ELIGIBLE_RULE,
      description: `${type} is not on AWS's HIPAA eligible services list (as of ${HIPAA_ELIGIBLE_LIST_DATE}) but is in a stack that holds PHI (164.308(b)(1)). Move it to a stack without PHI; the gate does not accept an acknowledgment of this finding.`,
      severity: 'error',
      violatingResources: paths.map((constructPath) => ({
        constructPath,
        locations: ['Type'],
        resourceLogicalId: '',
        templatePath: '',
      })),
    }));
    return { success: violations.length === 0, violations };
  }
}
