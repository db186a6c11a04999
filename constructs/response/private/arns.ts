import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * `arn:<partition>:ec2:<region>:<account>:<resource>/*`: every EC2 resource of one type in this account
 * and Region, for actions that may target any instance, volume or group a finding names. Snapshots
 * created by CreateSnapshot carry no account in their ARN, hence `account: false`.
 */
export function ec2Arn(scope: Construct, resource: string, account = true): string {
  return Stack.of(scope).formatArn({
    service: 'ec2',
    resource,
    resourceName: '*',
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    ...(account ? {} : { account: '' }),
  });
}
