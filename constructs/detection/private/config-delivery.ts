import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledgeWildcards } from '../../core/policy-findings';
import { acknowledgeBuiltIn } from '../../core/private/acknowledge-built-in';
import { CONFIG_BUCKET_CHECK_ACTIONS, CONFIG_DELIVERY_ACTIONS, CONFIG_KEY_ACTIONS } from './perms';

/** The AWS-managed policy AWS Config documents for a recorder role. */
const CONFIG_ROLE_POLICY = 'service-role/AWS_ConfigRole';

/**
 * The recorder's role, created as `<scope>/RecorderRole`: the AWS-managed `AWS_ConfigRole` (which AWS
 * keeps current as Config learns new resource types) for reading configurations, and a customer-managed
 * policy (`<scope>/RecorderDeliveryPolicy`) for delivery to this bucket and key only. The bucket and key
 * policies also let the Config service in this account deliver, as the AWS Config documentation lists.
 *
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
 */
export function createRecorderRole(
  scope: Construct,
  bucket: s3.IBucket,
  key: kms.IKey,
): { role: iam.Role; delivery: iam.ManagedPolicy } {
  const stack = Stack.of(scope);
  const deliveryPath = bucket.arnForObjects(`AWSLogs/${stack.account}/Config/*`);
  const thisAccount = { StringEquals: { 'aws:SourceAccount': stack.account } };
  const configService = new iam.ServicePrincipal('config.amazonaws.com');

  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AWSConfigBucketPermissionsCheck',
      principals: [configService],
      actions: [...CONFIG_BUCKET_CHECK_ACTIONS],
      resources: [bucket.bucketArn],
      conditions: thisAccount,
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AWSConfigBucketDelivery',
      principals: [configService],
      actions: [...CONFIG_DELIVERY_ACTIONS],
      resources: [deliveryPath],
      conditions: {
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': stack.account },
      },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AWSConfigKMSPolicy',
      principals: [configService],
      actions: [...CONFIG_KEY_ACTIONS],
      resources: ['*'], // In a key policy, '*' is the key itself.
      conditions: thisAccount,
    }),
  );

  const role = new iam.Role(scope, 'RecorderRole', {
    assumedBy: new iam.ServicePrincipal('config.amazonaws.com', { conditions: thisAccount }),
    description: 'AWS Config recorder: reads resource configurations and delivers them to the history bucket',
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(CONFIG_ROLE_POLICY)],
  });
  acknowledgeBuiltIn(role, [
    {
      ruleId: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${CONFIG_ROLE_POLICY}]`,
      reason:
        'AWS_ConfigRole is the policy AWS Config documents for recorder roles; AWS adds read permissions to it as Config supports new resource types, which recording all supported types needs. It grants configuration reads, no data access.',
    },
  ]);
  const statements = [
    new iam.PolicyStatement({
      sid: 'DeliverToHistoryBucket',
      actions: [...CONFIG_DELIVERY_ACTIONS],
      resources: [deliveryPath],
      conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }),
    new iam.PolicyStatement({
      sid: 'CheckHistoryBucket',
      actions: [...CONFIG_BUCKET_CHECK_ACTIONS],
      resources: [bucket.bucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'EncryptHistory',
      actions: [...CONFIG_KEY_ACTIONS],
      resources: [key.keyArn],
    }),
  ];
  const delivery = new iam.ManagedPolicy(scope, 'RecorderDeliveryPolicy', { roles: [role], statements });
  acknowledgeWildcards(
    delivery,
    statements,
    'AWS Config names delivered objects by date and resource under AWSLogs/<account>/Config/; the wildcard is limited to that prefix of the one history bucket.',
  );
  return { role, delivery };
}
