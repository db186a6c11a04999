import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { INCIDENT_SEVERITIES, type IncidentSeverity } from '../../constructs/response/incident-severity';
import { DrillError, type DrillOptions, runDrill } from './drill';

/** How the drill command reports back to the CLI. */
export interface DrillCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Sets the process exit code (0 delivered, 1 no alert before the timeout, 2 configuration error). */
  readonly setExitCode: (code: number) => void;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3600)
    throw new InvalidArgumentError('expected whole seconds from 1 to 3600');
  return n;
}

/**
 * Adds `hipaa-baseline drill` to `program`: raises GuardDuty sample findings in the deployed account,
 * waits for the alert on the incident topic, reports the end-to-end latency, stores a drill record and
 * cleans up. Credentials and region come from the standard AWS SDK chain (`AWS_PROFILE`, `AWS_REGION`…).
 */
export function registerDrillCommand(program: Command, io: DrillCommandIo): void {
  program
    .command('drill')
    .description(
      'Incident-response drill: raise GuardDuty sample findings, wait for the alert on the incident topic, report latency, store a drill record, clean up.',
    )
    .option('--topic-arn <arn>', 'incident topic to listen on')
    .option('--topic-name <name>', 'incident topic to listen on, by name')
    .addOption(
      new Option('--severity <band>', 'topic to listen on, by severity tag').choices([
        ...INCIDENT_SEVERITIES,
      ]),
    )
    .option('--finding-type <type...>', 'GuardDuty sample finding types to raise')
    .option('--evidence-bucket <name>', 'bucket for the drill record (drills/<date>/<id>.json)')
    .option('--evidence-kms-key-id <key>', 'KMS key for the drill record')
    .option('--timeout <seconds>', 'how long to wait for the alert', positiveInteger, 300)
    .addHelpText(
      'after',
      '\nExit codes:\n  0  the alert arrived (latency printed)\n  1  no alert before the timeout\n  2  not deployed, no credentials, access denied, or bad options',
    )
    .action(async (opts: Record<string, unknown>) => {
      const options: DrillOptions = {
        topicArn: opts.topicArn as string | undefined,
        topicName: opts.topicName as string | undefined,
        severity: opts.severity as IncidentSeverity | undefined,
        findingTypes: opts.findingType as string[] | undefined,
        evidenceBucket: opts.evidenceBucket as string | undefined,
        evidenceKmsKeyId: opts.evidenceKmsKeyId as string | undefined,
        timeoutSeconds: opts.timeout as number,
      };
      try {
        const result = await runDrill(options, {
          guardDuty: new GuardDutyClient({}),
          sns: new SNSClient({}),
          sqs: new SQSClient({}),
          s3: new S3Client({}),
          sts: new STSClient({}),
        });
        io.stdout(`${JSON.stringify(result.record, null, 2)}\n`);
        io.stderr(
          result.outcome === 'DELIVERED'
            ? `drill: alert arrived after ${result.latencyMs} ms\n`
            : `drill: no alert within ${options.timeoutSeconds} s\n`,
        );
        for (const problem of result.cleanupErrors) io.stderr(`drill: cleanup: ${problem}\n`);
        io.setExitCode(result.exitCode);
      } catch (error) {
        if (!(error instanceof DrillError)) throw error;
        io.stderr(`error: ${error.message}\n`);
        io.setExitCode(2);
      }
    });
}
