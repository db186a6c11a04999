/**
 * The asset inventory, network map and proposed-rule readiness parts of the compliance report model
 * (`report.json` → `assets` and `proposedRule`; `inventory.json` holds `assets`). Built from the
 * synthesized templates at every synth.
 */

/** What kind of asset a resource is. */
export type AssetCategory = 'data-store' | 'key' | 'network' | 'compute' | 'endpoint';

/** How an asset's data at rest is encrypted, as the template says. */
export type AssetEncryption =
  /** A KMS key (customer managed or AWS managed) is named. */
  | 'kms'
  /** Encrypted with a key the service owns (SSE-S3, SQS-managed SSE, DynamoDB's default). */
  | 'service-managed'
  /** Not encrypted at rest. */
  | 'none'
  /** The setting cannot be known at synth (a parameter, an import): never counted as encrypted. */
  | 'unverified'
  /** The asset holds no data at rest of its own (a subnet, a load balancer, a KMS key itself). */
  | 'not-applicable';

/** The owner an asset without an `Owner` tag is listed under (and shown as a gap). */
export const UNASSIGNED_OWNER = 'unassigned';

/** One PHI-relevant asset of the app. */
export interface AssetRow {
  readonly stack: string;
  readonly logicalId: string;
  /** The construct path, or '' when the template does not record one. */
  readonly constructPath: string;
  readonly type: string;
  readonly category: AssetCategory;
  /** The `DataClassification` tag: `PHI`, another value the app set, or `unclassified`. */
  readonly classification: string;
  /** The `Owner` tag, or {@link UNASSIGNED_OWNER}. */
  readonly owner: string;
  readonly encryption: AssetEncryption;
  /** The key as synthesized: `Stack/LogicalId` of a key in the app, an ARN or alias, or absent. */
  readonly encryptionKey?: string;
  /** Backup plans (`Stack/LogicalId`) whose selections cover the asset, by tag or by resource. */
  readonly backupPlans: readonly string[];
  /** Subnet tiers the asset is placed in (VPC-attached assets only). */
  readonly subnetTiers: readonly SubnetTier[];
  /** HIPAA citations of the rules that evaluated the asset at synth. */
  readonly citations: readonly string[];
  /** What an auditor would ask about: PHI assets without owner, key, backup, or in a public subnet. */
  readonly gaps: readonly string[];
}

/** A subnet's tier, from its route table: IGW route = public, NAT route = private, neither = isolated. */
export type SubnetTier = 'public' | 'private' | 'isolated';

/** One node of the network map. */
export interface NetworkNode {
  /** Stable id: `Stack/LogicalId` for resources, `cidr:<block>` / `prefix-list:<id>` for sources. */
  readonly id: string;
  readonly kind:
    | 'vpc'
    | 'subnet'
    | 'endpoint'
    | 'load-balancer'
    | 'security-group'
    | 'internet-gateway'
    | 'nat-gateway'
    | 'cidr';
  /** What the map shows: a construct id, a CIDR block, a service name. */
  readonly label: string;
  /** The VPC (`Stack/LogicalId`) the node belongs to, when known. */
  readonly vpc?: string;
  /** Subnets only. */
  readonly tier?: SubnetTier;
  /** Extra facts: the CIDR of a subnet, the scheme of a load balancer, what an SG is attached to. */
  readonly detail?: string;
}

/** One allowed path: ingress to a security group from another group or a CIDR, or egress to the internet. */
export interface NetworkEdge {
  readonly from: string;
  readonly to: string;
  /** `tcp 443`, `all traffic`, `egress`. */
  readonly label: string;
  readonly kind: 'ingress' | 'egress';
}

/** The network map generated from the templates. */
export interface NetworkMap {
  readonly nodes: readonly NetworkNode[];
  readonly edges: readonly NetworkEdge[];
}

/** The asset inventory section of the report (also written alone as `inventory.json`). */
export interface AssetInventory {
  readonly assets: readonly AssetRow[];
  readonly network: NetworkMap;
}

/** How ready the infrastructure's evidence is for one proposed requirement. */
export type ReadinessStatus = 'ready' | 'partial' | 'not-ready';

/** One proposed requirement, scored. */
export interface ReadinessRow {
  readonly id: string;
  readonly title: string;
  /** The section of the proposed regulatory text (90 FR 898), e.g. `proposed 164.308(a)(1)`. */
  readonly nprmSection: string;
  readonly requirement: string;
  readonly status: ReadinessStatus;
  /** Why, in a sentence, naming what was found or is missing. */
  readonly reason: string;
}

/** The proposed-rule readiness section: never part of a current citation's status. */
export interface ProposedRuleReadiness {
  /** Always `proposed rule — not in force`. */
  readonly notice: string;
  /** The Federal Register citation of the proposal. */
  readonly source: string;
  readonly requirements: readonly ReadinessRow[];
}
