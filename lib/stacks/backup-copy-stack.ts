import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { BackupCopyVault } from '../../constructs/backup/backup-copy-vault';
import { acknowledgeBuiltIn } from '../../constructs/core/private/acknowledge-built-in';
import { PhiReplicaBucket } from '../../constructs/storage/phi-replica-bucket';

/** Properties of a {@link BackupCopyStack}. */
export interface BackupCopyStackProps extends StackProps {
  /** The copy vault's name, which the resilience stack's backup plan names in its copy actions. */
  readonly backupVaultName: string;
  /**
   * The `replicaName` of the clinical documents replica, which the data-protection stack's documents
   * bucket names (with `PhiReplicaBucket.replicationTarget`) in its replication rule.
   */
  readonly documentsReplicaName: string;
}

/**
 * The second-Region half of the reference app: a locked, customer-key-encrypted vault that receives a
 * copy of every recovery point of the resilience stack's plan, and the replica bucket that receives every
 * object version of the data-protection stack's clinical documents, so a Regional outage or a compromised
 * primary Region still leaves a restorable copy (164.308(a)(7)(ii)(A), 164.308(a)(7)(ii)(B)). Deploy it
 * before the resilience and data-protection stacks (the app declares the dependencies).
 */
export class BackupCopyStack extends Stack {
  /** The copy vault. */
  public readonly copies: BackupCopyVault;
  /** The replica of the clinical documents bucket. */
  public readonly documentsReplica: PhiReplicaBucket;

  constructor(scope: Construct, id: string, props: BackupCopyStackProps) {
    const { backupVaultName, documentsReplicaName, ...stackProps } = props;
    super(scope, id, stackProps);
    this.copies = new BackupCopyVault(this, 'PhiCopies', { backupVaultName });
    this.documentsReplica = new PhiReplicaBucket(this, 'ClinicalDocumentsReplica', {
      replicaName: documentsReplicaName,
    });
    // The account's AuditTrail (AccountBaseline stack, multi-Region) selects the data events of the PHI
    // stores it can reference, which are the primary Region's; it cannot reference this replica.
    acknowledgeBuiltIn(this.documentsReplica.bucket, [
      {
        ruleId: 'TemplateEvidence-CloudTrailPhiDataEvents',
        reason:
          "The copy Region has no AuditTrail and the account's multi-Region trail selects data events of the primary Region's PHI stores only; every request to this replica is recorded by its S3 server access logs (kept six years), and only the source's replication role may write to it.",
      },
    ]);
  }
}
