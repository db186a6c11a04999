import {
  CfnResource,
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  Stack,
  TagManager,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../../constructs/core/phi-classification';

/** When the eligible-services list below was last compared with AWS's reference page. */
export const HIPAA_ELIGIBLE_LIST_DATE = '2026-11-28';

/**
 * CloudFormation namespaces (`AWS::<Service>`) of services on AWS's HIPAA Eligible Services Reference,
 * as of {@link HIPAA_ELIGIBLE_LIST_DATE}. Review it against the page when upgrading.
 *
 * @see https://aws.amazon.com/compliance/hipaa-eligible-services-reference/
 */
export const HIPAA_ELIGIBLE_NAMESPACES: readonly string[] = [
  'AWS::ApiGateway',
  'AWS::ApiGatewayV2',
  'AWS::AppSync',
  'AWS::Athena',
  'AWS::Backup',
  'AWS::Batch',
  'AWS::CertificateManager',
  'AWS::CloudFront',
  'AWS::CloudHSM',
  'AWS::CloudTrail',
  'AWS::CloudWatch',
  'AWS::CodeBuild',
  'AWS::CodeCommit',
  'AWS::CodeDeploy',
  'AWS::CodePipeline',
  'AWS::Cognito',
  'AWS::Comprehend',
  'AWS::Config',
  'AWS::Connect',
  'AWS::DataSync',
  'AWS::Detective',
  'AWS::DirectoryService',
  'AWS::DMS',
  'AWS::DocDB',
  'AWS::DynamoDB',
  'AWS::EC2',
  'AWS::ECR',
  'AWS::ECS',
  'AWS::EFS',
  'AWS::EKS',
  'AWS::ElastiCache',
  'AWS::ElasticBeanstalk',
  'AWS::ElasticLoadBalancing',
  'AWS::ElasticLoadBalancingV2',
  'AWS::EMR',
  'AWS::Events',
  'AWS::FSx',
  'AWS::Glue',
  'AWS::GuardDuty',
  'AWS::HealthLake',
  'AWS::Inspector',
  'AWS::InspectorV2',
  'AWS::IoT',
  'AWS::Kendra',
  'AWS::Kinesis',
  'AWS::KinesisFirehose',
  'AWS::KinesisAnalyticsV2',
  'AWS::KMS',
  'AWS::Lambda',
  'AWS::Lex',
  'AWS::Logs',
  'AWS::Macie',
  'AWS::AmazonMQ',
  'AWS::MSK',
  'AWS::Neptune',
  'AWS::OpenSearchService',
  'AWS::QuickSight',
  'AWS::RDS',
  'AWS::Redshift',
  'AWS::Rekognition',
  'AWS::Route53',
  'AWS::S3',
  'AWS::SageMaker',
  'AWS::SecretsManager',
  'AWS::SecurityHub',
  'AWS::Shield',
  'AWS::SNS',
  'AWS::SQS',
  'AWS::SSM',
  'AWS::StepFunctions',
  'AWS::StorageGateway',
  'AWS::Transfer',
  'AWS::WAFv2',
  'AWS::WorkSpaces',
  'AWS::XRay',
];

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
 * `DataClassification=PHI`) belongs to a HIPAA-eligible service. Findings can be acknowledged as
 * `HipaaEligible::HipaaEligible-ServiceNotEligible` when the resource provably never touches PHI.
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
      description: `${type} is not on AWS's HIPAA eligible services list (as of ${HIPAA_ELIGIBLE_LIST_DATE}) but is in a stack that holds PHI (164.308(b)(1)). Move it to a stack without PHI, or acknowledge it with the reason it never touches PHI.`,
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
