import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

const field = (path: string) => events.EventField.fromPath(path);

/** Alert text for a failed AWS Backup job, with a link to the jobs console. */
function jobMessage(stateField: string): events.RuleTargetInput {
  const region = field('$.region');
  return events.RuleTargetInput.fromText(
    `[HIGH] ${field('$.detail-type')}: ${field(stateField)} for ${field('$.detail.resourceArn')} ` +
      `(${field('$.detail.resourceType')}) in account ${field('$.account')}, ${region}. ` +
      `Jobs: https://console.aws.amazon.com/backup/home?region=${region}#/jobs`,
  );
}

/**
 * Alerts `topic` when a backup or copy job fails, is aborted or expires, and when a restore job
 * (restore tests included) fails: a contingency plan that silently stopped working is an incident.
 *
 * @returns the two rules
 */
export function addBackupAlerts(scope: Construct, topic: sns.ITopic): events.Rule[] {
  return [
    new events.Rule(scope, 'BackupJobFailed', {
      description: 'AWS Backup backup or copy jobs that failed, were aborted or expired',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Backup Job State Change', 'Copy Job State Change'],
        detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
      },
      targets: [new targets.SnsTopic(topic, { message: jobMessage('$.detail.state') })],
    }),
    new events.Rule(scope, 'RestoreJobFailed', {
      description: 'AWS Backup restore jobs (restore tests included) that failed',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Restore Job State Change'],
        detail: { status: ['FAILED'] },
      },
      targets: [new targets.SnsTopic(topic, { message: jobMessage('$.detail.status') })],
    }),
  ];
}
