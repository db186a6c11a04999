import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { LOG_SERVICE_KEY_ACTIONS } from './private/perms';

const ALLOWED = new WeakSet<kms.IKey>();

/**
 * Lets CloudWatch Logs in the key's account and region encrypt log groups with `key`, limited by the
 * encryption context to log groups of that account and region. Idempotent.
 *
 * @returns true when the statement is in the key policy; false for an imported key, whose policy the
 *   app cannot change (its owner must allow CloudWatch Logs)
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function allowCloudWatchLogsToUseKey(key: kms.IKey): boolean {
  if (ALLOWED.has(key)) return true;
  const stack = Stack.of(key);
  const result = key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsInThisAccountAndRegion',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.${stack.urlSuffix}`)],
      actions: [...LOG_SERVICE_KEY_ACTIONS],
      resources: ['*'], // In a key policy, '*' is the key itself.
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
    true,
  );
  if (result.statementAdded) ALLOWED.add(key);
  return result.statementAdded;
}
