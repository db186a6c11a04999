import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeResourceWildcards } from '../../core/policy-findings';
import { EXEC_LOG_ACTIONS, EXEC_WILDCARD_ACTIONS } from './perms';

/**
 * Gives the task role what the SSM agent in a task needs for ECS Exec sessions on a cluster whose
 * `config` encrypts sessions with a KMS key and logs them to CloudWatch Logs: the Session Manager
 * channels, decryption with the session key, and writes to the session log group.
 *
 * Written here rather than left to `FargateService({ enableExecuteCommand })`, which also adds `kms:*`
 * for the account root to the session key's policy (undoing the key's separation of administration
 * from use) and grants the log group by a `log-group:<name>:*` pattern.
 */
export function allowExecSessions(taskRole: iam.IRole, config: ecs.ExecuteCommandConfiguration): void {
  const statements = [
    // The Session Manager channel actions accept no resource-level restriction.
    new iam.PolicyStatement({ actions: [...EXEC_WILDCARD_ACTIONS], resources: ['*'] }),
  ];
  if (config.kmsKey)
    statements.push(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [config.kmsKey.keyArn] }));
  const logGroup = config.logConfiguration?.cloudWatchLogGroup;
  if (logGroup)
    statements.push(
      new iam.PolicyStatement({
        actions: [...EXEC_LOG_ACTIONS],
        resources: [logGroup.logGroupRef.logGroupArn],
      }),
    );
  for (const statement of statements) taskRole.addToPrincipalPolicy(statement);
  acknowledgeResourceWildcards(taskRole, {
    actions: [...EXEC_WILDCARD_ACTIONS],
    reason:
      'ECS Exec: the Session Manager channel actions (ssmmessages:*Channel) and the log-group lookup (logs:DescribeLogGroups) accept no resource-level restriction; sessions are KMS-encrypted and logged to an encrypted audit log group.',
  });
}
