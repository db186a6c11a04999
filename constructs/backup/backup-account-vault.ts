import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { PropsCheck } from '../core/validation';
import { MAX_RETENTION_DAYS, RETENTION_FLOORS } from './private/backup-validation';
import { airGappedRetention } from './private/offsite-copies';

/** The name every Region's vault of the organization backup account has, so members can name its ARN. */
export const ORGANIZATION_BACKUP_VAULT_NAME = 'hipaa-organization-air-gapped';
/** The only action the vault's access policy grants, and only to principals of the organization. */
export const BACKUP_ACCOUNT_VAULT_ACTIONS: readonly string[] = ['backup:CopyIntoBackupVault'];

const VAULT_NAME = /^[A-Za-z0-9_.-]{2,50}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
/** The retention bounds a ResilientBackup's own air-gapped vault gets at its defaults (35 to 2558 days). */
const DEFAULT_BOUNDS = airGappedRetention({});

/** Properties of a {@link BackupAccountVault}. */
export interface BackupAccountVaultProps {
  /**
   * The organization (`o-…`) whose accounts may copy recovery points into the vault. Tokens are
   * rejected: the vault policy must be reviewable at synth (164.312(a)(1)).
   */
  readonly organizationId: string;
  /**
   * The vault's name, the same in every Region, so one member template can name the vault of the
   * Region it runs in.
   *
   * @default ORGANIZATION_BACKUP_VAULT_NAME ('hipaa-organization-air-gapped')
   */
  readonly backupVaultName?: string;
  /**
   * Shortest retention a copy may have; shorter copies are refused. At least 35 days (the daily rule's
   * floor) and at most the members' shortest rule retention, or their daily copies fail.
   *
   * @default 35 - the floor of ResilientBackup's daily rule (164.308(a)(7)(ii)(A))
   */
  readonly minRetentionDays?: number;
  /**
   * Longest retention a copy may have; longer copies are refused. At least 2192 days (the yearly rule's
   * floor) and at least the members' longest rule retention, or their yearly copies fail.
   *
   * @default 2558 - the maximum of ResilientBackup's own air-gapped vault (164.316(b)(2)(i))
   */
  readonly maxRetentionDays?: number;
}

/**
 * The logically air-gapped vault of the organization's backup account in one Region: every member
 * account's `ResilientBackup` copies each recovery point into it (`airGappedCopy`), so the copies sit
 * outside the members' control — a compromised member administrator can delete neither the vault nor
 * a copy. AWS Backup keeps its recovery points in a service-owned account, locked in compliance mode
 * from creation, encrypted with an AWS-owned key (a customer-managed key could be disabled by whoever
 * holds the backup account). Its access policy lets only principals of the organization
 * (`aws:PrincipalOrgID`) copy in, and grants nothing else. Retained on stack deletion. Cross-account
 * copies also need cross-account backup turned on in the management account (`CrossAccountBackup`).
 *
 * Serves 164.308(a)(7)(ii)(A) (data backup plan), 164.308(a)(7)(ii)(B) (disaster recovery) and
 * 164.312(c)(1) (integrity).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html
 */
export class BackupAccountVault extends Construct {
  /**
   * The ARN the vault has in `region` of `account` under `vaultName`: what member accounts name in
   * `airGappedCopy.destinationVaultArn`. Any argument may be a token (e.g. `Aws.REGION`).
   */
  public static vaultArn(
    partition: string,
    region: string,
    account: string,
    vaultName: string = ORGANIZATION_BACKUP_VAULT_NAME,
  ): string {
    return `arn:${partition}:backup:${region}:${account}:backup-vault:${vaultName}`;
  }

  /** The vault. */
  public readonly vault: backup.CfnLogicallyAirGappedBackupVault;
  /** The vault's name. */
  public readonly backupVaultName: string;

  constructor(scope: Construct, id: string, props: BackupAccountVaultProps) {
    const check = new PropsCheck(scope, id);
    check.require(!Token.isUnresolved(props.organizationId) && ORG_ID.test(props.organizationId ?? ''), {
      prop: 'organizationId',
      received: props.organizationId,
      allowed: 'an organization id (o- and 10 to 32 lowercase letters or digits), not a token',
      citation: Citation.ACCESS_CONTROL,
    });
    check.matches(
      'backupVaultName',
      props.backupVaultName,
      VAULT_NAME,
      'a literal vault name of 2 to 50 letters, digits, hyphens, underscores or periods',
      Citation.DATA_BACKUP,
    );
    const min = props.minRetentionDays ?? DEFAULT_BOUNDS.min;
    const max = props.maxRetentionDays ?? DEFAULT_BOUNDS.max;
    const minOk = check.integerInRange(
      'minRetentionDays',
      props.minRetentionDays,
      RETENTION_FLOORS.dailyDays,
      MAX_RETENTION_DAYS,
      Citation.DATA_BACKUP,
    );
    const maxOk = check.integerInRange(
      'maxRetentionDays',
      props.maxRetentionDays,
      RETENTION_FLOORS.yearlyDays,
      MAX_RETENTION_DAYS,
      Citation.RETENTION_TIME_LIMIT,
    );
    if (minOk && maxOk) {
      check.require(min <= max, {
        prop: 'minRetentionDays',
        received: min,
        allowed: `at most maxRetentionDays (${max})`,
        citation: Citation.DATA_BACKUP,
      });
    }
    check.throwIfInvalid();
    super(scope, id);

    this.backupVaultName = props.backupVaultName ?? ORGANIZATION_BACKUP_VAULT_NAME;
    this.vault = new backup.CfnLogicallyAirGappedBackupVault(this, 'Vault', {
      backupVaultName: this.backupVaultName,
      minRetentionDays: min,
      maxRetentionDays: max,
      accessPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowCopyIntoFromOrganization',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: [...BACKUP_ACCOUNT_VAULT_ACTIONS],
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
          },
        ],
      },
    });
    this.vault.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }

  /** The vault's ARN. */
  public get vaultArn(): string {
    return this.vault.attrBackupVaultArn;
  }
}
