import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PhiKey } from '../../../constructs/encryption/phi-key';
import { PhiBucket, type PhiBucketProps } from '../../../constructs/storage/phi-bucket';
import { PhiReplicaBucket } from '../../../constructs/storage/phi-replica-bucket';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { unreplicated } from '../../helpers/phi-bucket-props';

describe('PhiBucket at its defaults, replicated to a second Region', () => {
  const stack = newTestStack();
  const docs = new PhiBucket(stack, 'ClinicalDocuments', {
    replicateTo: PhiReplicaBucket.replicationTarget({
      replicaName: 'clinical-documents',
      region: 'us-west-2',
    }),
  });
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  const writer = new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });
  docs.grantRead(reader);
  docs.grantWrite(writer);
  const template = Template.fromStack(stack);
  const kmsEncrypted = {
    BucketEncryption: Match.objectLike({
      ServerSideEncryptionConfiguration: Match.arrayWith([
        Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
      ]),
    }),
  };

  test('encrypts with its own customer-managed key and an S3 Bucket Key', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: Match.objectLike({
                'Fn::GetAtt': Match.arrayWith([Match.stringLikeRegexp('^ClinicalDocumentsKey')]),
              }),
            },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/phi/TestStack/clinical-documents',
    });
  });

  test('blocks public access, disables ACLs, versions objects and logs access', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ...kmsEncrypted,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'ClinicalDocuments/' },
    });
  });

  test('denies requests without TLS and below TLS 1.2', () => {
    const statements = Object.values(template.findResources('AWS::S3::BucketPolicy')).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties
          .PolicyDocument.Statement,
    );
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]),
    );
  });

  test('is retained on stack deletion and never auto-emptied', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike(kmsEncrypted),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  test('has no bucket policy statement that allows a wildcard principal', () => {
    const statements = Object.values(template.findResources('AWS::S3::BucketPolicy')).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: { Effect: string; Principal: unknown }[] } } })
          .Properties.PolicyDocument.Statement,
    );
    for (const s of statements.filter((st) => st.Effect === 'Allow'))
      expect(JSON.stringify(s.Principal)).not.toContain('"*"');
  });

  test('grantRead also grants kms:Decrypt; grantWrite grants encrypt on the key', () => {
    const docsOf = (role: string) =>
      JSON.stringify(
        Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
          JSON.stringify(p).includes(role),
        ),
      );
    expect(docsOf('Reader')).toContain('kms:Decrypt');
    expect(docsOf('Reader')).toContain('s3:GetObject*');
    expect(docsOf('Writer')).toContain('kms:GenerateDataKey*');
    expect(docsOf('Writer')).toContain('s3:PutObject');
  });

  test('sends access logs to a dedicated SSE-S3 bucket kept six years', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ ExpirationInDays: 2192, NoncurrentVersionExpiration: { NoncurrentDays: 2192 } }),
        ]),
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  test('replicates every object version to the replica, re-encrypted with the replica key', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ReplicationConfiguration: {
        Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClinicalDocumentsReplicationRole'), 'Arn'] },
        Rules: [
          Match.objectLike({
            Status: 'Enabled',
            Filter: { Prefix: '' },
            DeleteMarkerReplication: { Status: 'Enabled' },
            SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
            Destination: Match.objectLike({
              EncryptionConfiguration: { ReplicaKmsKeyID: Match.anyValue() },
              ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
              Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
            }),
          }),
        ],
      },
    });
  });

  test('has no unacknowledged findings; the access-log bucket exceptions are recorded with reasons', () => {
    expectNoUnacknowledgedFindings(docs);
  });
});

describe('PhiBucket options', () => {
  test('uses a given PhiKey and a shared access-log bucket', () => {
    const stack = newTestStack();
    const key = new PhiKey(stack, 'Shared', { dataDomain: 'shared' });
    const logs = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED });
    new PhiBucket(stack, 'Docs', unreplicated({ encryptionKey: key, accessLogsBucket: logs }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::S3::Bucket', 2);
  });

  test('Object Lock in compliance mode with the given retention', () => {
    const stack = newTestStack();
    new PhiBucket(stack, 'Locked', unreplicated({ objectLock: { retentionDays: 2192 } }));
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2192 } },
      },
    });
  });

  test('lifecycle moves objects to Standard-IA then Glacier Instant Retrieval, never expires them', () => {
    const stack = newTestStack();
    new PhiBucket(
      stack,
      'Aging',
      unreplicated({ lifecycle: { infrequentAccessAfterDays: 30, glacierAfterDays: 180 } }),
    );
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 180 },
            ],
            ExpirationInDays: Match.absent(),
          }),
        ]),
      },
    });
  });
});

describe('PhiBucket rejects insecure or invalid props', () => {
  const build = (props: PhiBucketProps) => () => new PhiBucket(newTestStack(), 'Docs', unreplicated(props));

  test('rejects a DESTROY removal policy', () => {
    expect(build({ removalPolicy: RemovalPolicy.DESTROY })).toThrow(
      /TestStack\/Docs: 'removalPolicy' must be one of "retain", "retain-on-update-or-delete" \(164\.312\(c\)\(1\)\), got "destroy"/,
    );
  });

  test.each([0, 36501, 1.5])('rejects an Object Lock retention of %p days', (days) => {
    expect(build({ objectLock: { retentionDays: days } })).toThrow(
      /'objectLock.retentionDays' must be an integer from 1 to 36500/,
    );
  });

  test('rejects a Standard-IA transition before 30 days', () => {
    expect(build({ lifecycle: { infrequentAccessAfterDays: 7 } })).toThrow(
      /'lifecycle.infrequentAccessAfterDays' must be an integer of at least 30 .* got 7/,
    );
  });

  test('rejects a Glacier transition not later than the Standard-IA one', () => {
    expect(build({ lifecycle: { infrequentAccessAfterDays: 120, glacierAfterDays: 100 } })).toThrow(
      /'lifecycle.glacierAfterDays' must be later than lifecycle.infrequentAccessAfterDays \(120\)/,
    );
  });
});

describe('the compliance helper can fail', () => {
  test('a plain, unencrypted, unlogged bucket has findings from every pack', () => {
    const stack = newTestStack();
    const plain = new s3.Bucket(stack, 'Plain');
    const rules = collectUnacknowledgedFindings(plain).map((f) => f.ruleName);
    expect(rules).toEqual(
      expect.arrayContaining([
        'HIPAA.Security-S3DefaultEncryptionKMS',
        'NIST.800.53.R5-S3BucketLoggingEnabled',
        'AwsSolutions-S10',
      ]),
    );
    expect(() => expectNoUnacknowledgedFindings(plain)).toThrow(
      /unacknowledged finding\(s\) under TestStack\/Plain/,
    );
  });
});
