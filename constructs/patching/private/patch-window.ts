import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { PATCH_GROUP_TAG_KEY } from '../patch-group';

/** The Systems Manager document every patching task runs. */
export const PATCH_DOCUMENT = 'AWS-RunPatchBaseline';
/** Key prefix of Run Command and association output in the output bucket. */
export const TASK_OUTPUT_PREFIX = 'patching';

/** One maintenance window that runs `AWS-RunPatchBaseline` on a patch group. */
export interface PatchWindowOptions {
  readonly name: string;
  readonly patchGroup: string;
  readonly schedule: string;
  readonly duration: number;
  readonly cutoff: number;
  readonly operation: 'Install' | 'Scan';
  readonly maxConcurrency: string;
  readonly maxErrors: string;
  readonly outputBucket: s3.IBucket;
  readonly logGroup: logs.ILogGroup;
}

/**
 * A maintenance window (UTC, no unregistered targets), its target (instances tagged
 * `PatchGroup=<patchGroup>`) and its Run Command task. Install reboots if needed; Scan never reboots.
 * No task role: the window runs with the Systems Manager service-linked role.
 */
export function createPatchWindow(
  scope: Construct,
  id: string,
  options: PatchWindowOptions,
): ssm.CfnMaintenanceWindow {
  const window = new ssm.CfnMaintenanceWindow(scope, `${id}Window`, {
    name: options.name,
    description: `${options.operation} security patches on patch group ${options.patchGroup}`,
    schedule: options.schedule,
    scheduleTimezone: 'Etc/UTC',
    duration: options.duration,
    cutoff: options.cutoff,
    allowUnassociatedTargets: false,
  });
  const childName = `${id.toLowerCase()}-${options.patchGroup}`.slice(0, 128);
  const target = new ssm.CfnMaintenanceWindowTarget(scope, `${id}Target`, {
    windowId: window.ref,
    name: childName,
    resourceType: 'INSTANCE',
    targets: [{ key: `tag:${PATCH_GROUP_TAG_KEY}`, values: [options.patchGroup] }],
  });
  new ssm.CfnMaintenanceWindowTask(scope, `${id}Task`, {
    windowId: window.ref,
    name: childName,
    taskArn: PATCH_DOCUMENT,
    taskType: 'RUN_COMMAND',
    priority: 1,
    maxConcurrency: options.maxConcurrency,
    maxErrors: options.maxErrors,
    targets: [{ key: 'WindowTargetIds', values: [target.ref] }],
    taskInvocationParameters: {
      maintenanceWindowRunCommandParameters: {
        parameters: {
          Operation: [options.operation],
          RebootOption: [options.operation === 'Install' ? 'RebootIfNeeded' : 'NoReboot'],
        },
        outputS3BucketName: options.outputBucket.bucketName,
        outputS3KeyPrefix: `${TASK_OUTPUT_PREFIX}/${id.toLowerCase()}`,
        cloudWatchOutputConfig: {
          cloudWatchOutputEnabled: true,
          cloudWatchLogGroupName: options.logGroup.logGroupName,
        },
      },
    },
  });
  return window;
}
