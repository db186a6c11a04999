import { Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { RetentionProfile } from '../../constructs/core/retention';
import { PhiKey } from '../../constructs/encryption/phi-key';
import { PhiVpc } from '../../constructs/network/phi-vpc';
import { AccessLogsBucket } from '../../constructs/storage/access-logs-bucket';
import { PhiBucket, type PhiBucketReplication } from '../../constructs/storage/phi-bucket';
import { PhiDatabase } from '../../constructs/storage/phi-database';
import { PhiTable } from '../../constructs/storage/phi-table';
import type { BaselineConfig } from '../config';

/** Properties of a {@link DataProtectionStack}. */
export interface DataProtectionStackProps extends StackProps {
  /** The validated reference-app configuration. */
  readonly config: BaselineConfig;
  /**
   * Where the clinical documents replicate: the second Region's replica (e.g.
   * `PhiReplicaBucket.replicationTarget(...)` of the BackupCopy stack's replica), named by ARN so no
   * cross-Region reference is made.
   */
  readonly documentsReplication: PhiBucketReplication;
}

/**
 * The reference data-protection layer (strategy 5): a PHI network, one key per data domain, a
 * document bucket replicated to a second Region, a clinical-events table and a patient-records
 * database, all from the toolkit's constructs at their secure defaults.
 */
export class DataProtectionStack extends Stack {
  /** The network. */
  public readonly network: PhiVpc;
  /** Key for patient records (database and documents). */
  public readonly recordsKey: PhiKey;
  /** Key for audit logs (flow logs, database logs). */
  public readonly logsKey: PhiKey;
  /** Bucket for clinical documents. */
  public readonly documents: PhiBucket;
  /** Table for clinical events. */
  public readonly events: PhiTable;
  /** Database for patient records. */
  public readonly database: PhiDatabase;

  constructor(scope: Construct, id: string, props: DataProtectionStackProps) {
    super(scope, id, props);
    const { config } = props;
    const retention = RetentionProfile.ofDays(
      this,
      'hipaaBaseline.logRetentionDays',
      config.logRetentionDays,
    );

    this.recordsKey = new PhiKey(this, 'RecordsKey', {
      dataDomain: 'patient-records',
      rotationPeriodDays: config.keyRotationDays,
    });
    this.logsKey = new PhiKey(this, 'LogsKey', {
      dataDomain: 'audit-logs',
      rotationPeriodDays: config.keyRotationDays,
    });
    this.logsKey.allowCloudWatchLogs();

    this.network = new PhiVpc(this, 'Network', {
      cidr: config.network.cidr,
      maxAzs: config.network.maxAzs,
      availabilityZones: config.env.availabilityZones,
      internetEgress: config.network.internetEgress,
      ...(config.network.internetEgress
        ? { egressFirewall: { allowedDomains: config.network.egressAllowedDomains } }
        : {}),
      // The patient portal's load balancer answers on the internet; application and data subnets do not.
      internetIngress: {
        reason:
          "Public subnets for the patient portal's internet-facing load balancer (TLS 1.2+, WAF); no NAT gateway, and no application or data subnet routes to the internet",
      },
      logsEncryptionKey: this.logsKey.key,
      logRetention: retention,
    });

    const accessLogs = new AccessLogsBucket(this, 'AccessLogs', { retention });
    this.documents = new PhiBucket(this, 'ClinicalDocuments', {
      encryptionKey: this.recordsKey,
      accessLogsBucket: accessLogs.bucket,
      lifecycle: { infrequentAccessAfterDays: 90, glacierAfterDays: 365 },
      replicateTo: props.documentsReplication,
    });

    this.events = new PhiTable(this, 'ClinicalEvents', {
      partitionKey: { name: 'patientId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'occurredAt', type: dynamodb.AttributeType.STRING },
      encryptionKey: this.recordsKey,
    });

    this.database = new PhiDatabase(this, 'PatientRecords', {
      vpc: this.network.vpc,
      vpcSubnets: this.network.dataSubnets,
      encryptionKey: this.recordsKey,
      logsEncryptionKey: this.logsKey.key,
      defaultDatabaseName: config.database.name,
      readers: config.database.readers,
      logRetention: retention,
    });
  }
}
