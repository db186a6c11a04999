import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  filePublishingRoleArn,
  MemberAssetBucket,
  memberAssetBucketName,
} from '../../../constructs/organization/member-asset-bucket';
import { newTestApp, newTestStack } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { newGatedApp, synthAndReadValidation } from '../../helpers/gated-app';
import { evaluate, flattenIntrinsics, type Statement } from '../../helpers/iam-evaluator';

const ORG = 'o-abcdef1234';
const ACCOUNT = '111122223333';
const BUCKET = `hipaa-baseline-assets-${ACCOUNT}-us-east-1`;
const PUBLISHER = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-file-publishing-role-${ACCOUNT}-us-east-1`;

describe('MemberAssetBucket', () => {
  const { app, outdir } = newGatedApp('member-assets-');
  const stack = new Stack(app, 'Assets', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const assets = new MemberAssetBucket(stack, 'MemberAssets', { organizationId: ORG });
  const template = Template.fromStack(stack);
  const bucketId = stack.getLogicalId(assets.bucket.node.defaultChild as never);
  const refs = { [bucketId]: BUCKET, [`${bucketId}.Arn`]: `arn:aws:s3:::${BUCKET}` };
  const bucketPolicy = flattenIntrinsics(
    Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) =>
      JSON.stringify(p).includes('OrganizationReadsAssets'),
    )?.Properties?.PolicyDocument.Statement as Statement[],
    { partition: 'aws', account: ACCOUNT, region: 'us-east-1', refs },
  );
  const object = `arn:aws:s3:::${BUCKET}/0123.zip`;
  const member = {
    'aws:PrincipalOrgID': ORG,
    'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/stacksets-exec-1',
  };
  const outsider = {
    'aws:PrincipalOrgID': 'o-zzzzzzzzzz',
    'aws:PrincipalArn': 'arn:aws:iam::777788889999:role/x',
  };
  const publisher = { 'aws:PrincipalOrgID': ORG, 'aws:PrincipalArn': PUBLISHER };
  const tls = { 'aws:SecureTransport': 'true' };

  test('is named after the account and Region so member templates find it', () => {
    expect(memberAssetBucketName(ACCOUNT, 'us-east-1')).toBe(BUCKET);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: BUCKET,
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      }),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'member-assets/' }),
    });
    template.hasResource('AWS::S3::Bucket', { Properties: { BucketName: BUCKET }, DeletionPolicy: 'Retain' });
  });

  test('organization accounts may read objects over TLS; outsiders and plain HTTP may not', () => {
    expect(
      evaluate(bucketPolicy, { action: 's3:GetObject', resource: object, context: { ...member, ...tls } }),
    ).toBe('Allow');
    expect(
      evaluate(bucketPolicy, { action: 's3:GetObject', resource: object, context: { ...outsider, ...tls } }),
    ).toBe('ImplicitDeny');
    expect(
      evaluate(bucketPolicy, {
        action: 's3:GetObject',
        resource: object,
        context: { ...member, 'aws:SecureTransport': 'false' },
      }),
    ).toBe('ExplicitDeny');
  });

  test('only the CDK file-publishing role may write', () => {
    expect(
      filePublishingRoleArn(ACCOUNT, 'us-east-1', 'hnb659fds').replace(/\$\{AWS::Partition\}/, 'aws'),
    ).toBe(PUBLISHER);
    expect(
      evaluate(bucketPolicy, { action: 's3:PutObject', resource: object, context: { ...publisher, ...tls } }),
    ).toBe('Allow');
    expect(
      evaluate(bucketPolicy, { action: 's3:PutObject', resource: object, context: { ...member, ...tls } }),
    ).toBe('ImplicitDeny');
    expect(
      evaluate(bucketPolicy, {
        action: 's3:DeleteObject',
        resource: object,
        context: { ...publisher, ...tls },
      }),
    ).toBe('ImplicitDeny');
  });

  test('organization principals may decrypt with the key through S3 only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      PendingWindowInDays: 30,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'OrganizationDecryptsThroughS3',
            Action: 'kms:Decrypt',
            Condition: {
              StringEquals: { 'aws:PrincipalOrgID': ORG, 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
            },
          }),
        ]),
      },
    });
  });

  test('passes every pack and the CloudFormation validator', () => {
    expectNoUnacknowledgedFindings(stack);
    const { error, report } = synthAndReadValidation(app, outdir);
    expect(error).toBeUndefined();
    for (const plugin of report.pluginReports) expect(plugin.violations).toEqual([]);
  });
});

describe('MemberAssetBucket rejects', () => {
  test('a stack whose account is not known at synth time', () => {
    const stack = new Stack(newTestApp(), 'Agnostic');
    expect(() => new MemberAssetBucket(stack, 'MemberAssets', { organizationId: ORG })).toThrow(
      /Agnostic\/MemberAssets: 'env\.account \(of the stack\)' must be a concrete 12-digit account.*164\.312\(a\)\(1\)/,
    );
  });

  test('an organization id that is not o-…', () => {
    expect(() => new MemberAssetBucket(newTestStack(), 'MemberAssets', { organizationId: 'r-ab12' })).toThrow(
      /TestStack\/MemberAssets: 'organizationId' must be an organization id \(o-…\).*got "r-ab12"/,
    );
  });
});
