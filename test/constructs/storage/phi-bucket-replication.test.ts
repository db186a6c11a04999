import { type App, Aws, Fn, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { PhiDataGuard } from '../../../constructs/core/phi-data-guard';
import { RELAXATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import { PermissionsBoundary } from '../../../constructs/identity/permissions-boundary';
import { PhiBucket, type PhiBucketProps } from '../../../constructs/storage/phi-bucket';
import { PhiReplicaBucket } from '../../../constructs/storage/phi-replica-bucket';
import { newTestApp, newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { addAccountTrail } from '../../helpers/gated-app';

const TARGET = PhiReplicaBucket.replicationTarget({ replicaName: 'clinical-docs', region: 'us-west-2' });
const KEY_ARN = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const REASON =
  'Scratch copies of de-identified documents, rebuilt nightly from the replicated source bucket.';

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
function replicationStatements(template: Template): Statement[] {
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter((p) =>
    JSON.stringify(p).includes('ReadSourceReplicationConfiguration'),
  );
  expect(policies).toHaveLength(1);
  return (policies[0] as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties
    .PolicyDocument.Statement;
}

describe('PhiBucket replicateTo: the replication role', () => {
  const stack = newTestStack();
  // As in a gated app: the bucket is tagged PHI, so the template rules judge it, and a trail logs its data events.
  PhiDataGuard.applyTo(stack.node.root);
  addAccountTrail(stack.node.root as App);
  const boundary = new PermissionsBoundary(stack, 'Boundary', { managedPolicyName: 'TestBoundary' });
  PermissionsBoundary.applyTo(stack, boundary);
  const docs = new PhiBucket(stack, 'Docs', { replicateTo: TARGET });
  const template = Template.fromStack(stack);
  const statements = replicationStatements(template);

  test('is trusted by S3 for this account only, under the path the replica admits, with the boundary', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
          },
        ],
      },
      Path: {
        'Fn::Join': ['', ['/phi-replication/clinical-docs-', { Ref: 'AWS::AccountId' }, '-us-west-2/']],
      },
      PermissionsBoundary: Match.anyValue(),
      Policies: Match.absent(),
    });
    expect(docs.replicationRole).toBeDefined();
  });

  test('holds exactly the actions replication needs, each on its own bucket or key', () => {
    expect(statements.map((s) => [s.Sid, actionsOf(s).sort()])).toEqual([
      ['ReadSourceReplicationConfiguration', ['s3:GetReplicationConfiguration', 's3:ListBucket']],
      [
        'ReadSourceObjectVersions',
        ['s3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging'],
      ],
      ['WriteReplicas', ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags']],
      ['DecryptSourceObjectsThroughS3', ['kms:Decrypt']],
      ['EncryptReplicasThroughS3', ['kms:Encrypt']],
    ]);
    for (const s of statements) {
      expect(s.Effect).toBe('Allow');
      expect(JSON.stringify(s.Resource)).not.toBe('"*"');
      expect(actionsOf(s).some((a) => a.endsWith('*'))).toBe(false);
    }
  });

  test('uses each key only through S3 in its Region, for objects of its bucket; the alias names the key', () => {
    const decrypt = statements.find((s) => s.Sid === 'DecryptSourceObjectsThroughS3');
    expect(decrypt?.Condition?.StringEquals).toEqual({
      'kms:ViaService': { 'Fn::Join': ['', ['s3.us-east-1.', { Ref: 'AWS::URLSuffix' }]] },
    });
    expect(JSON.stringify(decrypt?.Condition?.StringLike)).toContain('DocsBucket');
    const encrypt = statements.find((s) => s.Sid === 'EncryptReplicasThroughS3');
    expect(encrypt?.Condition?.['ForAnyValue:StringEquals']).toEqual({
      'kms:ResourceAliases': 'alias/phi-replica/clinical-docs',
    });
    expect(JSON.stringify(encrypt?.Condition?.StringEquals)).toContain('s3.us-west-2.');
    expect(JSON.stringify(encrypt?.Resource)).toContain(':kms:us-west-2:');
  });

  test('adds no Object Lock or ownership actions it does not need, and no CloudFormation rule', () => {
    const all = statements.flatMap(actionsOf);
    expect(all).not.toContain('s3:GetObjectRetention');
    expect(all).not.toContain('s3:ObjectOwnerOverrideToBucketOwner');
    expect(Object.keys(template.toJSON().Rules ?? {}).filter((id) => id.startsWith('Docs'))).toEqual([]);
  });

  test('has no unacknowledged findings (wildcards bounded to the two buckets are acknowledged)', () => {
    expectNoUnacknowledgedFindings(docs);
  });
});

