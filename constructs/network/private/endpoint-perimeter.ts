import { AspectPriority, Aspects, type IAspect, Stack, Stage } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * How far an endpoint's data perimeter reaches: `principal-and-resource` allows only requests by
 * principals of the account (or organization) to resources of the account (or organization);
 * `principal-only` checks the principal side alone, where the resource side would break what
 * workloads need (the reason is in {@link PRINCIPAL_ONLY_REASONS}).
 */
export type PerimeterReach = 'principal-and-resource' | 'principal-only';

/** Who is inside the perimeter: this account, or the organization when one is given. */
export interface PerimeterOwner {
  /** The account (the stack's account; a token in an environment-agnostic stack). */
  readonly account: string;
  /** The organization, when the perimeter is the organization. */
  readonly organizationId?: string;
}

/** Why an endpoint's perimeter stops at the principal side. */
export const PRINCIPAL_ONLY_REASONS: Readonly<Record<string, string>> = {
  SsmMessages:
    'ssmmessages actions (Session Manager and agent channels) have no resource type, so there is no resource owner to compare',
  Ec2Messages: 'ec2messages actions (Run Command message delivery) have no resource type',
  EcrApi:
    'images workloads need are in AWS-owned repositories of AWS service accounts that differ by Region (the GuardDuty runtime agent that GuardDuty adds to Fargate tasks among them); a resource-account condition would stop those pulls',
  EcrDocker: 'the same as ecr.api: image layers of AWS-owned repositories are pulled through it',
  GuardDutyData:
    'the runtime agent delivers telemetry to GuardDuty itself, not to a resource of this account; GuardDuty documents a principal-account condition for this endpoint',
  Backup:
    'backup:DescribeRestoreJob and the other describe and list actions restore evidence uses have no resource type',
};

/** The perimeter reach of a PhiVpc endpoint, by endpoint id. */
export function reachOf(endpointId: string): PerimeterReach {
  return PRINCIPAL_ONLY_REASONS[endpointId] ? 'principal-only' : 'principal-and-resource';
}

/**
 * AWS-owned buckets workloads in the VPC read through the S3 gateway endpoint. These requests are not
 * made by principals of the account, so they are allowed for `s3:GetObject` on the named buckets only:
 * the ECR layer bucket (layers are downloaded with URLs ECR's own account pre-signs), and the Amazon Linux
 * and Systems Manager buckets that yum, SSM Agent and Patch Manager read anonymously.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html
 * @see https://docs.aws.amazon.com/linux/al2023/ug/s3-gateway-endpoint.html
 */
export function awsOwnedBuckets(region: string): string[] {
  return [
    `prod-${region}-starport-layer-bucket`, // ECR image layers
    `al2023-repos-${region}-de612dc2`, // Amazon Linux 2023 package repositories
    `amazonlinux-2-repos-${region}`, // Amazon Linux 2 package repositories
    `aws-ssm-${region}`, // SSM Agent and SSM documents' downloads
    `amazon-ssm-${region}`, // SSM Agent installers and updates
    `amazon-ssm-packages-${region}`, // Distributor packages of AWS
    `${region}-birdwatcher-prod`, // Distributor package manifests
    `aws-ssm-distributor-file-${region}`, // Distributor files
    `aws-ssm-document-attachments-${region}`, // attachments of AWS-owned SSM documents
    `patch-baseline-snapshot-${region}`, // Patch Manager baseline snapshots
    `amazoncloudwatch-agent-${region}`, // CloudWatch agent packages
  ];
}

function principalKeys(owner: PerimeterOwner): Record<string, string> {
  return owner.organizationId
    ? { 'aws:PrincipalOrgID': owner.organizationId }
    : { 'aws:PrincipalAccount': owner.account };
}

function resourceKeys(owner: PerimeterOwner): Record<string, string> {
  return owner.organizationId
    ? { 'aws:ResourceOrgID': owner.organizationId }
    : { 'aws:ResourceAccount': owner.account };
}

