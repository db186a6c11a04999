import { Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { flattenIntrinsics, type IntrinsicValues, type Statement } from '../../helpers/iam-evaluator';

/** Stand-in for the AWS-managed AdministratorAccess policy, whose document is not in the template. */
export const ADMINISTRATOR_ACCESS_LIKE: Statement[] = [{ Effect: 'Allow', Action: '*', Resource: '*' }];

/** Stand-in for the data-plane reads of the AWS-managed ReadOnlyAccess policy. */
export const READ_ONLY_ACCESS_LIKE: Statement[] = [
  {
    Effect: 'Allow',
    Action: ['s3:Get*', 's3:List*', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'kms:Describe*'],
    Resource: '*',
  },
];

/** The statements of a policy document, resolved and flattened for the evaluator. */
export function statementsOf(
  document: iam.PolicyDocument,
  scope: Stack,
  values?: IntrinsicValues,
): Statement[] {
  const resolved = scope.resolve(document) as { Statement: Statement[] };
  return flattenIntrinsics(resolved.Statement, values);
}

/** The statements of a managed policy, resolved and flattened for the evaluator. */
export function managedPolicyStatements(policy: iam.ManagedPolicy, values?: IntrinsicValues): Statement[] {
  return statementsOf(policy.document, Stack.of(policy), values);
}
