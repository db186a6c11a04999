import { CfnResource, Stack } from 'aws-cdk-lib';

/**
 * How to tell, from a synthesized resource, whether its data is encrypted at rest with a key the
 * account can audit. One row per resource type the {@link PhiDataGuard} inspects; resource types not
 * listed are not data stores and are not inspected.
 */
interface EncryptionRule {
  /** What the message says is missing. */
  readonly requirement: string;
  /** True when the resolved CloudFormation properties satisfy the requirement. */
  readonly isEncrypted: (props: Record<string, unknown>) => boolean;
  /** True when the resource is covered by another one (e.g. an Aurora instance by its cluster). */
  readonly coveredElsewhere?: (props: Record<string, unknown>) => boolean;
}

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

const ENCRYPTION_RULES: Readonly<Record<string, EncryptionRule>> = {
  'AWS::S3::Bucket': {
    requirement: 'default encryption (BucketEncryption with SSE-KMS, or SSE-S3 for log-delivery buckets)',
    isEncrypted: (p) => {
      const rules = (p.BucketEncryption as { ServerSideEncryptionConfiguration?: unknown[] } | undefined)
        ?.ServerSideEncryptionConfiguration;
      return Array.isArray(rules) && rules.length > 0;
    },
  },
  'AWS::DynamoDB::Table': {
    requirement: 'SSESpecification.SSEEnabled: true (a KMS key the account controls)',
    isEncrypted: (p) => (p.SSESpecification as { SSEEnabled?: unknown } | undefined)?.SSEEnabled === true,
  },
  'AWS::DynamoDB::GlobalTable': {
    requirement: 'SSESpecification.SSEEnabled: true (a KMS key the account controls)',
    isEncrypted: (p) => (p.SSESpecification as { SSEEnabled?: unknown } | undefined)?.SSEEnabled === true,
  },
  'AWS::RDS::DBCluster': {
    requirement: 'StorageEncrypted: true',
    isEncrypted: (p) => p.StorageEncrypted === true,
  },
  'AWS::RDS::DBInstance': {
    requirement: 'StorageEncrypted: true',
    isEncrypted: (p) => p.StorageEncrypted === true,
    coveredElsewhere: (p) => present(p.DBClusterIdentifier),
  },
  'AWS::Logs::LogGroup': {
    requirement: 'KmsKeyId (a customer-managed KMS key)',
    isEncrypted: (p) => present(p.KmsKeyId),
  },
  'AWS::SNS::Topic': {
    requirement: 'KmsMasterKeyId (a KMS key)',
    isEncrypted: (p) => present(p.KmsMasterKeyId),
  },
  'AWS::SQS::Queue': {
    requirement: 'KmsMasterKeyId (a KMS key) or SqsManagedSseEnabled: true',
    isEncrypted: (p) => present(p.KmsMasterKeyId) || p.SqsManagedSseEnabled === true,
  },
};

/** Resource types whose encryption at rest the guard verifies. */
export const GUARDED_RESOURCE_TYPES: readonly string[] = Object.keys(ENCRYPTION_RULES);

/**
 * Checks one CloudFormation resource for encryption at rest.
 *
 * @returns what is missing, or `undefined` when the resource is encrypted or is not a data store
 */
export function missingEncryption(resource: CfnResource): string | undefined {
  const rule = ENCRYPTION_RULES[resource.cfnResourceType];
  if (!rule) return undefined;
  const stack = Stack.of(resource);
  const resolved = stack.resolve(
    (resource as unknown as { _toCloudFormation(): unknown })._toCloudFormation(),
  ) as {
    Resources?: Record<string, { Properties?: Record<string, unknown> }>;
  };
  const props = Object.values(resolved.Resources ?? {})[0]?.Properties ?? {};
  if (rule.coveredElsewhere?.(props)) return undefined;
  return rule.isEncrypted(props) ? undefined : rule.requirement;
}
