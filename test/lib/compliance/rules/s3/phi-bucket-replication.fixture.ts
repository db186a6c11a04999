import { S3PhiReplication } from '../../../../../lib/compliance/rules/s3/phi-bucket-replication';
import type { Json } from '../../../../../lib/compliance/template/cfn-template';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const PHI = [{ Key: 'DataClassification', Value: 'PHI' }];
const join = (...parts: Json[]): Json => ({ 'Fn::Join': ['', parts] });
const partition = { Ref: 'AWS::Partition' };
const account = { Ref: 'AWS::AccountId' };
// As PhiBucket writes replicateTo from PhiReplicaBucket.replicationTarget in an environment-agnostic stack.
const replicaBucket = join('arn:', partition, ':s3:::clinical-docs-', account, '-us-west-2');
const replicaKey = join('arn:', partition, ':kms:us-west-2:', account, ':alias/phi-replica/clinical-docs');
const rule = (bucket: Json, key: Json): Json => ({
  Id: 'ReplicateEveryObject',
  Priority: 1,
  Status: 'Enabled',
  Filter: { Prefix: '' },
  DeleteMarkerReplication: { Status: 'Enabled' },
  Destination: { Bucket: bucket, EncryptionConfiguration: { ReplicaKmsKeyID: key } },
  SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
});
const replicated = (bucket: Json, key: Json): Json => ({
  Role: { 'Fn::GetAtt': ['ReplicationRole', 'Arn'] },
  Rules: [rule(bucket, key)],
});
const compliant = [
  stackTemplate('Data', {
    ReplicationRole: { Type: 'AWS::IAM::Role', Properties: {} },
    // The access-log destination of the PHI buckets is tagged PHI too, and not judged.
    Logs: { Type: 'AWS::S3::Bucket', Properties: { Tags: PHI } },
    Records: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        Tags: PHI,
        LoggingConfiguration: { DestinationBucketName: { Ref: 'Logs' } },
        ReplicationConfiguration: replicated(replicaBucket, replicaKey),
      },
    },
    Scans: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        Tags: PHI,
        LoggingConfiguration: { DestinationBucketName: { Ref: 'Logs' } },
        // Another account's replica (the disaster recovery account), in the same Region, by key ARN.
        ReplicationConfiguration: replicated(
          'arn:aws:s3:::dr-scans',
          'arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        ),
      },
    },
    Local: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'local-copies' } },
  }),
];
const rule0 = 'ReplicationConfiguration.Rules.0';

export const fixture: RuleFixture = {
  rule: S3PhiReplication,
  compliant,
  bad: [
    {
      name: 'replication deleted from the PHI bucket',
      templates: mutate(compliant, (r) => deleteProperty(r.Records, 'ReplicationConfiguration')),
      path: 'ReplicationConfiguration',
    },
    {
      name: 'the only rule is disabled',
      templates: mutate(compliant, (r) => setProperty(r.Records, `${rule0}.Status`, 'Disabled')),
      path: 'ReplicationConfiguration.Rules[0].Status',
    },
    {
      name: 'the rule replicates a prefix only',
      templates: mutate(compliant, (r) => setProperty(r.Records, `${rule0}.Filter`, { Prefix: 'scans/' })),
      path: 'ReplicationConfiguration.Rules[0].Filter',
    },
    {
      name: 'the replica is a bucket of the same template',
      templates: mutate(compliant, (r) =>
        setProperty(r.Records, `${rule0}.Destination.Bucket`, { 'Fn::GetAtt': ['Local', 'Arn'] }),
      ),
      path: 'ReplicationConfiguration.Rules[0].Destination.Bucket',
    },
    {
      name: "the replica is named by ARN but is the same template's bucket",
      templates: mutate(compliant, (r) =>
        setProperty(r.Scans, `${rule0}.Destination`, {
          Bucket: 'arn:aws:s3:::local-copies',
          EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:444455556666:alias/x' },
        }),
      ),
      path: 'ReplicationConfiguration.Rules[0].Destination.Bucket',
    },
    {
      name: "the replica key is built from the stack's own Region and account (a same-Region replica)",
      templates: mutate(compliant, (r) =>
        setProperty(
          r.Records,
          `${rule0}.Destination.EncryptionConfiguration.ReplicaKmsKeyID`,
          join('arn:aws:kms:', { Ref: 'AWS::Region' }, ':', account, ':alias/phi-replica/clinical-docs'),
        ),
      ),
      path: 'ReplicationConfiguration.Rules[0].Destination.Bucket',
    },
    {
      name: 'no replica key: replicas would be encrypted with an AWS managed key or not at all',
      templates: mutate(compliant, (r) =>
        deleteProperty(r.Scans, `${rule0}.Destination.EncryptionConfiguration`),
      ),
      path: 'ReplicationConfiguration.Rules[0].Destination.EncryptionConfiguration.ReplicaKmsKeyID',
    },
    {
      name: 'SSE-KMS objects are not selected, so none of the PHI objects replicate',
      templates: mutate(compliant, (r) =>
        setProperty(r.Records, `${rule0}.SourceSelectionCriteria.SseKmsEncryptedObjects.Status`, 'Disabled'),
      ),
      path: 'SourceSelectionCriteria.SseKmsEncryptedObjects.Status',
    },
    {
      name: 'the replication role is deleted',
      templates: mutate(compliant, (r) => deleteProperty(r.Records, 'ReplicationConfiguration.Role')),
      path: 'ReplicationConfiguration.Role',
    },
    {
      name: 'the replica bucket comes from an import no template exports',
      templates: mutate(compliant, (r) =>
        setProperty(r.Records, `${rule0}.Destination.Bucket`, { 'Fn::ImportValue': 'ReplicaBucketArn' }),
      ),
      expect: 'unverified',
    },
  ],
};
