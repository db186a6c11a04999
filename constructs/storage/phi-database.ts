import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { dataDomainFromId } from '../core/naming';
import { PhiClassification } from '../core/phi-classification';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { recordManualAttestation } from '../core/report-metadata';
import type { RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { AuditLogGroup } from './audit-log-group';
import { PGAUDIT_DEFAULT_CLASSES, type PgAuditClass, pgAuditParameters } from './private/pgaudit';
import {
  deriveClusterIdentifier,
  validateDatabaseProps,
  validateDbUser,
  validatePeer,
} from './private/phi-database-validation';

export {
  PGAUDIT_CLASSES,
  PGAUDIT_DEFAULT_CLASSES,
  PGAUDIT_PRELOAD_LIBRARIES,
  PGAUDIT_REQUIRED_CLASSES,
  type PgAuditClass,
} from './private/pgaudit';

/** The Aurora PostgreSQL engine version the toolkit deploys. Minor upgrades are applied automatically. */
export const PHI_DATABASE_ENGINE_VERSION = rds.AuroraPostgresEngineVersion.VER_17_7;
/** The admin user whose generated password is kept in Secrets Manager and rotated. */
export const PHI_DATABASE_ADMIN_USER = 'phi_admin';
/** Days automated backups are kept: the most RDS allows. */
export const PHI_DATABASE_BACKUP_DAYS = 35;
/** Days between rotations of the admin password. */
export const PHI_DATABASE_ROTATION_DAYS = 30;

/** PostgreSQL's well-known port, used unless `port` is set. */
const POSTGRES_PORT = 5432;
/** Characters left out of generated passwords: aws-cdk-lib's RDS default, which connection strings tolerate. */
const PASSWORD_EXCLUDE_CHARACTERS = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\';

/**
 * Cluster parameters fixed in code: TLS 1.2+ only, and every connection and disconnection logged. The
 * pgaudit parameters ({@link pgAuditParameters}) are added to these.
 */
const HARDENED_PARAMETERS: Readonly<Record<string, string>> = {
  'rds.force_ssl': '1',
  ssl_min_protocol_version: 'TLSv1.2',
  log_connections: '1',
  log_disconnections: '1',
};

/** Properties of a {@link PhiDatabase}. */
export interface PhiDatabaseProps {
  /**
   * The VPC to place the cluster in. It needs isolated subnets in at least two Availability Zones and a
   * Secrets Manager interface endpoint with private DNS, which the password-rotation function calls.
   */
  readonly vpc: ec2.IVpc;

  /**
   * Where the writer, the readers and the password-rotation function run. Only isolated subnets of
   * `vpc` are accepted, in at least two Availability Zones.
   *
   * @default { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } - every isolated subnet of the VPC (164.312(e)(1))
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The key that encrypts storage, backups, snapshots, Performance Insights data and the admin secret.
   *
   * @default - a new {@link PhiKey} for this database, domain from the construct id (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: PhiKey | kms.IKey;

  /**
   * The key that encrypts the exported PostgreSQL log group. Its policy is extended to let CloudWatch
   * Logs use it; an imported key's policy must already allow that. The storage key is not reused by
   * default, so its policy never names the CloudWatch Logs service.
   *
   * @default - a new {@link PhiKey} for the logs, domain `logs-<construct id>` (164.312(a)(2)(iv))
   */
  readonly logsEncryptionKey?: kms.IKey;

  /**
   * The pgaudit session audit classes logged (`pgaudit.log`). Classes can be added (`function`, `misc`,
   * `misc_set`, `all`) but `read`, `write` and `ddl` cannot be left out: a list without them is refused.
   * Bind parameters are never logged (`pgaudit.log_parameter` off): they are the ePHI values themselves.
   *
   * @default ['read', 'write', 'ddl', 'role'] - every read, change and structure or privilege change of
   * the data is logged with the user, statement and table (164.312(b))
   */
  readonly auditLogClasses?: readonly PgAuditClass[];

  /**
   * How long the exported PostgreSQL log (connections, disconnections, pgaudit records, errors) is kept.
   *
   * @default RetentionProfile.SIX_YEARS - 2192 days (164.316(b)(2)(i))
   */
  readonly logRetention?: RetentionProfile;

  /**
   * The instance class of the writer and of every reader.
   *
   * @default - r6g.large, memory-optimized Graviton
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Aurora replicas besides the writer, from 1 to 15. RDS spreads them across the Availability Zones of
   * the subnets and promotes one if the writer's zone fails.
   *
   * @default 1 - a writer and one reader in another Availability Zone (164.308(a)(7)(ii)(B))
   */
  readonly readers?: number;

  /**
   * Name of a database created with the cluster.
   *
   * @default - only the `postgres` database exists
   */
  readonly defaultDatabaseName?: string;

  /**
   * The port the cluster listens on, from 1150 to 65535.
   *
   * @default 5432 - the only port the security group opens, and only to peers given to allowConnectionsFrom
   */
  readonly port?: number;

  /**
   * What happens to the cluster when it leaves the stack. DESTROY is refused: PHI must survive
   * `cdk destroy`. SNAPSHOT keeps a final encrypted snapshot.
   *
   * @default RemovalPolicy.RETAIN (164.312(c)(1))
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The DB cluster identifier, which also names the log group `/aws/rds/cluster/<id>/postgresql`: a
   * lowercase letter, then lowercase letters, digits and single inner hyphens, 63 characters at most.
   *
   * @default - derived from the construct path, unique in the account and Region
   */
  readonly clusterIdentifier?: string;
}

/**
 * An Aurora PostgreSQL cluster for PHI, hardened in code: storage, backups, Performance Insights and
 * the admin secret encrypted with a customer-managed key; TLS 1.2+ only; IAM database authentication;
 * isolated subnets and a security group with no ingress until {@link allowConnectionsFrom}; a writer
 * and readers in different Availability Zones; deletion protection, 35 days of backups and RETAIN;
 * pgaudit session auditing (`read`, `write`, `ddl`, `role`) and connection logs exported to an encrypted
 * log group kept six years; enhanced monitoring; automatic minor version upgrades; the admin password
 * rotated every 30 days.
 *
 * pgaudit logs from the first boot (the library is preloaded by the cluster parameter group). Run
 * `CREATE EXTENSION pgaudit;` once in each database as `phi_admin`: it adds the event triggers pgaudit
 * uses to name the objects of DDL statements. SQL cannot run at deploy without opening the RDS Data
 * API, so this is recorded as a manual attestation in the compliance report.
 *
 * The rotation function runs in the same isolated subnets and reaches Secrets Manager through the
 * VPC's interface endpoint (private DNS), which the VPC must provide.
 *
 * Serves 164.312(a)(2)(iv), 164.312(e)(1), 164.312(a)(1), 164.312(d), 164.312(b), 164.312(c)(1),
 * 164.308(a)(7)(ii)(A) and 164.308(a)(7)(ii)(B).
 *
 * @example
 * const db = new PhiDatabase(this, 'PatientRecords', { vpc });
 * db.allowConnectionsFrom(appService);
 * db.grantConnect(appService.taskRole, 'app_user');
 */
export class PhiDatabase extends Construct {
  /** The Aurora cluster. */
  public readonly cluster: rds.DatabaseCluster;
  /** The key that encrypts storage, backups, Performance Insights and the admin secret. */
  public readonly encryptionKey: kms.IKey;
  /** The admin credentials (user `phi_admin`), rotated every 30 days. */
  public readonly secret: secretsmanager.ISecret;
  /** The log group receiving the cluster's PostgreSQL log. */
  public readonly logGroup: logs.ILogGroup;
  /** The cluster's security group: no ingress except what {@link allowConnectionsFrom} opens. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The DB cluster identifier. */
  public readonly clusterIdentifier: string;

  /** The security group with the literal port (`cluster.connections` has a token rule packs cannot read). */
  private readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: PhiDatabaseProps) {
    const check = new PropsCheck(scope, id);
    validateDatabaseProps(check, props);
    check.throwIfInvalid();
    super(scope, id);

    const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    const port = props.port ?? POSTGRES_PORT;
    this.clusterIdentifier = props.clusterIdentifier ?? deriveClusterIdentifier(this);
    this.encryptionKey = PhiKey.keyFor(this, props.encryptionKey);

    const logsKey =
      props.logsEncryptionKey ??
      new PhiKey(this, 'LogsKey', { dataDomain: dataDomainFromId(this, 'logs-') }).key;
    this.logGroup = new AuditLogGroup(this, 'Logs', {
      logGroupName: `/aws/rds/cluster/${this.clusterIdentifier}/postgresql`,
      encryptionKey: logsKey,
      retention: props.logRetention,
    }).logGroup;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: `PHI database ${this.clusterIdentifier}: no ingress unless explicitly allowed`,
    });
    this.connections = new ec2.Connections({
      securityGroups: [this.securityGroup],
      defaultPort: ec2.Port.tcp(port),
    });

    const instance = {
      instanceType: props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
      autoMinorVersionUpgrade: true,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.encryptionKey,
      publiclyAccessible: false,
    };
    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: PHI_DATABASE_ENGINE_VERSION }),
      clusterIdentifier: this.clusterIdentifier,
      vpc: props.vpc,
      vpcSubnets,
      securityGroups: [this.securityGroup],
      port,
      defaultDatabaseName: props.defaultDatabaseName,
      credentials: rds.Credentials.fromGeneratedSecret(PHI_DATABASE_ADMIN_USER, {
        encryptionKey: this.encryptionKey,
        excludeCharacters: PASSWORD_EXCLUDE_CHARACTERS,
      }),
      storageEncrypted: true,
      storageEncryptionKey: this.encryptionKey,
      iamAuthentication: true,
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      backup: { retention: Duration.days(PHI_DATABASE_BACKUP_DAYS) },
      deleteAutomatedBackups: false,
      copyTagsToSnapshot: true,
      parameters: {
        ...HARDENED_PARAMETERS,
        ...pgAuditParameters(props.auditLogClasses ?? PGAUDIT_DEFAULT_CLASSES),
      },
      // Exported to the pre-created AuditLogGroup; `cloudwatchLogsRetention` would add an unencrypted
      // LogRetention function instead.
      cloudwatchLogsExports: ['postgresql'],
      monitoringInterval: Duration.seconds(60),
      writer: rds.ClusterInstance.provisioned('Writer', instance),
      readers: Array.from({ length: props.readers ?? 1 }, (_, i) =>
        rds.ClusterInstance.provisioned(`Reader${i + 1}`, instance),
      ),
    });
    this.cluster.node.addDependency(this.logGroup);

    const secret = this.cluster.secret;
    if (secret === undefined) throw new Error(`${this.node.path}: the cluster has no generated secret`);
    // The admin credentials outlive the stack with the cluster they open. (`cluster.secret` is the
    // target attachment; the secret itself is a child of the cluster.)
    for (const child of this.cluster.node.findAll()) {
      if (child instanceof secretsmanager.CfnSecret) child.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
    this.secret = secret;
    this.addRotation(props.vpc, vpcSubnets);
    PhiClassification.mark(this);
    recordManualAttestation(this, {
      citation: Citation.AUDIT_CONTROLS,
      setting: `CREATE EXTENSION pgaudit; run once as ${PHI_DATABASE_ADMIN_USER} in every database of cluster ${this.clusterIdentifier}`,
      reason:
        'pgaudit session logging starts with the cluster parameter group, but the event triggers that name DDL objects are installed by SQL, which CloudFormation cannot run without enabling the RDS Data API.',
    });
    this.acknowledgeUnfixableFindings(port);
  }

  /**
   * Opens the database port, and only that port, to `peer` (e.g. an ECS service or a Lambda function).
   * Peers that stand for the whole internet (`0.0.0.0/0`, `::/0`) are refused.
   *
   * @throws HipaaPropsError when `peer` is an any-address CIDR
   */
  public allowConnectionsFrom(peer: ec2.IConnectable): void {
    const check = new PropsCheck(this);
    validatePeer(check, peer);
    check.throwIfInvalid();
    this.connections.allowDefaultPortFrom(peer, `PostgreSQL over TLS to ${this.clusterIdentifier}`);
  }

  /**
   * Lets `grantee` sign in as `dbUser` with IAM database authentication (`rds-db:connect` on that user
   * only). The user must exist in PostgreSQL and be granted the `rds_iam` role.
   *
   * @throws HipaaPropsError when `dbUser` is a token, a wildcard or the admin user
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    const check = new PropsCheck(this);
    validateDbUser(check, dbUser, PHI_DATABASE_ADMIN_USER);
    check.throwIfInvalid();
    return this.cluster.grantConnect(grantee, dbUser);
  }

  /**
   * Rotates the admin password every 30 days with a function in the database's isolated subnets. Its
   * security group reaches only the database port and HTTPS inside the VPC (the Secrets Manager
   * interface endpoint).
   */
  private addRotation(vpc: ec2.IVpc, vpcSubnets: ec2.SubnetSelection): void {
    const rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: `Password rotation for PHI database ${this.clusterIdentifier}`,
    });
    rotationSecurityGroup.addEgressRule(
      ec2.Peer.ipv4(vpc.vpcCidrBlock),
      ec2.Port.tcp(443),
      'HTTPS to the Secrets Manager interface endpoint',
    );
    // What cluster.addRotationSingleUser() does, but opening the literal port (see `connections`).
    new secretsmanager.SecretRotation(this, 'Rotation', {
      application: this.cluster.singleUserRotationApplication,
      secret: this.secret,
      target: this.connections,
      vpc,
      vpcSubnets,
      securityGroup: rotationSecurityGroup,
      automaticallyAfter: Duration.days(PHI_DATABASE_ROTATION_DAYS),
      excludeCharacters: PASSWORD_EXCLUDE_CHARACTERS,
    });
  }

  private acknowledgeUnfixableFindings(port: number): void {
    const monitoringRole = this.cluster.monitoringRole;
    if (monitoringRole) {
      acknowledgeBuiltIn(monitoringRole, [
        {
          // Given namespaced: the finding's suffix contains '::' too.
          ruleId:
            'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
          reason:
            'RDS enhanced monitoring requires the AWS-managed AmazonRDSEnhancedMonitoringRole policy; it only lets RDS write OS metrics to the RDSOSMetrics log group and grants no access to PHI.',
        },
      ]);
    }
    const backupPlan =
      'AWS Backup protects Aurora per cluster, not per DB instance: this instance has no storage of its own, and the cluster volume it serves keeps 35 days of continuous automated backups and is what a backup plan selects.';
    for (const instance of this.cluster.node.findAll().filter((c) => c instanceof rds.CfnDBInstance)) {
      acknowledgeBuiltIn(instance, [
        { ruleId: 'HIPAA.Security-RDSInBackupPlan', reason: backupPlan },
        { ruleId: 'NIST.800.53.R5-RDSInBackupPlan', reason: backupPlan },
      ]);
    }
    if (port === POSTGRES_PORT) {
      acknowledgeBuiltIn(this.cluster, [
        {
          ruleId: 'AwsSolutions-RDS11',
          reason:
            'The cluster sits in isolated subnets behind a security group with no ingress by default, and requires TLS plus a password or IAM token; a non-default port would only obscure it.',
        },
      ]);
    }
  }
}
