import { type CfnElement, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import type { IConstruct } from 'constructs';
import { PhiClassification } from '../../../constructs/core/phi-classification';
import { RetentionProfile } from '../../../constructs/core/retention';
import { PhiKey } from '../../../constructs/encryption/phi-key';
import { type PgAuditClass, PhiDatabase } from '../../../constructs/storage/phi-database';
import { newTestStack } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';

/** A VPC like the one the construct expects: isolated subnets in two zones and a Secrets Manager endpoint. */
function isolatedVpc(stack: Stack): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    restrictDefaultSecurityGroup: false,
  });
  vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER });
  return vpc;
}

/** A VPC with public, private-with-egress and isolated subnets, to prove only isolated ones are taken. */
function mixedVpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
    restrictDefaultSecurityGroup: false,
  });
}

/** The logical id of a construct's CloudFormation resource. */
function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

function arnOf(key: kms.IKey): unknown {
  return { 'Fn::GetAtt': [logicalId(key), 'Arn'] };
}

function groupIdOf(group: ec2.ISecurityGroup): unknown {
  return { 'Fn::GetAtt': [logicalId(group), 'GroupId'] };
}

describe('PhiDatabase at its defaults', () => {
  let database: PhiDatabase;
  let vpc: ec2.Vpc;
  let template: Template;

  beforeAll(() => {
    // Not a template-validation test: the reference app's gated synth runs the validator over PhiDatabase.
    const stack = newTestStack();
    vpc = isolatedVpc(stack);
    database = new PhiDatabase(stack, 'PatientRecords', { vpc });
    template = Template.fromStack(stack);
  });

  test('encrypts storage with its customer-managed key, requires IAM auth and keeps 35 days of backups', () => {
    template.hasResourceProperties(
      'AWS::RDS::DBCluster',
      Match.objectLike({
        Engine: 'aurora-postgresql',
        EngineVersion: '17.7',
        StorageEncrypted: true,
        KmsKeyId: arnOf(database.encryptionKey),
        EnableIAMDatabaseAuthentication: true,
        DeletionProtection: true,
        BackupRetentionPeriod: 35,
        DeleteAutomatedBackups: false,
        CopyTagsToSnapshot: true,
        EnableCloudwatchLogsExports: ['postgresql'],
        MasterUsername: 'phi_admin',
        Port: 5432,
      }),
    );
  });

  test('creates a rotating customer-managed key for the database', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: 'PHI encryption key for the patient-records data domain',
      EnableKeyRotation: true,
    });
  });

  test('retains the cluster and its instances when they leave the stack', () => {
    template.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.allResources('AWS::RDS::DBInstance', { DeletionPolicy: 'Retain' });
  });

  test('forces TLS 1.2 or later and logs every connection in the cluster parameter group', () => {
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql17',
      Parameters: {
        'rds.force_ssl': '1',
        ssl_min_protocol_version: 'TLSv1.2',
        log_connections: '1',
        log_disconnections: '1',
      },
    });
  });

  test('audits reads, writes, DDL and role changes with pgaudit, without logging bind parameters', () => {
    const [group] = Object.values(template.findResources('AWS::RDS::DBClusterParameterGroup'));
    expect(group?.Properties.Parameters).toEqual({
      'rds.force_ssl': '1',
      ssl_min_protocol_version: 'TLSv1.2',
      log_connections: '1',
      log_disconnections: '1',
      shared_preload_libraries: 'pg_stat_statements,pgaudit',
      'pgaudit.log': 'read,write,ddl,role',
      'pgaudit.log_parameter': '0',
      'pgaudit.log_relation': '1',
    });
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      DBClusterParameterGroupName: { Ref: Match.stringLikeRegexp('ParameterGroup') },
    });
  });

  test('records CREATE EXTENSION pgaudit as a manual attestation for 164.312(b)', () => {
    expect(
      database.node.metadata.filter((m) => m.type === 'cdk-hipaa-baseline:attestation').map((m) => m.data),
    ).toEqual([
      expect.objectContaining({
        citation: '164.312(b)',
        setting: expect.stringMatching(/^CREATE EXTENSION pgaudit; run once as phi_admin in every database/),
      }),
    ]);
  });

  test('runs a private writer and one reader with encrypted Performance Insights and enhanced monitoring', () => {
    template.resourceCountIs('AWS::RDS::DBInstance', 2);
    template.allResourcesProperties(
      'AWS::RDS::DBInstance',
      Match.objectLike({
        DBInstanceClass: 'db.r6g.large',
        PubliclyAccessible: false,
        EnablePerformanceInsights: true,
        PerformanceInsightsKMSKeyId: arnOf(database.encryptionKey),
        AutoMinorVersionUpgrade: true,
        MonitoringInterval: 60,
      }),
    );
  });

  test('places the cluster in the isolated subnets only', () => {
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: vpc.isolatedSubnets.map((s) => ({ Ref: logicalId(s) })),
    });
  });

  test('encrypts the admin secret with the key and rotates it every 30 days', () => {
    template.hasResourceProperties(
      'AWS::SecretsManager::Secret',
      Match.objectLike({ KmsKeyId: arnOf(database.encryptionKey) }),
    );
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  test('retains the admin secret with the retained cluster', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('runs the rotation function in the isolated subnets, reaching only the VPC and the database', () => {
    template.hasResourceProperties('AWS::Serverless::Application', {
      Parameters: Match.objectLike({
        vpcSubnetIds: {
          'Fn::Join': [
            '',
            [{ Ref: logicalId(vpc.isolatedSubnets[0]) }, ',', { Ref: logicalId(vpc.isolatedSubnets[1]) }],
          ],
        },
        kmsKeyArn: arnOf(database.encryptionKey),
      }),
    });
    const rotationGroup = database.node.findChild('RotationSecurityGroup') as ec2.SecurityGroup;
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Password rotation'),
      SecurityGroupEgress: [
        Match.objectLike({
          CidrIp: { 'Fn::GetAtt': [logicalId(vpc), 'CidrBlock'] },
          FromPort: 443,
          ToPort: 443,
        }),
      ],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupIdOf(rotationGroup),
      DestinationSecurityGroupId: groupIdOf(database.securityGroup),
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
    });
  });

  test('exports the PostgreSQL log to an encrypted log group kept six years, created before the cluster', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/rds/cluster/${database.clusterIdentifier}/postgresql`,
      KmsKeyId: Match.objectLike({ 'Fn::GetAtt': Match.arrayWith(['Arn']) }),
      RetentionInDays: 2192,
    });
    template.hasResource('AWS::RDS::DBCluster', {
      DependsOn: Match.arrayWith([logicalId(database.logGroup)]),
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: 'PHI encryption key for the logs-patient-records data domain',
    });
  });

  test('derives a cluster identifier that RDS and CloudWatch Logs accept', () => {
    expect(database.clusterIdentifier).toMatch(/^(?=.{1,63}$)[a-z](?:-?[a-z0-9])*$/);
  });

  test('opens no ingress by default except the rotation function on the database port', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^PHI database'),
      SecurityGroupIngress: Match.absent(),
    });
    const rotationGroup = database.node.findChild('RotationSecurityGroup') as ec2.SecurityGroup;
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress.map((r) => r.Properties)).toEqual([
      expect.objectContaining({
        GroupId: groupIdOf(database.securityGroup),
        SourceSecurityGroupId: groupIdOf(rotationGroup),
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
      }),
    ]);
  });

  test('marks itself as holding PHI', () => {
    expect(PhiClassification.isPhi(database.cluster)).toBe(true);
  });

  test('raises no unacknowledged HIPAA.Security, NIST.800.53.R5 or AwsSolutions finding', () => {
    expectNoUnacknowledgedFindings(database);
  });
});

describe('the compliance test', () => {
  test('fails on an unencrypted cluster without deletion protection', () => {
    const stack = newTestStack();
    const badCluster = new rds.DatabaseCluster(stack, 'Bad', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_7 }),
      vpc: isolatedVpc(stack),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      writer: rds.ClusterInstance.provisioned('Writer'),
      storageEncrypted: false,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    expect(() => expectNoUnacknowledgedFindings(badCluster)).toThrow(/HIPAA\.Security-RDSStorageEncrypted/);
  });
});

describe('PhiDatabase connections and grants', () => {
  let stack: Stack;
  let database: PhiDatabase;
  let app: ec2.SecurityGroup;
  let role: iam.Role;
  let template: Template;

  beforeAll(() => {
    stack = newTestStack();
    const vpc = isolatedVpc(stack);
    database = new PhiDatabase(stack, 'Records', { vpc, port: 15432 });
    app = new ec2.SecurityGroup(stack, 'App', { vpc, allowAllOutbound: false });
    role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    database.allowConnectionsFrom(app);
    database.grantConnect(role, 'app_user');
    template = Template.fromStack(stack);
  });

  test('allowConnectionsFrom opens only the database port to the peer, in both directions', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', Match.objectLike({ Port: 15432 }));
    const fromApp = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (r) => JSON.stringify(r.Properties.SourceSecurityGroupId) === JSON.stringify(groupIdOf(app)),
    );
    expect(fromApp.map((r) => r.Properties)).toEqual([
      expect.objectContaining({
        GroupId: groupIdOf(database.securityGroup),
        IpProtocol: 'tcp',
        FromPort: 15432,
        ToPort: 15432,
      }),
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupIdOf(app),
      DestinationSecurityGroupId: groupIdOf(database.securityGroup),
      FromPort: 15432,
      ToPort: 15432,
    });
  });

  test('grantConnect allows rds-db:connect as that one database user only', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Action: 'rds-db:connect', Effect: 'Allow' });
    expect(JSON.stringify(statements[0].Resource)).toMatch(/:dbuser:".*"\/app_user"/);
  });

  test('raises no unacknowledged finding with a non-default port and an allowed peer', () => {
    expectNoUnacknowledgedFindings(database);
  });

  test('refuses to open the database to the whole internet', () => {
    expect(() => database.allowConnectionsFrom(ec2.Peer.anyIpv4())).toThrow(
      /^TestStack\/Records: 'peer' must be .*narrower than the whole internet \(164\.312\(a\)\(1\)\), got "0\.0\.0\.0\/0"$/,
    );
    expect(() => database.allowConnectionsFrom(ec2.Peer.anyIpv6())).toThrow(/'peer' must be .*got "::\/0"/);
  });

  test.each([
    ['a wildcard', '*'],
    ['a token', Lazy.string({ produce: () => 'app_user' })],
    ['the admin user', 'phi_admin'],
  ])('refuses to grant connect as %s', (_, dbUser) => {
    expect(() => database.grantConnect(role, dbUser)).toThrow(
      /^TestStack\/Records: 'dbUser' must be .* \(164\.312\(a\)\(1\)\), got /,
    );
  });
});

describe('PhiDatabase options', () => {
  let database: PhiDatabase;
  let key: PhiKey;
  let template: Template;

  beforeAll(() => {
    const stack = newTestStack();
    key = new PhiKey(stack, 'SharedKey', { dataDomain: 'clinical' });
    database = new PhiDatabase(stack, 'Clinical', {
      vpc: isolatedVpc(stack),
      encryptionKey: key,
      readers: 3,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      clusterIdentifier: 'clinical-db',
      defaultDatabaseName: 'patients',
      logRetention: RetentionProfile.ofDays(stack, 'logRetention', 3653),
    });
    template = Template.fromStack(stack);
  });

  test('encrypts with a given PhiKey instead of creating one', () => {
    expect(database.encryptionKey).toBe(key.key);
    expect(database.node.tryFindChild('Key')).toBeUndefined();
    template.hasResourceProperties(
      'AWS::RDS::DBCluster',
      Match.objectLike({ KmsKeyId: arnOf(key.key), DatabaseName: 'patients' }),
    );
  });

  test('adds the requested readers beside the writer', () => {
    template.resourceCountIs('AWS::RDS::DBInstance', 4);
  });

  test('keeps a final snapshot under the SNAPSHOT removal policy', () => {
    template.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Snapshot' });
  });

  test('raises no unacknowledged finding with three readers and a shared key', () => {
    expectNoUnacknowledgedFindings(database);
  });

  test('names the cluster and its ten-year log group from the given identifier and retention', () => {
    template.hasResourceProperties(
      'AWS::RDS::DBCluster',
      Match.objectLike({ DBClusterIdentifier: 'clinical-db' }),
    );
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/rds/cluster/clinical-db/postgresql',
      RetentionInDays: 3653,
    });
  });
});

describe('PhiDatabase audit log classes', () => {
  test('adds requested pgaudit classes to the floor', () => {
    const stack = newTestStack();
    new PhiDatabase(stack, 'Db', {
      vpc: isolatedVpc(stack),
      auditLogClasses: ['read', 'write', 'ddl', 'role', 'function', 'misc'],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectLike({ 'pgaudit.log': 'read,write,ddl,role,function,misc' }),
    });
  });

  test('accepts all, which includes the floor', () => {
    const stack = newTestStack();
    new PhiDatabase(stack, 'Db', { vpc: isolatedVpc(stack), auditLogClasses: ['all'] });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectLike({ 'pgaudit.log': 'all' }),
    });
  });

  test.each([
    [['write', 'ddl'], /got \["write","ddl"\]$/],
    [[], /got \[\]$/],
    [['read', 'write', 'ddl', '-read'], /got \["read","write","ddl","-read"\]$/],
    [['read', 'write', 'ddl', 'none'], /got .*"none"\]$/],
    [['read', 'read', 'write', 'ddl'], /got \["read","read","write","ddl"\]$/],
  ])('fails if auditLogClasses is %j', (classes, got) => {
    const stack = newTestStack();
    const vpc = isolatedVpc(stack);
    const create = () =>
      new PhiDatabase(stack, 'Db', {
        vpc,
        auditLogClasses: classes as unknown as PgAuditClass[],
      });
    expect(create).toThrow(
      /^TestStack\/Db: 'auditLogClasses' must be a list of distinct pgaudit classes \(read, write, function, role, ddl, misc, misc_set, all\) that includes read, write, ddl \(or all\) \(164\.312\(b\)\), got /,
    );
    expect(create).toThrow(got);
    expect(stack.node.tryFindChild('Db')).toBeUndefined();
  });

  test('fails if a class is an unresolved token', () => {
    const stack = newTestStack();
    const read = Lazy.string({ produce: () => 'read' }) as PgAuditClass;
    expect(
      () =>
        new PhiDatabase(stack, 'Db', { vpc: isolatedVpc(stack), auditLogClasses: [read, 'write', 'ddl'] }),
    ).toThrow(
      /'auditLogClasses' must be .*\(164\.312\(b\)\), got \["\$\{Token\[TOKEN\.\d+\]\}","write","ddl"\]$/,
    );
  });
});

describe('PhiDatabase rejects insecure props', () => {
  test('rejects a DESTROY removal policy', () => {
    const stack = newTestStack();
    expect(
      () => new PhiDatabase(stack, 'Db', { vpc: isolatedVpc(stack), removalPolicy: RemovalPolicy.DESTROY }),
    ).toThrow(
      /^TestStack\/Db: 'removalPolicy' must be one of "retain", "retain-on-update-or-delete", "snapshot" \(164\.312\(c\)\(1\)\), got "destroy"$/,
    );
  });

  test('rejects public subnets', () => {
    const stack = newTestStack();
    expect(
      () =>
        new PhiDatabase(stack, 'Db', {
          vpc: mixedVpc(stack),
          vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
        }),
    ).toThrow(
      /^TestStack\/Db: 'vpcSubnets\.subnetType' must be SubnetType\.PRIVATE_ISOLATED \(isolated subnets only\) \(164\.312\(e\)\(1\)\), got "Public"$/,
    );
  });

  test('rejects private subnets with a route to the internet', () => {
    const stack = newTestStack();
    expect(
      () =>
        new PhiDatabase(stack, 'Db', {
          vpc: mixedVpc(stack),
          vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        }),
    ).toThrow(/^TestStack\/Db: 'vpcSubnets\.subnetType' must be .*isolated subnets only.*, got "Private"$/);
  });

  test('rejects explicitly selected subnets that are not isolated', () => {
    const stack = newTestStack();
    const vpc = mixedVpc(stack);
    expect(() => new PhiDatabase(stack, 'Db', { vpc, vpcSubnets: { subnets: vpc.publicSubnets } })).toThrow(
      /^TestStack\/Db: 'vpcSubnets' must be .*isolated subnets only\) \(164\.312\(e\)\(1\)\), got \["TestStack\/Vpc\/publicSubnet1","TestStack\/Vpc\/publicSubnet2"\]$/,
    );
  });

  test('accepts the isolated subnets of a VPC that also has public subnets', () => {
    const stack = newTestStack();
    const database = new PhiDatabase(stack, 'Db', { vpc: mixedVpc(stack) });
    expect(database.cluster).toBeDefined();
  });

  test('rejects a VPC without isolated subnets', () => {
    const stack = newTestStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }],
      restrictDefaultSecurityGroup: false,
    });
    expect(() => new PhiDatabase(stack, 'Db', { vpc })).toThrow(
      /^TestStack\/Db: 'vpcSubnets' must be a selection of isolated subnets that exist in the VPC \(164\.312\(e\)\(1\)\), got ".*Isolated.*"$/,
    );
  });

  test('rejects isolated subnets in a single Availability Zone', () => {
    const stack = newTestStack();
    const vpc = isolatedVpc(stack);
    expect(
      () => new PhiDatabase(stack, 'Db', { vpc, vpcSubnets: { subnets: [vpc.isolatedSubnets[0]] } }),
    ).toThrow(
      /^TestStack\/Db: 'vpcSubnets' must be isolated subnets in at least two Availability Zones \(Multi-AZ\) \(164\.308\(a\)\(7\)\(ii\)\(B\)\), got \["dummy1a"\]$/,
    );
  });

  test.each([0, 16, 1.5])('rejects %p readers', (readers) => {
    const stack = newTestStack();
    expect(() => new PhiDatabase(stack, 'Db', { vpc: isolatedVpc(stack), readers })).toThrow(
      new RegExp(
        `^TestStack/Db: 'readers' must be an integer from 1 to 15 \\(164\\.308\\(a\\)\\(7\\)\\(ii\\)\\(B\\)\\), got ${readers}$`,
      ),
    );
  });

  test.each([
    ['Lazy.number', Lazy.number({ produce: () => 2 })],
    ['Token.asNumber', Token.asNumber({ Ref: 'ReaderCount' })],
  ])('rejects a %s token for readers', (_, readers) => {
    const stack = newTestStack();
    expect(() => new PhiDatabase(stack, 'Db', { vpc: isolatedVpc(stack), readers })).toThrow(
      /^TestStack\/Db: 'readers' must be an integer from 1 to 15 \(164\.308\(a\)\(7\)\(ii\)\(B\)\), got an unresolved token$/,
    );
  });

  test.each([
    ['uppercase letters', 'Patient-DB'],
    ['a double hyphen', 'patient--db'],
    ['a trailing hyphen', 'patient-db-'],
    ['a leading digit', '1patient-db'],
    ['an underscore', 'patient_db'],
    ['64 characters', `p${'a'.repeat(63)}`],
  ])('rejects a cluster identifier with %s', (_, clusterIdentifier) => {
    const stack = newTestStack();
    expect(() => new PhiDatabase(stack, 'Db', { vpc: isolatedVpc(stack), clusterIdentifier })).toThrow(
      new RegExp(
        `^TestStack/Db: 'clusterIdentifier' must be a lowercase letter followed by .* \\(164\\.312\\(b\\)\\), got "${clusterIdentifier}"$`,
      ),
    );
  });

  test('rejects a token for the cluster identifier', () => {
    const stack = newTestStack();
    const clusterIdentifier = Lazy.string({ produce: () => 'patient-db' });
    expect(() => new PhiDatabase(stack, 'Db', { vpc: isolatedVpc(stack), clusterIdentifier })).toThrow(
      /^TestStack\/Db: 'clusterIdentifier' must be .*, got an unresolved token \(\$\{Token\[TOKEN\.\d+\]\}\)$/,
    );
  });

  test('rejects a port outside the range Aurora accepts', () => {
    const stack = newTestStack();
    expect(() => new PhiDatabase(stack, 'Db', { vpc: isolatedVpc(stack), port: 80 })).toThrow(
      /^TestStack\/Db: 'port' must be an integer from 1150 to 65535 \(164\.312\(e\)\(1\)\), got 80$/,
    );
  });

  test('reports every problem at once and creates nothing', () => {
    const stack = newTestStack();
    const vpc = isolatedVpc(stack);
    expect(
      () => new PhiDatabase(stack, 'Db', { vpc, readers: 0, removalPolicy: RemovalPolicy.DESTROY }),
    ).toThrow(/'removalPolicy' must be .*got "destroy"\nTestStack\/Db: 'readers' must be .*got 0$/);
    expect(stack.node.tryFindChild('Db')).toBeUndefined();
  });
});
