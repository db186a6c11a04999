import { Names, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../../core/phi-classification';
import type { RestoreTestingSettings } from '../resilient-backup';

/** Default restore-testing schedule: every Sunday at 05:00 UTC. */
export const DEFAULT_RESTORE_TEST_SCHEDULE = 'cron(0 5 ? * SUN *)';
/** Default hours a restored copy is kept for validation before AWS Backup deletes it. */
export const DEFAULT_VALIDATION_WINDOW_HOURS = 4;
/** Days back the restore test looks for the latest recovery point. */
const SELECTION_WINDOW_DAYS = 7;

/** Properties of {@link RestoreTests}. */
export interface RestoreTestsProps {
  readonly vault: backup.IBackupVault;
  readonly role: iam.IRole;
  /** Encrypts the restored copies. */
  readonly restoreKey: kms.IKey;
  readonly settings?: RestoreTestingSettings;
}

/**
 * A restore-testing plan over the vault's latest recovery points (snapshot and continuous) and one
 * selection per PHI store type, each picking the resources tagged `DataClassification=PHI`, restoring
 * them encrypted with the restore key and deleting the copy after the validation window.
 */
export class RestoreTests extends Construct {
  public readonly plan: backup.CfnRestoreTestingPlan;
  public readonly selections: Readonly<Record<string, backup.CfnRestoreTestingSelection>>;

  constructor(scope: Construct, id: string, props: RestoreTestsProps) {
    super(scope, id);
    const planName = Names.uniqueResourceName(this, { maxLength: 50 });
    this.plan = new backup.CfnRestoreTestingPlan(this, 'Plan', {
      restoreTestingPlanName: planName,
      scheduleExpression: props.settings?.scheduleExpression ?? DEFAULT_RESTORE_TEST_SCHEDULE,
      startWindowHours: 8,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [props.vault.backupVaultArn],
        recoveryPointTypes: ['SNAPSHOT', 'CONTINUOUS'],
        selectionWindowDays: SELECTION_WINDOW_DAYS,
      },
    });
    const keyArn = props.restoreKey.keyArn;
    const overrides: Record<string, Record<string, string> | undefined> = {
      // Restored copies are encrypted with the restore key, not the service default (SSE-S3 / AWS owned).
      S3: { encryptionType: 'SSE-KMS', kmsKey: keyArn },
      DynamoDB: { encryptionType: 'KMS', kmsMasterKeyArn: keyArn },
      Aurora: props.settings?.aurora && {
        dbSubnetGroupName: props.settings.aurora.dbSubnetGroupName,
        vpcSecurityGroupIds: Stack.of(this).toJsonString(props.settings.aurora.securityGroupIds),
        kmsKeyId: keyArn,
      },
    };
    const selections: Record<string, backup.CfnRestoreTestingSelection> = {};
    for (const [type, restoreMetadataOverrides] of Object.entries(overrides)) {
      if (!restoreMetadataOverrides) continue;
      const selection = new backup.CfnRestoreTestingSelection(this, type, {
        restoreTestingPlanName: planName,
        restoreTestingSelectionName: `Phi${type}`,
        protectedResourceType: type,
        iamRoleArn: props.role.roleArn,
        protectedResourceArns: ['*'],
        protectedResourceConditions: {
          stringEquals: [{ key: `aws:ResourceTag/${DATA_CLASSIFICATION_TAG}`, value: PHI_CLASSIFICATION }],
        },
        validationWindowHours: props.settings?.validationWindowHours ?? DEFAULT_VALIDATION_WINDOW_HOURS,
        restoreMetadataOverrides,
      });
      selection.node.addDependency(this.plan);
      selections[type] = selection;
    }
    this.selections = selections;
  }
}
