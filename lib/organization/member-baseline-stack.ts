import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ResilientBackup } from '../../constructs/backup/resilient-backup';
import { PhiKey } from '../../constructs/encryption/phi-key';
import { MfaEnforcement } from '../../constructs/identity/mfa-enforcement';
import { PermissionsBoundary } from '../../constructs/identity/permissions-boundary';
import { AccessLogsBucket } from '../../constructs/storage/access-logs-bucket';
import { AuditLogGroup } from '../../constructs/storage/audit-log-group';

/** Properties of a {@link MemberBaselineStack}. */
export interface MemberBaselineStackProps extends StackProps {
  /**
   * Create the vault-locked backup vault, plan and PHI-tag selection in every member account and Region.
   *
   * @default true - backups of PHI-tagged resources (164.308(a)(7)(ii)(A))
   */
  readonly backups?: boolean;
}

/**
 * The baseline every member account and Region receives through the {@link MemberBaselineStackSet}:
 * only constructs that need no file assets (no Lambda code), so the template deploys from a StackSet
 * without an asset bucket. A PHI key, a six-year audit log group, an access-logs bucket, the MFA
 * enforcement policy, the permissions boundary and (by default) vault-locked backups.
 */
export class MemberBaselineStack extends Stack {
  /** The key for member-account PHI data. */
  public readonly phiKey: PhiKey;
  /** Audit log group for member-account workloads. */
  public readonly auditLogs: AuditLogGroup;
  /** Bucket for S3 server access logs. */
  public readonly accessLogs: AccessLogsBucket;
  /** The deny-without-MFA managed policy. */
  public readonly mfa: MfaEnforcement;
  /** The permissions boundary for roles created in the member account. */
  public readonly boundary: PermissionsBoundary;
  /** Backups of PHI-tagged resources, when enabled. */
  public readonly backups?: ResilientBackup;

  constructor(scope: Construct, id: string, props: MemberBaselineStackProps = {}) {
    const { backups, ...stackProps } = props;
    super(scope, id, { analyticsReporting: false, ...stackProps });
    this.phiKey = new PhiKey(this, 'PhiKey', { dataDomain: 'member-phi' });
    this.auditLogs = new AuditLogGroup(this, 'AuditLogs');
    this.accessLogs = new AccessLogsBucket(this, 'AccessLogs');
    this.mfa = new MfaEnforcement(this, 'Mfa');
    this.boundary = new PermissionsBoundary(this, 'Boundary');
    if (backups ?? true) this.backups = new ResilientBackup(this, 'Backups');
  }
}
