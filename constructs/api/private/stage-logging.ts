import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeBuiltIn } from '../../core/private/acknowledge-built-in';
import type { RetentionProfile } from '../../core/retention';
import { allowCloudWatchLogsToUseKey } from '../../encryption/log-service-access';

/** The AWS-managed policy CDK attaches to the API Gateway CloudWatch role (`cloudWatchRole: true`). */
export const CLOUDWATCH_ROLE_POLICY = 'service-role/AmazonAPIGatewayPushToCloudWatchLogs';

/** The account setting (`AWS::ApiGateway::Account`) each stack's first PhiApi creates, by stack. */
const ACCOUNT_BY_STACK = new WeakMap<Stack, apigateway.CfnAccount>();

/**
 * The account-level API Gateway setting that names the role API Gateway writes logs with, when this
 * stack already has one from an earlier PhiApi. The first PhiApi of a stack creates it (`cloudWatchRole:
 * true`, as CDK does); later ones reuse it, so one stack never holds two `AWS::ApiGateway::Account`
 * resources that overwrite each other.
 */
export function existingCloudWatchAccount(scope: Construct): apigateway.CfnAccount | undefined {
  return ACCOUNT_BY_STACK.get(Stack.of(scope));
}

/**
 * Records the `AWS::ApiGateway::Account` CDK created for `api` (with `cloudWatchRole: true`) as the
 * stack's, and acknowledges the AWS-managed policy on its role.
 */
export function adoptCloudWatchAccount(api: apigateway.RestApi): apigateway.CfnAccount | undefined {
  const account = api.node.tryFindChild('Account') as apigateway.CfnAccount | undefined;
  const role = api.node.tryFindChild('CloudWatchRole');
  if (account) ACCOUNT_BY_STACK.set(Stack.of(api), account);
  if (role) {
    acknowledgeBuiltIn(role, [
      {
        ruleId: `AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${CLOUDWATCH_ROLE_POLICY}]`,
        reason:
          'API Gateway writes execution and access logs of every API in the account and Region through the one role named on AWS::ApiGateway::Account; AWS documents AmazonAPIGatewayPushToCloudWatchLogs for it, and a policy narrowed to this API would break logging of the others.',
      },
    ]);
  }
  return account;
}

/**
 * The execution log group API Gateway writes to for `stage` (`API-Gateway-Execution-Logs_<api id>/<stage>`),
 * created ahead of the stage with the customer-managed key and the retention profile: left to API
 * Gateway, it would be created unencrypted by a customer key and never expire.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
export function createExecutionLogGroup(
  scope: Construct,
  api: apigateway.RestApi,
  stageName: string,
  key: kms.IKey,
  retention: RetentionProfile,
): logs.LogGroup {
  allowCloudWatchLogsToUseKey(key);
  return new logs.LogGroup(scope, 'ExecutionLogs', {
    logGroupName: `API-Gateway-Execution-Logs_${api.restApiId}/${stageName}`,
    encryptionKey: key,
    retention: retention.logGroupRetention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
