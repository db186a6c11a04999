import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { Citation } from '../../core/citations';
import { acknowledgeBuiltIn } from '../../core/private/acknowledge-built-in';
import { nagResourceSuffix } from './nag-resource-id';
import { EVIDENCE_BUCKET_READ_ACTIONS, EVIDENCE_KEY_ACTIONS, EVIDENCE_OBJECT_READ_ACTIONS } from './perms';

/**
 * A managed policy that lets auditors list and read the compliance-evidence bucket and decrypt with its
 * key, created as `<scope>/<id>`.
 */
export function evidenceReadPolicy(scope: Construct, id: string, bucket: s3.IBucket): iam.ManagedPolicy {
  const statements = [
    new iam.PolicyStatement({
      sid: 'ListEvidenceBucket',
      actions: [...EVIDENCE_BUCKET_READ_ACTIONS],
      resources: [bucket.bucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'ReadEvidence',
      actions: [...EVIDENCE_OBJECT_READ_ACTIONS],
      resources: [bucket.arnForObjects('*')],
    }),
  ];
  if (bucket.encryptionKey) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'DecryptEvidence',
        actions: [...EVIDENCE_KEY_ACTIONS],
        resources: [bucket.encryptionKey.keyArn],
      }),
    );
  }
  const policy = new iam.ManagedPolicy(scope, id, {
    description: `Lets auditors read compliance evidence (${Citation.AUDIT_CONTROLS})`,
    statements,
  });
  acknowledgeBuiltIn(policy, [
    {
      ruleId: `AwsSolutions::AwsSolutions-IAM5[${nagResourceSuffix(scope, bucket.arnForObjects('*'))}]`,
      reason:
        'Auditors must be able to read every piece of compliance evidence in this one bucket; the wildcard covers its objects only, read-only, and nothing in other buckets.',
    },
  ]);
  return policy;
}
