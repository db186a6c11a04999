import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { recordRelaxation } from '../core/report-metadata';
import type { RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { AuditLogGroup } from '../storage/audit-log-group';
import { DEFAULT_VPC_CIDR, validatePhiVpcProps } from './private/phi-vpc-validation';

/** Subnet group names of a {@link PhiVpc}; stable, because subnets are replaced when they change. */
export const PhiSubnetGroup = {
  /** Isolated subnets for PHI data stores: no route to or from the internet. */
  DATA: 'data',
  /** Subnets for application compute: isolated, or private with NAT egress when `internetEgress` is on. */
  APPLICATION: 'application',
  /** Public subnets, present only when `internetEgress` is on, holding the NAT gateways. */
  PUBLIC: 'public',
} as const;

/** Interface endpoints every PhiVpc has, so workloads reach AWS APIs without the internet. */
const INTERFACE_ENDPOINTS: Readonly<Record<string, ec2.InterfaceVpcEndpointAwsService>> = {
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  CloudWatchLogs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  Ssm: ec2.InterfaceVpcEndpointAwsService.SSM,
  SsmMessages: ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES,
  Ec2Messages: ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
};

/** Properties of a {@link PhiVpc}. */
export interface PhiVpcProps {
  /**
   * The VPC's IPv4 CIDR block: a literal RFC 1918 block in canonical form (no host bits set), from /16
   * to /28 as AWS allows, and large enough for the subnets: /20 for two or three zones (two with
   * `internetEgress`), /19 for up to six zones (five with `internetEgress`), /18 beyond.
   * `10.40.7.9/16` is an error that names `10.40.0.0/16`.
   *
   * @default '10.0.0.0/16' - room for six zones (164.312(e)(1))
   */
  readonly cidr?: string;

  /**
   * Number of availability zones, from 2 to 6. Ignored when `availabilityZones` is given. A stack with a
   * concrete `env.region` must name a known AWS Region (see `KNOWN_AWS_REGIONS`).
   *
   * @default 2 - the minimum for a highly available data tier (164.308(a)(7)(ii)(B))
   */
  readonly maxAzs?: number;

  /**
   * Explicit availability zones, 2 to 6 distinct zones, each `<region><letter>` of the stack's Region (of
   * a known Region when the stack is env-agnostic); tokens are rejected. Give them for an
   * environment-specific stack so synthesis needs no AWS lookup.
   *
   * @default - the first `maxAzs` zones of the stack's region
   */
  readonly availabilityZones?: string[];

  /**
   * Give the application subnets outbound internet access through NAT gateways in public subnets.
   * This is the only way the VPC gets public subnets; it is a relaxation recorded in the compliance
   * report. Data subnets stay isolated either way.
   *
   * @default false - no public subnets, no internet gateway; AWS APIs are reached through VPC endpoints
   */
  readonly internetEgress?: boolean;

  /**
   * Key for the flow-log log group.
   *
   * @default - the flow-log {@link AuditLogGroup} creates its own customer-managed key (164.312(a)(2)(iv))
   */
  readonly logsEncryptionKey?: kms.IKey;

  /**
   * How long flow logs are kept.
   *
   * @default RetentionProfile.SIX_YEARS (164.316(b)(2)(i))
   */
  readonly logRetention?: RetentionProfile;
}

/**
 * A VPC for workloads that handle PHI: isolated data subnets and application subnets across at least two
 * availability zones, no public subnets unless `internetEgress` asks for them, the default security
 * group stripped of all rules, VPC flow logs of ALL traffic to a KMS-encrypted log group kept six years,
 * gateway endpoints for S3 and DynamoDB, and interface endpoints for KMS, Secrets Manager, CloudWatch
 * Logs, STS and Systems Manager (Session Manager included).
 *
 * Serves 164.312(e)(1) (transmission security), 164.312(b) (audit controls) and 164.312(a)(1).
 */
export class PhiVpc extends Construct {
  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** The log group that receives the VPC flow logs. */
  public readonly flowLogGroup: AuditLogGroup;
  /** True when application subnets have NAT egress (a relaxation). */
  public readonly internetEgress: boolean;
  /** The security group of the interface endpoints: HTTPS from the VPC CIDR only. */
  public readonly endpointSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: PhiVpcProps = {}) {
    const check = new PropsCheck(scope, id);
    validatePhiVpcProps(check, scope, props);
    check.throwIfInvalid();
    super(scope, id);

    this.internetEgress = props.internetEgress ?? false;
    const cidr = props.cidr ?? DEFAULT_VPC_CIDR;
    const subnetConfiguration: ec2.SubnetConfiguration[] = [
      { name: PhiSubnetGroup.DATA, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      {
        name: PhiSubnetGroup.APPLICATION,
        subnetType: this.internetEgress
          ? ec2.SubnetType.PRIVATE_WITH_EGRESS
          : ec2.SubnetType.PRIVATE_ISOLATED,
        cidrMask: 22,
      },
    ];
    if (this.internetEgress) {
      recordRelaxation(this, {
        citation: Citation.TRANSMISSION_SECURITY,
        setting: 'internetEgress',
        reason:
          'Application subnets route to the internet through NAT gateways in public subnets; data subnets stay isolated.',
      });
      subnetConfiguration.push({
        name: PhiSubnetGroup.PUBLIC,
        subnetType: ec2.SubnetType.PUBLIC,
        cidrMask: 26,
        mapPublicIpOnLaunch: false,
      });
    }

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs: props.availabilityZones ? undefined : (props.maxAzs ?? 2),
      availabilityZones: props.availabilityZones,
      subnetConfiguration,
      natGateways: this.internetEgress ? undefined : 0,
      restrictDefaultSecurityGroup: true,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
    });

    this.flowLogGroup = new AuditLogGroup(this, 'FlowLogs', {
      encryptionKey: props.logsEncryptionKey,
      retention: props.logRetention,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        this.flowLogGroup.logGroup,
        this.createFlowLogRole(),
      ),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    // One security group for all interface endpoints: HTTPS from the VPC's own (literal) CIDR only, so
    // the rule is verifiable at synth time.
    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'HTTPS from inside the VPC to AWS service interface endpoints',
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(
      ec2.Peer.ipv4(cidr),
      ec2.Port.tcp(443),
      'HTTPS from inside the VPC',
    );
    for (const [endpointId, service] of Object.entries(INTERFACE_ENDPOINTS)) {
      this.vpc.addInterfaceEndpoint(endpointId, {
        service,
        subnets: this.applicationSubnets,
        privateDnsEnabled: true,
        open: false,
        securityGroups: [this.endpointSecurityGroup],
      });
    }
  }

  /**
   * The role VPC Flow Logs assumes, with its permissions in a customer-managed policy scoped to the
   * flow-log group and trust limited to this account.
   */
  private createFlowLogRole(): iam.IRole {
    const role = new iam.Role(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Delivers VPC flow logs to the encrypted flow-log group',
    });
    new iam.ManagedPolicy(this, 'FlowLogPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [this.flowLogGroup.logGroup.logGroupArn],
        }),
      ],
    });
    return role.withoutPolicyUpdates();
  }

  /** The isolated subnets for PHI data stores. */
  public get dataSubnets(): ec2.SubnetSelection {
    return { subnetGroupName: PhiSubnetGroup.DATA };
  }

  /** The subnets for application compute. */
  public get applicationSubnets(): ec2.SubnetSelection {
    return { subnetGroupName: PhiSubnetGroup.APPLICATION };
  }
}
