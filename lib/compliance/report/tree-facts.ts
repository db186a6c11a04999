import { CfnResource, Stack, TagManager, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { GUARDED_RESOURCE_TYPES, missingEncryption } from '../../../constructs/core/encryption-at-rest';
import { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../../../constructs/core/phi-classification';
import { readableText } from '../../../constructs/core/readable-text';
import {
  EXCEPTION_METADATA_KEY,
  MANUAL_ATTESTATION_METADATA_KEY,
  ORG_CONTROL_METADATA_KEY,
  PAGING_METADATA_KEY,
  type PagingRecord,
  RELAXATION_METADATA_KEY,
} from '../../../constructs/core/report-metadata';
import { acknowledgmentOrigin, type ExceptionSource } from '../exception-policy';
import type { DataStoreRow, LogDestinationRow, OrgControlRow, PagingRow, ResourceRef } from './model';

/** An acknowledgment recorded anywhere in the tree, with its exception details. */
export interface RecordedAcknowledgment {
  readonly id: string;
  readonly reason: string;
  readonly acknowledgedAt: string;
  readonly owner?: string;
  readonly ticket?: string;
  readonly expires?: string;
  /** `built-in` for the toolkit's and aws-cdk-lib's own acknowledgments, `user` for the app's. */
  readonly source?: ExceptionSource;
  /** The source line that made the acknowledgment (`file:line`), when known. */
  readonly location?: string;
}

/** A relaxation or manual-attestation record found on a construct. */
export interface RecordedNote {
  readonly constructPath: string;
  readonly citation: string;
  readonly setting: string;
  readonly reason: string;
}

/** Facts the report reads from the construct tree (not from the templates). */
export interface TreeFacts {
  readonly acknowledgments: readonly RecordedAcknowledgment[];
  readonly relaxations: readonly RecordedNote[];
  readonly manualAttestations: readonly RecordedNote[];
  readonly dataStores: readonly DataStoreRow[];
  readonly logDestinations: readonly LogDestinationRow[];
  readonly phiTagged: readonly ResourceRef[];
  readonly stacks: readonly string[];
  readonly orgWideControls: readonly OrgControlRow[];
  /** Who each alert topic pages (recorded by `pageThrough`). */
  readonly paging: readonly PagingRow[];
}

type Props = Record<string, unknown>;

/** Reads a nested value from synthesized properties: `dig(p, 'A', 0, 'B')` is `p.A?.[0]?.B`. */
function dig(value: unknown, ...path: (string | number)[]): unknown {
  let node = value;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

const SSE_DEFAULT = [
  'BucketEncryption',
  'ServerSideEncryptionConfiguration',
  0,
  'ServerSideEncryptionByDefault',
] as const;

const KEY_PROPERTIES: Readonly<Record<string, (p: Props) => unknown>> = {
  'AWS::S3::Bucket': (p) => dig(p, ...SSE_DEFAULT, 'KMSMasterKeyID'),
  'AWS::DynamoDB::Table': (p) => dig(p, 'SSESpecification', 'KMSMasterKeyId'),
  'AWS::DynamoDB::GlobalTable': (p) => dig(p, 'SSESpecification', 'KMSMasterKeyId'),
  'AWS::RDS::DBCluster': (p) => p.KmsKeyId,
  'AWS::RDS::DBInstance': (p) => p.KmsKeyId,
  'AWS::Logs::LogGroup': (p) => p.KmsKeyId,
  'AWS::SNS::Topic': (p) => p.KmsMasterKeyId,
  'AWS::SQS::Queue': (p) => p.KmsMasterKeyId,
};

/** A short, stable description of a synthesized key reference: a logical id, an ARN or an alias. */
export function describeKeyRef(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['Fn::GetAtt'])) return String((v['Fn::GetAtt'] as unknown[])[0]);
  if (typeof v.Ref === 'string') return v.Ref;
  return JSON.stringify(value);
}

function cfnProperties(resource: CfnResource): Props {
  const rendered = Stack.of(resource).resolve(
    (resource as unknown as { _toCloudFormation(): unknown })._toCloudFormation(),
  ) as { Resources?: Record<string, { Properties?: Record<string, unknown> }> };
  return Object.values(rendered.Resources ?? {})[0]?.Properties ?? {};
}

function refOf(resource: CfnResource): ResourceRef {
  const stack = Stack.of(resource);
  return {
    stack: stack.stackName,
    logicalId: stack.resolve(resource.logicalId) as string,
    constructPath: resource.node.path,
    type: resource.cfnResourceType,
  };
}

function isPhiTagged(resource: CfnResource): boolean {
  return (
    TagManager.isTaggable(resource) &&
    resource.tags.tagValues()[DATA_CLASSIFICATION_TAG] === PHI_CLASSIFICATION
  );
}

/** Reads acknowledgments, report notes and the data inventory from a synthesized app's construct tree. */
export function readTreeFacts(root: IConstruct): TreeFacts {
  const acknowledgments: RecordedAcknowledgment[] = [];
  const relaxations: RecordedNote[] = [];
  const manualAttestations: RecordedNote[] = [];
  const dataStores: DataStoreRow[] = [];
  const logDestinations: LogDestinationRow[] = [];
  const phiTagged: ResourceRef[] = [];
  const orgWideControls: OrgControlRow[] = [];
  const paging: PagingRow[] = [];
  const stacks = new Set<string>();

  for (const construct of root.node.findAll()) {
    if (Stack.isStack(construct)) stacks.add(construct.stackName);
    const details = new Map<string, Record<string, string>>();
    for (const entry of construct.node.metadata) {
      if (entry.type === EXCEPTION_METADATA_KEY) details.set(entry.data.id, entry.data);
    }
    // Reasons may carry tokens (an ARN with the partition): show stable placeholders, not token text.
    const readable = <T extends { reason: string }>(note: T): T => ({
      ...note,
      reason: readableText(construct, note.reason),
    });
    for (const entry of construct.node.metadata) {
      const path = construct.node.path;
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data) {
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          const extra = details.get(id) ?? {};
          acknowledgments.push(
            readable({
              id,
              reason,
              acknowledgedAt: path,
              ...withoutId(extra),
              // Built-in (toolkit, aws-cdk-lib) or the app's, and the source line that made it.
              ...acknowledgmentOrigin(entry.trace, details.get(id)),
            }),
          );
        }
      } else if (entry.type === PAGING_METADATA_KEY) {
        const record = entry.data as PagingRecord;
        paging.push({
          ...record,
          alerts: readableText(construct, record.alerts),
          subscribers: record.subscribers.map((s) => readableText(construct, s)),
        });
      } else if (entry.type === RELAXATION_METADATA_KEY) {
        relaxations.push(
          readable({ constructPath: path, ...(entry.data as Omit<RecordedNote, 'constructPath'>) }),
        );
      } else if (entry.type === ORG_CONTROL_METADATA_KEY) {
        orgWideControls.push({
          ...(entry.data as Omit<OrgControlRow, 'constructPath'>),
          constructPath: path,
        });
      } else if (entry.type === MANUAL_ATTESTATION_METADATA_KEY) {
        manualAttestations.push(
          readable({ constructPath: path, ...(entry.data as Omit<RecordedNote, 'constructPath'>) }),
        );
      }
    }
    if (!CfnResource.isCfnResource(construct)) continue;
    const ref = refOf(construct);
    const phi = isPhiTagged(construct);
    if (phi) phiTagged.push(ref);
    if (GUARDED_RESOURCE_TYPES.includes(construct.cfnResourceType)) {
      const props = cfnProperties(construct);
      if (construct.cfnResourceType === 'AWS::RDS::DBInstance' && props.DBClusterIdentifier) continue;
      const key = describeKeyRef(KEY_PROPERTIES[construct.cfnResourceType]?.(props));
      dataStores.push({
        ...ref,
        encrypted: missingEncryption(construct) === undefined,
        ...(key ? { key } : {}),
        phi,
      });
      if (construct.cfnResourceType === 'AWS::Logs::LogGroup') {
        logDestinations.push({
          ...ref,
          retentionDays: typeof props.RetentionInDays === 'number' ? props.RetentionInDays : null,
        });
      }
      if (construct.cfnResourceType === 'AWS::S3::Bucket' && isLogBucket(props)) {
        logDestinations.push({ ...ref, retentionDays: logBucketRetention(props) ?? null });
      }
    }
  }
  return {
    acknowledgments,
    relaxations,
    manualAttestations,
    dataStores,
    logDestinations,
    phiTagged,
    stacks: [...stacks],
    orgWideControls,
    paging,
  };
}

function withoutId(
  data: Record<string, string>,
): Omit<RecordedAcknowledgment, 'id' | 'reason' | 'acknowledgedAt'> {
  const { id: _id, ...rest } = data;
  return rest;
}

/** A bucket is a log destination when S3 log delivery may write to it (SSE-S3 and an expiring lifecycle). */
function isLogBucket(props: Props): boolean {
  const algorithm = dig(props, ...SSE_DEFAULT, 'SSEAlgorithm');
  return algorithm === 'AES256' && logBucketRetention(props) !== undefined;
}

function logBucketRetention(props: Props): number | null | undefined {
  const rules = (dig(props, 'LifecycleConfiguration', 'Rules') ?? []) as { ExpirationInDays?: number }[];
  const days = rules.map((r) => r.ExpirationInDays).filter((d): d is number => typeof d === 'number');
  if (days.length === 0) return rules.length > 0 ? null : undefined;
  return Math.min(...days);
}
