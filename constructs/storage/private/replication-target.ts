import { Stack, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { isKnownRegion } from '../../core/aws-regions';

/** Placeholders for the pseudo parameters an ARN may hold while it is checked. */
const PARTITION = '{partition}';
const ACCOUNT = '{account}';
const REGION = '{region}';
const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::Partition': PARTITION,
  'AWS::AccountId': ACCOUNT,
  'AWS::Region': REGION,
};

/**
 * A bucket ARN whose name is literal but for the account id (`Aws.ACCOUNT_ID`); the partition may be a
 * token. No Region in the name: in the source stack `Aws.REGION` is the source's Region, never the replica's.
 */
const BUCKET_ARN = /^arn:(aws[a-z-]*|\{partition\}):s3:::((?:[a-z0-9.-]|\{account\})+)$/;
/** A KMS key or alias ARN with a literal Region; partition and account may be tokens. */
const KEY_ARN =
  /^arn:(aws[a-z-]*|\{partition\}):kms:([a-z0-9-]+):(\d{12}|\{account\}):(key\/(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|alias\/(?!aws\/)[A-Za-z0-9:/_-]{1,250})$/;

/** Path of every replication role of a {@link PhiBucket}, under which the replica's policies name it. */
export const REPLICATION_ROLE_PATH_PREFIX = '/phi-replication/';

/** The Region, account and key of a validated `replicateTo`. */
export interface ReplicationTarget {
  /** The destination bucket's name, tokens included (e.g. `docs-replica-${AWS::AccountId}-us-west-2`). */
  readonly bucketName: string;
  /** The replica's Region, from the replica key's ARN (S3 requires the key in the destination's Region). */
  readonly region: string;
  /** The replica's account when the key ARN names it literally. */
  readonly account?: string;
  /** The alias name (`alias/…`) when the key is named by its alias ARN. */
  readonly alias?: string;
}

/**
 * An ARN as text with the partition, account and Region pseudo parameters as placeholders; undefined
 * when any other part is an unresolved token (a reference to a resource, a parameter, an import).
 */
export function arnText(scope: Construct, arn: string): string | undefined {
  if (typeof arn !== 'string') return undefined;
  if (!Token.isUnresolved(arn)) return arn;
  const resolved: unknown = Stack.of(scope).resolve(arn);
  if (typeof resolved === 'string') return resolved;
  const join =
    resolved !== null && typeof resolved === 'object' && 'Fn::Join' in resolved
      ? (resolved as { 'Fn::Join': [string, unknown[]] })['Fn::Join']
      : undefined;
  if (join?.[0] !== '' || !Array.isArray(join[1])) return undefined;
  let text = '';
  for (const part of join[1]) {
    const ref = part !== null && typeof part === 'object' ? (part as { Ref?: unknown }).Ref : undefined;
    if (typeof part === 'string') text += part;
    else if (typeof ref === 'string' && PSEUDO[ref]) text += PSEUDO[ref];
    else return undefined;
  }
  return text;
}

/** The problem with a destination bucket ARN, or undefined when it is acceptable. */
export function bucketArnProblem(scope: Construct, arn: string): string | undefined {
  const allowed =
    'a bucket ARN with a literal name (arn:aws:s3:::<name>; the partition, and the account inside the name, may be tokens), e.g. PhiReplicaBucket.replicationTarget(...).bucketArn';
  const text = arnText(scope, arn);
  const name = text === undefined ? undefined : BUCKET_ARN.exec(text)?.[2];
  if (name === undefined) return allowed;
  const literal = name.split(ACCOUNT).join('');
  const length = literal.length + ((name.length - literal.length) / ACCOUNT.length) * 12;
  const nameOk =
    /^[a-z0-9]/.test(name) && /[a-z0-9]$|\{account\}$/.test(name) && literal.length >= 3 && length <= 63;
  return nameOk && !name.includes('..') ? undefined : `${allowed}; S3 bucket names are 3 to 63 characters`;
}

/** The parts of a replica key ARN, or undefined when it is malformed or its Region is not a known literal. */
export function parseReplicaKeyArn(
  scope: Construct,
  arn: string,
): { region: string; account?: string; alias?: string } | undefined {
  const text = arnText(scope, arn);
  const match = text === undefined ? null : KEY_ARN.exec(text);
  if (!match) return undefined;
  const [, , region, account, resource] = match as unknown as [string, string, string, string, string];
  if (region === REGION || !isKnownRegion(region)) return undefined;
  return {
    region,
    account: account === ACCOUNT ? undefined : account,
    alias: resource.startsWith('alias/') ? resource : undefined,
  };
}

/**
 * The name of the bucket a validated bucket ARN names, tokens kept: the text after `arn:<partition>:s3:::`.
 * The separator is literal, so slicing the encoded string leaves every token whole.
 */
export function bucketNameOf(bucketArn: string): string {
  return bucketArn.slice(bucketArn.indexOf(':::') + 3);
}

/**
 * The IAM path of the replication role of a bucket replicating to `bucketName`: the replica's bucket
 * and key policies admit roles under this path only, so only roles made to replicate into that bucket
 * can write there.
 */
export function replicationRolePath(bucketName: string): string {
  return `${REPLICATION_ROLE_PATH_PREFIX}${bucketName}/`;
}
