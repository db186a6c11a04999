import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { acknowledgeResourceWildcards, flattenForNag } from '../../../constructs/core/policy-findings';
import { acknowledgeBuiltIn } from '../../../constructs/core/private/acknowledge-built-in';
import { POSTURE_READ_ACTIONS } from '../permissions';
import {
  EVIDENCE_WRITE_ACTIONS,
  INTENDED_READ_ACTIONS,
  KEY_DECRYPT_ACTIONS,
  KEY_ENCRYPT_ACTIONS,
  LAMBDA_VPC_ACTIONS,
  LOG_WRITE_ACTIONS,
  XRAY_WRITE_ACTIONS,
} from './perms';

/** What the collector's policy covers. */
export interface PostureStatementsInput {
  readonly logGroup: logs.ILogGroup;
  readonly deadLetterQueue: sqs.IQueue;
  readonly encryptionKey: kms.IKey;
  readonly evidenceBucket: s3.IBucket;
  readonly evidenceKey: kms.IKey;
  readonly evidencePrefix: string;
  readonly intendedReportKey: string;
  readonly topic: sns.ITopic;
  readonly inVpc: boolean;
}

/** The statements of the collector's customer-managed policy: least privilege, one purpose each. */
export function postureStatements(input: PostureStatementsInput): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      sid: 'WriteOwnLogs',
      actions: [...LOG_WRITE_ACTIONS],
      resources: [input.logGroup.logGroupArn],
    }),
    // AWS Config and Security Hub read APIs: no resource-level permissions (see permissions.ts).
    new iam.PolicyStatement({ sid: 'ReadPosture', actions: [...POSTURE_READ_ACTIONS], resources: ['*'] }),
    // X-Ray has no resource-level permissions.
    new iam.PolicyStatement({ sid: 'WriteTraces', actions: [...XRAY_WRITE_ACTIONS], resources: ['*'] }),
    new iam.PolicyStatement({
      sid: 'DeadLetter',
      actions: ['sqs:SendMessage'],
      resources: [input.deadLetterQueue.queueArn],
    }),
    new iam.PolicyStatement({
      sid: 'UseFunctionKey',
      actions: [...KEY_ENCRYPT_ACTIONS, ...KEY_DECRYPT_ACTIONS],
      resources: [input.encryptionKey.keyArn],
    }),
    new iam.PolicyStatement({
      sid: 'WriteEvidence',
      actions: [...EVIDENCE_WRITE_ACTIONS],
      resources: [input.evidenceBucket.arnForObjects(`${input.evidencePrefix}*`)],
    }),
    new iam.PolicyStatement({
      sid: 'ReadIntendedReport',
      actions: [...INTENDED_READ_ACTIONS],
      resources: [input.evidenceBucket.arnForObjects(input.intendedReportKey)],
    }),
    new iam.PolicyStatement({
      sid: 'UseEvidenceKey',
      actions: [...KEY_ENCRYPT_ACTIONS, ...KEY_DECRYPT_ACTIONS],
      resources: [input.evidenceKey.keyArn],
    }),
    new iam.PolicyStatement({
      sid: 'NotifyDrift',
      actions: ['sns:Publish'],
      resources: [input.topic.topicArn],
    }),
  ];
  if (input.topic.masterKey) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'UseTopicKey',
        actions: [...KEY_ENCRYPT_ACTIONS, ...KEY_DECRYPT_ACTIONS],
        resources: [input.topic.masterKey.keyArn],
      }),
    );
  }
  if (input.inVpc) {
    // EC2 network-interface APIs used by Lambda for VPC access accept no resource restriction.
    statements.push(
      new iam.PolicyStatement({ sid: 'VpcAccess', actions: [...LAMBDA_VPC_ACTIONS], resources: ['*'] }),
    );
  }
  return statements;
}

/**
 * Acknowledges the wildcard findings on the policy, each with why it does not widen access: `Resource: '*'`
 * only on statements whose every action lacks resource-level permissions, and the evidence prefix.
 */
export function acknowledgePostureFindings(
  policy: iam.ManagedPolicy,
  evidenceBucket: s3.IBucket,
  evidencePrefix: string,
): void {
  acknowledgeResourceWildcards(policy, {
    actions: [...POSTURE_READ_ACTIONS, ...XRAY_WRITE_ACTIONS, ...LAMBDA_VPC_ACTIONS],
    reason:
      'Resource * only for read-only AWS Config and Security Hub posture APIs, X-Ray trace writes and Lambda VPC network interfaces: none supports resource-level permissions, and none reads or writes PHI.',
  });
  const objects = flattenForNag(Stack.of(policy).resolve(evidenceBucket.arnForObjects(`${evidencePrefix}*`)));
  acknowledgeBuiltIn(policy, [
    {
      ruleId: `AwsSolutions-IAM5[Resource::${objects}]`,
      reason: `Each run writes new dated evidence objects under ${evidencePrefix}, whose keys are not known in advance; only s3:PutObject is allowed there, never read, list or delete.`,
    },
  ]);
}