describe('PhiBucket replicateTo options', () => {
  test('a key ARN is granted by ARN, without an alias condition', () => {
    const stack = newTestStack();
    new PhiBucket(stack, 'Docs', { replicateTo: { bucketArn: TARGET.bucketArn, replicaKeyArn: KEY_ARN } });
    const encrypt = replicationStatements(Template.fromStack(stack)).find(
      (s) => s.Sid === 'EncryptReplicasThroughS3',
    );
    expect(encrypt?.Resource).toBe(KEY_ARN);
    expect(encrypt?.Condition?.['ForAnyValue:StringEquals']).toBeUndefined();
  });

  test('with Object Lock the role also reads retention and legal hold', () => {
    const stack = newTestStack();
    new PhiBucket(stack, 'Docs', { replicateTo: TARGET, objectLock: { retentionDays: 2192 } });
    const read = replicationStatements(Template.fromStack(stack)).find(
      (s) => s.Sid === 'ReadSourceObjectVersions',
    );
    expect(actionsOf(read as Statement)).toEqual(
      expect.arrayContaining(['s3:GetObjectRetention', 's3:GetObjectLegalHold']),
    );
  });

  test('cross-account: names the replica account, hands it ownership and may override the owner', () => {
    const stack = newTestStack();
    new PhiBucket(stack, 'Docs', {
      replicateTo: PhiReplicaBucket.replicationTarget({
        replicaName: 'clinical-docs',
        region: 'us-west-2',
        account: '444455556666',
      }),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      ReplicationConfiguration: {
        Rules: [
          Match.objectLike({
            Destination: Match.objectLike({
              Account: '444455556666',
              AccessControlTranslation: { Owner: 'Destination' },
            }),
          }),
        ],
      },
    });
    const write = replicationStatements(template).find((s) => s.Sid === 'WriteReplicas');
    expect(actionsOf(write as Statement)).toContain('s3:ObjectOwnerOverrideToBucketOwner');
  });

  test('an environment-agnostic stack gets a CloudFormation rule against deploying into the replica Region', () => {
    const stack = new Stack(newTestApp(), 'Agnostic');
    new PhiBucket(stack, 'Docs', { replicateTo: TARGET });
    const rules = Template.fromStack(stack).toJSON().Rules as Record<string, unknown>;
    const ids = Object.keys(rules).filter((id) => id.startsWith('DocsReplicaLeavesRegion'));
    expect(ids).toHaveLength(1);
    expect(rules[ids[0] as string]).toEqual({
      Assertions: [
        {
          Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-west-2'] }] },
          AssertDescription: expect.stringMatching(
            /Agnostic\/Docs: replicateTo names a replica in us-west-2/,
          ),
        },
      ],
    });
  });
});

describe('PhiBucket withoutReplication', () => {
  const stack = newTestStack();
  PhiDataGuard.applyTo(stack.node.root);
  addAccountTrail(stack.node.root as App);
  const docs = new PhiBucket(stack, 'Scratch', { withoutReplication: { reason: REASON } });
  const template = Template.fromStack(stack);

  test('creates no replication configuration and no replication role', () => {
    template.resourcePropertiesCountIs('AWS::S3::Bucket', { ReplicationConfiguration: Match.anyValue() }, 0);
    template.resourceCountIs('AWS::IAM::Role', 0);
    expect(docs.replicationRole).toBeUndefined();
  });

  test('records the relaxation with its citation and reason', () => {
    expect(docs.node.metadata.filter((m) => m.type === RELAXATION_METADATA_KEY).map((m) => m.data)).toEqual([
      { citation: '164.308(a)(7)(ii)(B)', setting: 'withoutReplication', reason: REASON },
    ]);
  });

  test('has no unacknowledged findings: the replication rules are acknowledged with the reason', () => {
    expectNoUnacknowledgedFindings(docs);
  });
});