/**
 * The endpoint policy statements of one endpoint: requests by principals of the account (organization),
 * to resources of the account (organization) unless the reach is principal-only, plus the AWS-owned
 * resources of S3 and Systems Manager that workloads need.
 *
 * @see https://github.com/aws-samples/data-perimeter-policy-examples/tree/main/vpc_endpoint_policies
 */
export function perimeterStatements(
  scope: IConstruct,
  endpointId: string,
  owner: PerimeterOwner,
  reach: PerimeterReach = reachOf(endpointId),
): iam.PolicyStatement[] {
  const { region, partition } = Stack.of(scope);
  const inside = owner.organizationId ? 'Organization' : 'Account';
  const statements = [
    new iam.PolicyStatement({
      sid:
        reach === 'principal-only'
          ? `AllowPrincipalsOfThis${inside}`
          : `AllowPrincipalsOfThis${inside}ToItsResources`,
      principals: [new iam.AnyPrincipal()],
      actions: ['*'],
      resources: ['*'],
      conditions: {
        StringEquals: {
          ...principalKeys(owner),
          ...(reach === 'principal-only' ? {} : resourceKeys(owner)),
        },
      },
    }),
  ];
  if (endpointId === 'S3') {
    statements.push(
      new iam.PolicyStatement({
        sid: 'AllowReadsOfAwsOwnedBucketsWorkloadsNeed',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject'],
        resources: awsOwnedBuckets(region).map((bucket) => `arn:${partition}:s3:::${bucket}/*`),
      }),
    );
  }
  if (endpointId === 'Ssm') {
    // SSM Agent and Patch Manager read AWS-owned documents (AWS-RunPatchBaseline…) and public
    // parameters, which have no owning account; principals stay limited to the account.
    statements.push(
      new iam.PolicyStatement({
        sid: `AllowPrincipalsOfThis${inside}ToAwsOwnedDocumentsAndParameters`,
        principals: [new iam.AnyPrincipal()],
        actions: [
          'ssm:Describe*',
          'ssm:Get*',
          'ssm:List*',
          'ssm:SendCommand',
          'ssm:CreateAssociation',
          'ssm:StartSession',
        ],
        resources: [
          `arn:${partition}:ssm:${region}::document/*`,
          `arn:${partition}:ssm:${region}::parameter/aws/*`,
        ],
        conditions: { StringEquals: principalKeys(owner) },
      }),
    );
  }
  return statements;
}

/**
 * Gives every VPC endpoint of `vpc` that other constructs add (and that has no policy of its own) the
 * principal-side perimeter, so no endpoint of a PhiVpc is open to principals of other accounts. Runs as a
 * mutating aspect over the stage, because such endpoints may live in other stacks (e.g. the Backup
 * endpoint of RestoreEvidence). The resource side is left out: the service behind such an endpoint is
 * not known to support it.
 */
export function applyPerimeterToForeignEndpoints(
  vpc: ec2.Vpc,
  owner: PerimeterOwner,
  own: ReadonlySet<ec2.VpcEndpoint>,
): void {
  const aspect: IAspect = {
    visit(node: IConstruct) {
      if (!(node instanceof ec2.VpcEndpoint) || own.has(node)) return;
      const resource = node.node.defaultChild;
      if (!(resource instanceof ec2.CfnVPCEndpoint) || resource.vpcId !== vpc.vpcId) return;
      const existing = (node as unknown as { readonly policyDocument?: iam.PolicyDocument }).policyDocument;
      if (existing && !existing.isEmpty) return;
      const account = Stack.of(node).account;
      for (const statement of perimeterStatements(
        node,
        node.node.id,
        { ...owner, account },
        'principal-only',
      ))
        node.addToPolicy(statement);
    },
  };
  Aspects.of(Stage.of(vpc) ?? vpc.node.root).add(aspect, { priority: AspectPriority.MUTATING });
}
