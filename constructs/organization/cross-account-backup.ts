import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { PropsCheck } from '../core/validation';
import { SdkCall } from '../patching/private/sdk-call';
import { checkList, REGION_PATTERN } from './private/validation';

/** The only action the calls need: AWS Backup's global settings have no resource type in IAM. */
export const CROSS_ACCOUNT_BACKUP_ACTIONS: readonly string[] = ['backup:UpdateGlobalSettings'];

const REASON =
  'backup:UpdateGlobalSettings changes a setting of the management account itself, which has no resource type in IAM, so IAM accepts only Resource *; the call can only allow copies between accounts of this organization.';

/** Properties of a {@link CrossAccountBackup}. */
export interface CrossAccountBackupProps {
  /**
   * The Regions whose AWS Backup copies may cross accounts: every Region member accounts back up in.
   * Tokens are rejected (164.308(a)(7)(ii)(A)).
   */
  readonly regions: string[];
}

/**
 * Turns on AWS Backup cross-account backup for the organization (`UpdateGlobalSettings`
 * `isCrossAccountBackupEnabled`) in each Region, so member accounts can copy their recovery points
 * into the organization backup account's logically air-gapped vaults. Deploy in the management
 * account: the API refuses any other. Copies still need the destination vault's access policy to
 * admit them (see `BackupAccountVault`). Nothing is undone on delete: turning the setting off would
 * stop every member's offsite copy.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateGlobalSettings.html
 */
export class CrossAccountBackup extends Construct {
  /** One call per Region, in the order of `regions`. */
  public readonly calls: readonly SdkCall[];

  constructor(scope: Construct, id: string, props: CrossAccountBackupProps) {
    const check = new PropsCheck(scope, id);
    checkList(
      check,
      'regions',
      props.regions,
      REGION_PATTERN,
      'a non-empty list of Region names such as "us-east-1", not tokens',
      Citation.DATA_BACKUP,
      true,
    );
    check.throwIfInvalid();
    super(scope, id);

    this.calls = props.regions.map((region) => {
      const call: cr.AwsSdkCall = {
        service: 'Backup',
        action: 'updateGlobalSettings',
        parameters: { GlobalSettings: { isCrossAccountBackupEnabled: 'true' } },
        region,
        physicalResourceId: cr.PhysicalResourceId.of(`cross-account-backup-${region}`),
      };
      return new SdkCall(this, region, {
        onCreate: call,
        onUpdate: call,
        statements: [
          new iam.PolicyStatement({ actions: [...CROSS_ACCOUNT_BACKUP_ACTIONS], resources: ['*'] }),
        ],
        wildcardResourceReason: REASON,
      });
    });
  }
}