describe('PhiBucket rejects missing or unsafe replication props', () => {
  const build =
    (props: PhiBucketProps, stack: Stack = newTestStack()) =>
    () =>
      new PhiBucket(stack, 'Docs', props);

  test('neither replicateTo nor withoutReplication', () => {
    expect(build({})).toThrow(
      /TestStack\/Docs: 'replicateTo' must be a bucket in another Region .*or withoutReplication: \{ reason \}.* \(164\.308\(a\)\(7\)\(ii\)\(A\), 164\.308\(a\)\(7\)\(ii\)\(B\)\), got undefined/,
    );
  });

  test('both replicateTo and withoutReplication', () => {
    expect(build({ replicateTo: TARGET, withoutReplication: { reason: REASON } })).toThrow(
      /'withoutReplication' must be absent when replicateTo is set/,
    );
  });

  test.each(['n/a', 'too short', 'false positive'])('a withoutReplication reason of %p', (reason) => {
    expect(build({ withoutReplication: { reason } })).toThrow(
      /'withoutReplication.reason' must be a specific reason of at least 20 characters/,
    );
  });

  test("a replica key in the stack's own Region", () => {
    const sameRegion = PhiReplicaBucket.replicationTarget({
      replicaName: 'clinical-docs',
      region: 'us-east-1',
    });
    expect(build({ replicateTo: sameRegion })).toThrow(
      /'replicateTo.replicaKeyArn' must be a key of a replica in another Region than the stack's \(us-east-1\)/,
    );
  });

  test.each([
    ['a bucket reference (a cross-Region reference)', (b: s3.IBucket) => b.bucketArn],
    ['a name that is a token', () => Fn.join('', ['arn:aws:s3:::', Fn.importValue('ReplicaName')])],
    ['an access point ARN', () => 'arn:aws:s3:us-west-2:111122223333:accesspoint/docs'],
    ['a name with upper case', () => 'arn:aws:s3:::Clinical-Docs'],
    ['a name of two characters', () => 'arn:aws:s3:::ab'],
  ])('a bucketArn that is %s', (_name, arnOf) => {
    const stack = newTestStack();
    const other = new PhiBucket(stack, 'Other', { withoutReplication: { reason: REASON } });
    expect(build({ replicateTo: { ...TARGET, bucketArn: arnOf(other.bucket) } }, stack)).toThrow(
      /'replicateTo.bucketArn' must be a bucket ARN with a literal name/,
    );
  });

  test.each([
    ['a key ARN whose Region is a token', `arn:aws:kms:${Aws.REGION}:111122223333:alias/phi-replica/x`],
    ['a key ARN in an unknown Region', 'arn:aws:kms:mars-north-1:111122223333:alias/phi-replica/x'],
    ['an AWS managed key alias', 'arn:aws:kms:us-west-2:111122223333:alias/aws/s3'],
    ['a bare key id', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['an import', Fn.importValue('ReplicaKeyArn')],
  ])('a replicaKeyArn that is %s', (_name, replicaKeyArn) => {
    expect(build({ replicateTo: { ...TARGET, replicaKeyArn } })).toThrow(
      /'replicateTo.replicaKeyArn' must be the ARN of a KMS key or alias in the replica bucket's Region/,
    );
  });

  test('lists every problem at once', () => {
    expect(build({ replicateTo: { bucketArn: 'nope', replicaKeyArn: 'nope' } })).toThrow(
      /'replicateTo.bucketArn'[\s\S]*'replicateTo.replicaKeyArn'/,
    );
  });
});

describe('the replication compliance test can fail', () => {
  test('an override that stops selecting SSE-KMS objects is a TemplateEvidence-S3PhiReplication finding', () => {
    const stack = newTestStack();
    PhiDataGuard.applyTo(stack.node.root);
    const docs = new PhiBucket(stack, 'Docs', { replicateTo: TARGET });
    (docs.bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride(
      'ReplicationConfiguration.Rules.0.SourceSelectionCriteria.SseKmsEncryptedObjects.Status',
      'Disabled',
    );
    expect(collectUnacknowledgedFindings(docs).map((f) => f.ruleName)).toContain(
      'TemplateEvidence-S3PhiReplication',
    );
  });
});
