import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Citation } from '../../constructs/core/citations';
import { acknowledgeBuiltIn } from '../../constructs/core/private/acknowledge-built-in';
import { PropsCheck } from '../../constructs/core/validation';
import { PhiKey } from '../../constructs/encryption/phi-key';
import { PhiBucket } from '../../constructs/storage/phi-bucket';

const ORG_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;

/** Properties of an {@link OrganizationConfigBucket}. */
export interface OrganizationConfigBucketProps {
  /** The organization id (`o-…`): only its accounts may deliver. */
  readonly organizationId: string;
}

/**
 * The organization's AWS Config bucket, in the security (delegated-admin) account: every member account's
 * recorder delivers configuration history and snapshots here, each account only under its own
 * `AWSLogs/<account>/Config/` prefix, encrypted with this account's key. A member account cannot read,
 * change or delete what it delivered, so its configuration history outlives a compromise of the account.
 *
 * The member recorders deliver through their own roles, which the bucket policy admits by organization
 * (`aws:PrincipalOrgID`) and confines to the caller's own prefix (`${aws:PrincipalAccount}`).
 *
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
 */
export class OrganizationConfigBucket extends Construct {
  /** The bucket (PHI-grade: SSE-KMS, TLS only, versioned, access-logged, retained). */
  public readonly bucket: s3.IBucket;
  /** The key member accounts encrypt delivered objects with. */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: OrganizationConfigBucketProps) {
    const check = new PropsCheck(scope, id);
    check.matches(
      'organizationId',
      props.organizationId,
      ORG_ID_PATTERN,
      'an organization id (o-…), not a token',
      Citation.AUDIT_CONTROLS,
    );
    check.throwIfInvalid();
    super(scope, id);

    this.encryptionKey = new PhiKey(this, 'Key', { dataDomain: 'org-config-history' }).key;
    const history = new PhiBucket(this, 'History', {
      encryptionKey: this.encryptionKey,
      withoutReplication: {
        reason:
          'AWS Config configuration items of the member accounts (resource settings, no ePHI): the recorders redeliver configuration snapshots, and the versioned history stays in the security account.',
      },
    });
    this.bucket = history.bucket;
    // No trail of this account logs S3 data events, and the organization trail's selectors are the
    // management stack's; the bucket's server access logs record every object read and write instead.
    acknowledgeBuiltIn(history.bucket, [
      {
        ruleId: 'TemplateEvidence-CloudTrailPhiDataEvents',
        reason:
          'The bucket holds AWS Config configuration items (resource settings, no ePHI) delivered by member recorders under their own prefixes; its S3 server access logs record every GetObject and PutObject, and the organization trail records every change to its policy.',
      },
    ]);
    const inOrganization = { 'aws:PrincipalOrgID': props.organizationId };
    const anyPrincipal = new iam.AnyPrincipal();

    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'MemberConfigBucketCheck',
        principals: [anyPrincipal],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: inOrganization },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'MemberConfigDeliveryToOwnPrefix',
        principals: [anyPrincipal],
        actions: ['s3:PutObject'],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a JS template
        resources: [this.bucket.arnForObjects('AWSLogs/${aws:PrincipalAccount}/Config/*')],
        conditions: {
          StringEquals: { ...inOrganization, 's3:x-amz-acl': 'bucket-owner-full-control' },
        },
      }),
    );
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'MemberConfigDeliveryEncrypt',
        principals: [anyPrincipal],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'], // In a key policy, '*' is the key itself.
        conditions: {
          StringEquals: {
            ...inOrganization,
            'kms:ViaService': `s3.${this.bucket.stack.region}.amazonaws.com`,
          },
        },
      }),
    );
  }
}
