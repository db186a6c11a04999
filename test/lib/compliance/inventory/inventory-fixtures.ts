import type { CfnResourceJson, StackTemplate } from '../../../../lib/compliance/template/cfn-template';
import { stackTemplate } from '../../../helpers/template-fixtures';

const PHI_TAG = { Key: 'DataClassification', Value: 'PHI' };
const OWNER_TAG = { Key: 'Owner', Value: 'records-team' };
const path = (id: string) => ({ 'aws:cdk:path': `Inv/${id}/Resource` });

/** What the known-bad fixture breaks. */
export interface FixtureFlaws {
  /** The PHI bucket has no Owner tag. */
  readonly noOwner?: boolean;
  /** The PHI bucket uses SSE-S3 rather than a KMS key. */
  readonly noKey?: boolean;
  /** The backup selection is gone. */
  readonly noBackup?: boolean;
  /** The database subnets route to an internet gateway. */
  readonly publicDataSubnets?: boolean;
  /** The backup plan copies to no vault in another account. */
  readonly noSeparateCopy?: boolean;
  /** A construct id full of markup, on the database security group. */
  readonly hostileId?: string;
}

/**
 * One stack with a VPC (public, private and isolated subnets, IGW, NAT, an S3 gateway endpoint), a PHI
 * bucket with a KMS key and an owner, a PHI Aurora cluster in the data subnets, security groups with an
 * SG-to-SG and a CIDR ingress path, and a backup plan selecting PHI-tagged resources and copying to another
 * account. `flaws` weaken it.
 */
export function inventoryFixture(flaws: FixtureFlaws = {}): StackTemplate[] {
  const subnet = (id: string, cidr: string): CfnResourceJson => ({
    Type: 'AWS::EC2::Subnet',
    Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: cidr },
    Metadata: path(id),
  });
  const table = (id: string): CfnResourceJson => ({
    Type: 'AWS::EC2::RouteTable',
    Properties: { VpcId: { Ref: 'Vpc' } },
    Metadata: path(id),
  });
  const assoc = (subnetId: string, tableId: string): CfnResourceJson => ({
    Type: 'AWS::EC2::SubnetRouteTableAssociation',
    Properties: { SubnetId: { Ref: subnetId }, RouteTableId: { Ref: tableId } },
  });
  const resources: Record<string, CfnResourceJson> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' }, Metadata: path('Vpc') },
    Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {}, Metadata: path('Igw') },
    IgwAttachment: {
      Type: 'AWS::EC2::VPCGatewayAttachment',
      Properties: { VpcId: { Ref: 'Vpc' }, InternetGatewayId: { Ref: 'Igw' } },
    },
    PublicSubnet: subnet('PublicSubnet', '10.0.0.0/24'),
    PrivateSubnet: subnet('PrivateSubnet', '10.0.1.0/24'),
    DataSubnet: subnet('DataSubnet', '10.0.2.0/24'),
    PublicTable: table('PublicTable'),
    PrivateTable: table('PrivateTable'),
    DataTable: table('DataTable'),
    PublicRoute: {
      Type: 'AWS::EC2::Route',
      Properties: {
        RouteTableId: { Ref: 'PublicTable' },
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: { Ref: 'Igw' },
      },
    },
    Nat: {
      Type: 'AWS::EC2::NatGateway',
      Properties: { SubnetId: { Ref: 'PublicSubnet' } },
      Metadata: path('Nat'),
    },
    PrivateRoute: {
      Type: 'AWS::EC2::Route',
      Properties: {
        RouteTableId: { Ref: 'PrivateTable' },
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: { Ref: 'Nat' },
      },
    },
    PublicAssoc: assoc('PublicSubnet', 'PublicTable'),
    PrivateAssoc: assoc('PrivateSubnet', 'PrivateTable'),
    DataAssoc: assoc('DataSubnet', flaws.publicDataSubnets ? 'PublicTable' : 'DataTable'),
    S3Endpoint: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        VpcEndpointType: 'Gateway',
        ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
      },
      Metadata: path('S3Endpoint'),
    },
    RecordsKey: {
      Type: 'AWS::KMS::Key',
      Properties: { EnableKeyRotation: true, Tags: [PHI_TAG, OWNER_TAG] },
      Metadata: path('RecordsKey'),
    },
    Records: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              ServerSideEncryptionByDefault: flaws.noKey
                ? { SSEAlgorithm: 'AES256' }
                : { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['RecordsKey', 'Arn'] } },
            },
          ],
        },
        Tags: flaws.noOwner ? [PHI_TAG] : [PHI_TAG, OWNER_TAG],
      },
      Metadata: path('Records'),
    },
    AppSg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'app',
        VpcId: { Ref: 'Vpc' },
        SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }],
      },
      Metadata: path('AppSg'),
    },
    DbSg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 'db', VpcId: { Ref: 'Vpc' } },
      Metadata: { 'aws:cdk:path': `Inv/${flaws.hostileId ?? 'DbSg'}/Resource` },
    },
    DbFromApp: {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: {
        GroupId: { 'Fn::GetAtt': ['DbSg', 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': ['AppSg', 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
      },
    },
    DbSubnets: {
      Type: 'AWS::RDS::DBSubnetGroup',
      Properties: { DBSubnetGroupDescription: 'db', SubnetIds: [{ Ref: 'DataSubnet' }] },
    },
    Db: {
      Type: 'AWS::RDS::DBCluster',
      Properties: {
        Engine: 'aurora-postgresql',
        StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': ['RecordsKey', 'Arn'] },
        DBSubnetGroupName: { Ref: 'DbSubnets' },
        VpcSecurityGroupIds: [{ 'Fn::GetAtt': ['DbSg', 'GroupId'] }],
        Tags: [PHI_TAG, OWNER_TAG],
      },
      Metadata: path('Db'),
    },
    Plan: {
      Type: 'AWS::Backup::BackupPlan',
      Properties: {
        BackupPlan: {
          BackupPlanName: 'phi',
          BackupPlanRule: [
            {
              RuleName: 'Daily',
              TargetBackupVault: 'v',
              CopyActions: flaws.noSeparateCopy
                ? []
                : [
                    {
                      DestinationBackupVaultArn: 'arn:aws:backup:us-east-1:444455556666:backup-vault:copies',
                    },
                  ],
            },
          ],
        },
      },
      Metadata: path('Plan'),
    },
  };
  if (!flaws.noBackup) {
    resources.Selection = {
      Type: 'AWS::Backup::BackupSelection',
      Properties: {
        BackupPlanId: { 'Fn::GetAtt': ['Plan', 'BackupPlanId'] },
        BackupSelection: {
          SelectionName: 'phi',
          IamRoleArn: 'arn:aws:iam::111122223333:role/backup',
          ListOfTags: [
            { ConditionKey: 'DataClassification', ConditionValue: 'PHI', ConditionType: 'STRINGEQUALS' },
          ],
        },
      },
    };
  }
  return [stackTemplate('Inv', resources)];
}
