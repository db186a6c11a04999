import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { AccessLogsBucket } from '../storage/access-logs-bucket';
import { deliverAccessLogsByBucketPolicy } from '../storage/private/access-log-delivery';
import { HARDENED_BUCKET_PROPS } from '../storage/private/hardened-bucket-props';
import { ACCOUNT_ID_PATTERN, ORG_ID_PATTERN, REGION_PATTERN } from './private/validation';

const QUALIFIER_PATTERN = /^[A-Za-z0-9_-]{1,10}$/;

/** The default CDK bootstrap qualifier. */
export const DEFAULT_BOOTSTRAP_QUALIFIER = 'hnb659fds';

/** The name of the member-asset bucket of `account` without its `-<region>` suffix. */
export function memberAssetBucketPrefix(account: string): string {
  return `hipaa-baseline-assets-${account}`;
}

/** The name of the member-asset bucket of `account` in `region`. */
export function memberAssetBucketName(account: string, region: string): string {
  return `${memberAssetBucketPrefix(account)}-${region}`;
}

/** The CDK bootstrap role that publishes file assets in `account` and `region`. */
export function filePublishingRoleArn(account: string, region: string, qualifier: string): string {
  return `arn:\${AWS::Partition}:iam::${account}:role/cdk-${qualifier}-file-publishing-role-${account}-${region}`;
}

/** Properties of a {@link MemberAssetBucket}. */
export interface MemberAssetBucketProps {
  /** The organization (`o-…`) whose accounts may read the assets. */
  readonly organizationId: string;
  /**
   * The CDK bootstrap qualifier of this account and Region; its file-publishing role uploads the assets.
   *
   * @default 'hnb659fds' - the qualifier of a default `cdk bootstrap` (164.308(a)(4)(i))
   */
  readonly bootstrapQualifier?: string;
}

/**
 * The Region's bucket for the file assets (Lambda code, custom-resource handlers) of StackSet member
 * templates, named `hipaa-baseline-assets-<account>-<region>` so a member template finds it in whatever
 * Region it runs. Accounts of the organization may read objects (Lambda fetches the code with the
 * StackSet execution role's credentials); only this account's CDK file-publishing role may write.
 * Encrypted with a customer managed key that organization principals may use for decryption through S3
 * only; TLS-only, versioned, public access blocked, access-logged, retained on stack deletion.
 * Deploy one per Region the member baseline targets, in the StackSet administrator account.
 */
export class MemberAssetBucket extends Construct {
  /** The asset bucket. */
  public readonly bucket: s3.Bucket;
  /** The bucket's encryption key. */
  public readonly key: PhiKey;

  constructor(scope: Construct, id: string, props: MemberAssetBucketProps) {
    const stack = Stack.of(scope);
    const check = new PropsCheck(scope, id);
    check.matches(
      'organizationId',
      props.organizationId,
      ORG_ID_PATTERN,
      'an organization id (o-…), not a token',
      Citation.ACCESS_CONTROL,
    );
    check.matches(
      'bootstrapQualifier',
      props.bootstrapQualifier,
      QUALIFIER_PATTERN,
      'a CDK bootstrap qualifier: 1-10 letters, digits, _ or -',
      Citation.ACCESS_CONTROL,
    );
    check.matches(
      'env.account (of the stack)',
      stack.account,
      ACCOUNT_ID_PATTERN,
      'a concrete 12-digit account: member templates name the bucket literally',
      Citation.ACCESS_CONTROL,
    );
    check.matches(
      'env.region (of the stack)',
      stack.region,
      REGION_PATTERN,
      'a concrete Region: member templates name the bucket literally',
      Citation.ACCESS_CONTROL,
    );
    check.throwIfInvalid();
    super(scope, id);
    deliverAccessLogsByBucketPolicy(this);

    const { account, region } = stack;
    const publisher = filePublishingRoleArn(
      account,
      region,
      props.bootstrapQualifier ?? DEFAULT_BOOTSTRAP_QUALIFIER,
    );
    const publisherArn = publisher.replace(/\$\{AWS::Partition\}/, stack.partition);
    const isPublisher = { ArnEquals: { 'aws:PrincipalArn': publisherArn } };
    const inOrganization = { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } };

    this.key = new PhiKey(this, 'Key', {
      dataDomain: 'member-assets',
      description: 'cdk-hipaa-baseline: encrypts StackSet member-template assets (Lambda code)',
    });
    this.key.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OrganizationDecryptsThroughS3',
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'aws:PrincipalOrgID': props.organizationId,
            'kms:ViaService': `s3.${region}.amazonaws.com`,
          },
        },
      }),
    );
    this.key.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'PublisherEncrypts',
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { ...isPublisher, StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
      }),
    );

    const accessLogs = new AccessLogsBucket(this, 'AccessLogs');
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...HARDENED_BUCKET_PROPS,
      bucketName: memberAssetBucketName(account, region),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key.key,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: accessLogs.bucket,
      serverAccessLogsPrefix: 'member-assets/',
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OrganizationReadsAssets',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: inOrganization,
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'PublisherWritesAssets',
        principals: [new iam.AnyPrincipal()],
        actions: [
          's3:GetObject*',
          's3:PutObject',
          's3:GetBucketLocation',
          's3:GetEncryptionConfiguration',
          's3:ListBucket',
        ],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
        conditions: isPublisher,
      }),
    );

    const replication =
      'cdk-assets publishes the same objects to the asset bucket of every target Region; those copies are the replicas, and every object can be rebuilt from source with cdk synth.';
    acknowledgeBuiltIn(this.bucket, [
      { ruleId: 'HIPAA.Security-S3BucketReplicationEnabled', reason: replication },
      { ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: replication },
    ]);
  }
}
