import { Aws, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { PhiDataGuard } from '../../../constructs/core/phi-data-guard';
import { AuditTrail } from '../../../constructs/detection/audit-trail';
import { PhiReplicaBucket, type PhiReplicaBucketProps } from '../../../constructs/storage/phi-replica-bucket';
import { newTestApp, newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const REPLICA_ENV = { account: '111122223333', region: 'us-west-2' };
const ROLE_PATTERN = 'arn:aws:iam::111122223333:role/phi-replication/clinical-docs-111122223333-us-west-2/*';

interface Statement {
  Sid?: string;
  Effect: string;
  Principal: unknown;
  Action: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}
function bucketStatements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::S3::BucketPolicy')).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

describe('PhiReplicaBucket at its defaults', () => {
  const stack = newTestStack({ env: REPLICA_ENV });
  // As in a gated app: tagged PHI, so the template rules judge it, with a trail logging its data events.
  PhiDataGuard.applyTo(stack.node.root);
  const replica = new PhiReplicaBucket(stack, 'DocumentsReplica', { replicaName: 'clinical-docs' });
  new AuditTrail(stack, 'Trail', { dataEventBuckets: [replica.bucket] });
  const template = Template.fromStack(stack);

  test('has the name and key alias the source names with replicationTarget', () => {
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'clinical-docs-111122223333-us-west-2' });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/phi-replica/clinical-docs' });
    expect(replica.keyAliasName).toBe('alias/phi-replica/clinical-docs');
    const target = PhiReplicaBucket.replicationTarget({
      replicaName: 'clinical-docs',
      region: 'us-west-2',
      account: '111122223333',
    });
    expect(stack.resolve(target)).toEqual({
      bucketArn: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::clinical-docs-111122223333-us-west-2']],
      },
      replicaKeyArn: {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':kms:us-west-2:111122223333:alias/phi-replica/clinical-docs'],
        ],
      },
    });
  });

  test('is hardened like a PhiBucket: own rotated key, versioned, public access blocked, logged, retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketName: 'clinical-docs-111122223333-us-west-2',
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DocumentsReplicaKey'), 'Arn'] },
              },
            },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: Match.objectLike({
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        }),
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'DocumentsReplica/' },
        ObjectLockEnabled: Match.absent(),
        ReplicationConfiguration: Match.absent(),
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('lets only the source replication roles replicate, and denies everyone else', () => {
    const statements = bucketStatements(template);
    const allow = statements.find((s) => s.Sid === 'ReplicationFromSourceRoles');
    expect(allow).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'],
      Condition: { ArnLike: { 'aws:PrincipalArn': ROLE_PATTERN } },
    });
    expect(statements.find((s) => s.Sid === 'DenyReplicationFromOthers')).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: expect.arrayContaining(['s3:ReplicateObject', 's3:ObjectOwnerOverrideToBucketOwner']),
      Condition: { ArnNotLike: { 'aws:PrincipalArn': ROLE_PATTERN } },
    });
    expect(replica.replicationRoleArnPattern).toBe(ROLE_PATTERN);
    for (const s of statements.filter((st) => st.Effect === 'Allow'))
      expect(JSON.stringify(s.Principal)).not.toContain('"*"');
  });

  test('adds no key policy statement for another account', () => {
    const policies = JSON.stringify(template.findResources('AWS::KMS::Key'));
    expect(policies).not.toContain('ReplicaEncryptionFromSourceRoles');
  });

  test('has no unacknowledged findings; being the replica is acknowledged for the replication rules', () => {
    expectNoUnacknowledgedFindings(replica);
  });
});

