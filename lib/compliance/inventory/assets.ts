import { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../../../constructs/core/phi-classification';
import { type Resolved, Unresolved } from '../template/resolve';
import {
  isSpecial,
  refOf,
  type TemplateResource,
  type TemplateSet,
  valuesAt,
} from '../template/template-set';
import { type AssetCategory, type AssetEncryption, type AssetRow, UNASSIGNED_OWNER } from './inventory-model';
import { keyOf, type NetworkFacts } from './network-map';

/** The tag that names who answers for an asset. */
export const OWNER_TAG_KEY = 'Owner';

/** What a store's template says about its encryption at rest: the kind, and the key when one is named. */
type EncryptionReading = { readonly encryption: AssetEncryption; readonly key?: Resolved };
type Props = { readonly [key: string]: Resolved };

const first = (props: Props, path: string): Resolved | undefined => valuesAt(props, path)[0];
/** KMS when a key is named; otherwise `fallback` (what the service does when none is). */
const keyOr = (key: Resolved | undefined, fallback: AssetEncryption): EncryptionReading =>
  key !== undefined ? { encryption: 'kms', key } : { encryption: fallback };
/** For stores with an on/off flag: none when off, KMS when a key is named, else the service's key. */
const flagged = (on: Resolved | undefined, key: Resolved | undefined): EncryptionReading =>
  on instanceof Unresolved
    ? { encryption: 'unverified' }
    : on === true || on === 'true'
      ? keyOr(key, 'kms')
      : { encryption: 'none' };

/** Every asset type the inventory lists: its category and how to read its encryption. */
const ASSET_TYPES: Readonly<
  Record<string, { category: AssetCategory; read?: (p: Props) => EncryptionReading }>
> = {
  'AWS::S3::Bucket': {
    category: 'data-store',
    read: (p) => {
      const sse = first(
        p,
        'BucketEncryption.ServerSideEncryptionConfiguration[].ServerSideEncryptionByDefault',
      );
      const algorithm =
        sse && typeof sse === 'object' && !isSpecial(sse) ? (sse as Props).SSEAlgorithm : undefined;
      const key =
        sse && typeof sse === 'object' && !isSpecial(sse) ? (sse as Props).KMSMasterKeyID : undefined;
      if (algorithm instanceof Unresolved) return { encryption: 'unverified' };
      return typeof algorithm === 'string' && algorithm.startsWith('aws:kms')
        ? keyOr(key, 'kms')
        : { encryption: 'service-managed' };
    },
  },
  'AWS::DynamoDB::Table': {
    category: 'data-store',
    read: (p) =>
      first(p, 'SSESpecification.SSEEnabled') === true
        ? keyOr(first(p, 'SSESpecification.KMSMasterKeyId'), 'kms')
        : { encryption: 'service-managed' },
  },
  'AWS::RDS::DBCluster': { category: 'data-store', read: (p) => flagged(p.StorageEncrypted, p.KmsKeyId) },
  'AWS::RDS::DBInstance': { category: 'data-store', read: (p) => flagged(p.StorageEncrypted, p.KmsKeyId) },
  'AWS::EFS::FileSystem': { category: 'data-store', read: (p) => flagged(p.Encrypted, p.KmsKeyId) },
  'AWS::SQS::Queue': {
    category: 'data-store',
    read: (p) => keyOr(p.KmsMasterKeyId, p.SqsManagedSseEnabled === false ? 'none' : 'service-managed'),
  },
  'AWS::SNS::Topic': { category: 'data-store', read: (p) => keyOr(p.KmsMasterKeyId, 'none') },
  'AWS::Logs::LogGroup': { category: 'data-store', read: (p) => keyOr(p.KmsKeyId, 'service-managed') },
  'AWS::Kinesis::Stream': {
    category: 'data-store',
    read: (p) => keyOr(first(p, 'StreamEncryption.KeyId'), 'none'),
  },
  'AWS::SecretsManager::Secret': { category: 'data-store', read: (p) => keyOr(p.KmsKeyId, 'kms') },
  'AWS::Backup::BackupVault': { category: 'data-store', read: (p) => keyOr(p.EncryptionKeyArn, 'kms') },
  'AWS::ElastiCache::ReplicationGroup': {
    category: 'data-store',
    read: (p) => flagged(p.AtRestEncryptionEnabled, p.KmsKeyId),
  },
  'AWS::OpenSearchService::Domain': {
    category: 'data-store',
    read: (p) =>
      flagged(first(p, 'EncryptionAtRestOptions.Enabled'), first(p, 'EncryptionAtRestOptions.KmsKeyId')),
  },
  'AWS::Redshift::Cluster': { category: 'data-store', read: (p) => flagged(p.Encrypted, p.KmsKeyId) },
  'AWS::KMS::Key': { category: 'key' },
  'AWS::EC2::VPC': { category: 'network' },
  'AWS::EC2::Subnet': { category: 'network' },
  'AWS::EC2::VPCEndpoint': { category: 'network' },
  'AWS::EC2::SecurityGroup': { category: 'network' },
  'AWS::EC2::InternetGateway': { category: 'network' },
  'AWS::EC2::NatGateway': { category: 'network' },
  'AWS::EC2::Instance': {
    category: 'compute',
    read: (p) => keyOr(first(p, 'BlockDeviceMappings[].Ebs.KmsKeyId'), 'none'),
  },
  'AWS::EC2::LaunchTemplate': {
    category: 'compute',
    read: (p) => keyOr(first(p, 'LaunchTemplateData.BlockDeviceMappings[].Ebs.KmsKeyId'), 'none'),
  },
  'AWS::Lambda::Function': { category: 'compute', read: (p) => keyOr(p.KmsKeyArn, 'service-managed') },
  'AWS::ECS::Service': { category: 'compute' },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { category: 'endpoint' },
  'AWS::ElasticLoadBalancing::LoadBalancer': { category: 'endpoint' },
  'AWS::ApiGateway::RestApi': { category: 'endpoint' },
  'AWS::ApiGatewayV2::Api': { category: 'endpoint' },
  'AWS::CloudFront::Distribution': { category: 'endpoint' },
};

/** Resource types AWS Backup can protect: a PHI one outside every backup plan is a gap. */
export const BACKUP_SUPPORTED_TYPES: ReadonlySet<string> = new Set([
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::EFS::FileSystem',
  'AWS::EC2::Instance',
  'AWS::Redshift::Cluster',
]);

/** The asset types of the inventory. */
export const ASSET_RESOURCE_TYPES: readonly string[] = Object.keys(ASSET_TYPES);

/** A tag's value, also from a launch template's own tag specifications. */
function tagOf(resource: TemplateResource, key: string): Resolved | undefined {
  const direct = resource.tag(key);
  if (direct !== undefined || resource.type !== 'AWS::EC2::LaunchTemplate') return direct;
  const tags = valuesAt(resource.properties, 'LaunchTemplateData.TagSpecifications[].Tags[]');
  const entry = tags.find((t) => t && typeof t === 'object' && !isSpecial(t) && (t as Props).Key === key);
  return entry ? (entry as Props).Value : undefined;
}

/** How the inventory names a key: `Stack/LogicalId` of a key in the app, else the ARN or alias text. */
function describeKey(set: TemplateSet, key: Resolved | undefined): string | undefined {
  if (key === undefined) return undefined;
  const target = set.target(key);
  if (target) return keyOf(target);
  return String(key);
}

/** One backup selection: its plan and which resources it covers. */
interface Selection {
  readonly plan: string;
  readonly covers: (resource: TemplateResource) => boolean;
}

function readSelections(set: TemplateSet): Selection[] {
  return set.ofType('AWS::Backup::BackupSelection').map((selection) => {
    const plan = set.target(selection.properties.BackupPlanId);
    const body = (selection.properties.BackupSelection ?? {}) as Props;
    const byTag = valuesAt(body, 'ListOfTags[]') as Props[];
    const resources = valuesAt(body, 'Resources[]');
    const excluded = valuesAt(body, 'NotResources[]');
    const conditions = valuesAt(body, 'Conditions.StringEquals[]') as Props[];
    const wildcard = resources.some((r) => r === '*');
    return {
      plan: plan ? keyOf(plan) : keyOf(selection),
      covers: (resource) => {
        const named = (list: Resolved[]) => list.some((v) => set.target(v) === resource);
        if (named(excluded)) return false;
        if (named(resources)) return true;
        if (byTag.some((t) => t && tagOf(resource, String(t.ConditionKey)) === t.ConditionValue)) return true;
        return (
          wildcard &&
          conditions.every(
            (c) =>
              tagOf(resource, String(c.ConditionKey).replace(/^aws:ResourceTag\//, '')) === c.ConditionValue,
          )
        );
      },
    };
  });
}

/**
 * Lists every PHI-relevant asset of the assembly (data stores, KMS keys, network, compute, endpoints)
 * with its classification, owner, encryption key, backup plans, subnet tiers and the citations of the
 * rules that evaluated it; a PHI asset without an owner, a KMS key, a backup plan, or placed in a public
 * subnet lists that as a gap.
 *
 * @param citationsByResource HIPAA citations per construct path (`Stack/LogicalId` when none)
 */
export function extractAssets(
  set: TemplateSet,
  network: NetworkFacts,
  citationsByResource: ReadonlyMap<string, readonly string[]>,
): AssetRow[] {
  const selections = readSelections(set);
  const rows: AssetRow[] = [];
  for (const resource of set.resources) {
    const spec = ASSET_TYPES[resource.type];
    if (!spec) continue;
    // An instance of an Aurora cluster holds no data of its own: the cluster is the store.
    if (resource.type === 'AWS::RDS::DBInstance' && resource.properties.DBClusterIdentifier !== undefined)
      continue;
    const classificationTag = tagOf(resource, DATA_CLASSIFICATION_TAG);
    const classification = typeof classificationTag === 'string' ? classificationTag : 'unclassified';
    const ownerTag = tagOf(resource, OWNER_TAG_KEY) ?? tagOf(resource, OWNER_TAG_KEY.toLowerCase());
    const owner = typeof ownerTag === 'string' && ownerTag.trim() ? ownerTag : UNASSIGNED_OWNER;
    const reading: EncryptionReading = spec.read?.(resource.properties) ?? { encryption: 'not-applicable' };
    const encryption =
      refOf(reading.key) === undefined && reading.key instanceof Unresolved
        ? 'unverified'
        : reading.encryption;
    const encryptionKey = describeKey(set, reading.key);
    const backupPlans = BACKUP_SUPPORTED_TYPES.has(resource.type)
      ? [...new Set(selections.filter((s) => s.covers(resource)).map((s) => s.plan))]
      : [];
    const subnetTiers = network.tiersOf(resource);
    const gaps: string[] = [];
    if (classification === PHI_CLASSIFICATION) {
      if (owner === UNASSIGNED_OWNER) gaps.push(`no ${OWNER_TAG_KEY} tag`);
      if (spec.category === 'data-store' && encryption !== 'kms')
        gaps.push(`not encrypted with a KMS key (${encryption})`);
      if (
        BACKUP_SUPPORTED_TYPES.has(resource.type) &&
        resource.type !== 'AWS::EC2::Instance' &&
        backupPlans.length === 0
      )
        gaps.push('in no backup plan');
      if (subnetTiers.includes('public')) gaps.push('placed in a public subnet');
    }
    rows.push({
      stack: resource.stackName,
      logicalId: resource.logicalId,
      constructPath: resource.constructPath,
      type: resource.type,
      category: spec.category,
      classification,
      owner,
      encryption,
      ...(encryptionKey ? { encryptionKey } : {}),
      backupPlans,
      subnetTiers,
      citations: [...(citationsByResource.get(resource.constructPath || keyOf(resource)) ?? [])].sort(),
      gaps,
    });
  }
  return rows;
}