describe('PhiReplicaBucket options', () => {
  test('cross-account: admits the source account by role path, with owner override, in the key policy too', () => {
    const stack = newTestStack({ env: REPLICA_ENV });
    new PhiReplicaBucket(stack, 'DocumentsReplica', {
      replicaName: 'clinical-docs',
      sourceAccount: '444455556666',
    });
    const template = Template.fromStack(stack);
    const pattern = 'arn:aws:iam::444455556666:role/phi-replication/clinical-docs-111122223333-us-west-2/*';
    expect(bucketStatements(template).find((s) => s.Sid === 'ReplicationFromSourceRoles')).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::444455556666:root' },
      Action: expect.arrayContaining(['s3:ObjectOwnerOverrideToBucketOwner']),
      Condition: { ArnLike: { 'aws:PrincipalArn': pattern } },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ReplicaEncryptionFromSourceRoles',
            Action: 'kms:Encrypt',
            Principal: { AWS: 'arn:aws:iam::444455556666:root' },
            Condition: {
              ArnLike: { 'aws:PrincipalArn': pattern },
              StringEquals: {
                'kms:ViaService': { 'Fn::Join': ['', ['s3.us-west-2.', { Ref: 'AWS::URLSuffix' }]] },
              },
            },
          }),
        ]),
      },
    });
  });

  test('Object Lock in compliance mode, for a locked source', () => {
    const stack = newTestStack({ env: REPLICA_ENV });
    new PhiReplicaBucket(stack, 'EvidenceReplica', {
      replicaName: 'evidence',
      objectLock: { retentionDays: 2192 },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2192 } },
      },
    });
  });

  test('an environment-agnostic stack names the bucket from its account and Region at deployment', () => {
    const stack = new Stack(newTestApp(), 'Agnostic');
    new PhiReplicaBucket(stack, 'DocumentsReplica', { replicaName: 'clinical-docs' });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: {
        'Fn::Join': ['', ['clinical-docs-', { Ref: 'AWS::AccountId' }, '-', { Ref: 'AWS::Region' }]],
      },
    });
  });
});

describe('PhiReplicaBucket rejects invalid props', () => {
  const build = (props: PhiReplicaBucketProps) => () =>
    new PhiReplicaBucket(newTestStack({ env: REPLICA_ENV }), 'Replica', props);

  test.each(['ab', 'Clinical-Docs', 'docs-', 'a'.repeat(35), Aws.STACK_NAME])(
    'a replicaName of %p',
    (replicaName) => {
      expect(build({ replicaName })).toThrow(
        /TestStack\/Replica: 'replicaName' must be a literal name of 3 to 34 lowercase letters, digits and inner hyphens \(164\.308\(a\)\(7\)\(ii\)\(A\), 164\.308\(a\)\(7\)\(ii\)\(B\)\)/,
      );
    },
  );

  test.each(['12345', Aws.ACCOUNT_ID])('a sourceAccount of %p', (sourceAccount) => {
    expect(build({ replicaName: 'docs', sourceAccount })).toThrow(
      /'sourceAccount' must be a literal 12-digit account id \(164\.312\(a\)\(1\)\)/,
    );
  });

  test('an Object Lock retention out of range', () => {
    expect(build({ replicaName: 'docs', objectLock: { retentionDays: 0 } })).toThrow(
      /'objectLock.retentionDays' must be an integer from 1 to 36500/,
    );
  });

  test('replicationTarget refuses a Region token or a bad name', () => {
    expect(() => PhiReplicaBucket.replicationTarget({ replicaName: 'docs', region: Aws.REGION })).toThrow(
      /region a literal AWS Region/,
    );
    expect(() => PhiReplicaBucket.replicationTarget({ replicaName: 'Docs', region: 'us-west-2' })).toThrow(
      /replicaName must be 3 to 34 lowercase letters/,
    );
  });
});

describe('the replica compliance test can fail', () => {
  test('an override that removes the replica key is a template evidence finding', () => {
    const stack = newTestStack({ env: REPLICA_ENV });
    const replica = new PhiReplicaBucket(stack, 'DocumentsReplica', { replicaName: 'clinical-docs' });
    (replica.bucket.node.defaultChild as s3.CfnBucket).addPropertyDeletionOverride('BucketEncryption');
    // cdk-nag reads L1 props, so only the template evidence sees the override.
    expect(collectUnacknowledgedFindings(replica).map((f) => f.ruleName)).toContain(
      'TemplateEvidence-S3BucketEncryption',
    );
  });
});
