import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { recordRelaxation } from '../core/report-metadata';
import type { RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { AuditLogGroup } from '../storage/audit-log-group';
import type { EgressFirewall } from './egress-firewall';
import { DnsFirewall } from './private/dns-firewall';
import {
  applyPerimeterToForeignEndpoints,
  type PerimeterOwner,
  perimeterStatements,
} from './private/endpoint-perimeter';
import { configureInternetAccess } from './private/internet-access';
import { DEFAULT_VPC_CIDR, validatePhiVpcProps } from './private/phi-vpc-validation';
import { ResolverQueryLogging } from './private/query-logging';

export { ALWAYS_ALLOWED_DOMAINS } from './private/dns-firewall';
export { MANAGED_THREAT_LISTS } from './private/managed-domain-lists';

/** Subnet group names of a {@link PhiVpc}; stable, because subnets are replaced when they change. */
export const PhiSubnetGroup = {
  /** Isolated subnets for PHI data stores: no route to or from the internet. */
  DATA: 'data',
  /** Subnets for application compute: isolated, or private with NAT egress when `internetEgress` is on. */
  APPLICATION: 'application',
  /** Public subnets, present only when `internetEgress` is on, holding the NAT gateways. */
  PUBLIC: 'public',
} as const;

/**
 * Interface endpoints every PhiVpc has, so workloads in isolated subnets reach AWS APIs without the
 * internet: keys, secrets, logs, STS, Systems Manager (Session Manager and patching included), ECR for
 * ECS on Fargate, the GuardDuty runtime agent's telemetry, and AWS Backup (restore evidence). ECS on
 * Fargate needs no `ecs`/`ecs-agent`/`ecs-telemetry` endpoints; those serve EC2 container instances.
 */
const INTERFACE_ENDPOINTS: Readonly<Record<string, ec2.InterfaceVpcEndpointAwsService>> = {
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  CloudWatchLogs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  Ssm: ec2.InterfaceVpcEndpointAwsService.SSM,
  SsmMessages: ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES,
  Ec2Messages: ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  GuardDutyData: ec2.InterfaceVpcEndpointAwsService.GUARDDUTY_DATA,
  Backup: ec2.InterfaceVpcEndpointAwsService.BACKUP,
};

/** Gateway endpoints every PhiVpc has (free, route-table based). */
const GATEWAY_ENDPOINTS: Readonly<Record<string, ec2.GatewayVpcEndpointAwsService>> = {
  S3: ec2.GatewayVpcEndpointAwsService.S3,
  DynamoDb: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
};

/** Allow-list mode of the DNS Firewall of a {@link PhiVpc}. */
export interface PhiVpcDnsFirewallOptions {
  /**
   * The only domains that resolve, besides the AWS managed threat lists' blocks and
   * {@link ALWAYS_ALLOWED_DOMAINS} (AWS service endpoints and EC2 host names): literal names such as
   * `example.com`, or `*.example.com` for its subdomains; at most 1000. Every other query gets NXDOMAIN.
   * Add the names of your private hosted zones and of any external service the workloads call.
   */
  readonly allowedDomains: string[];
}

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
   * Public subnets (an internet gateway, no NAT gateway, no public IPs on launch) for internet-facing
   * load balancers such as `PhiLoadBalancer`; application and data subnets keep no internet route. A
   * relaxation recorded with its reason.
   *
   * @default - no public subnets unless `internetEgress` (164.312(e)(1))
   */
  readonly internetIngress?: { readonly reason: string };

  /**
   * With `internetEgress`: AWS Network Firewall between the application subnets and the NAT gateways,
   * passing only TLS SNI / HTTP Host names on `allowedDomains` ({@link EgressFirewall}).
   *
   * @default - none; `internetEgress` then needs `unfilteredInternetEgress: { reason }` (164.312(e)(1))
   */
  readonly egressFirewall?: {
    /** The domains workloads may reach, e.g. `api.example.org` or `.example.org` (and its subdomains). */
    readonly allowedDomains: string[];
    /**
     * The secondary VPC block carved into one /28 firewall subnet per zone.
     *
     * @default - `100.64.0.0/26` (a /25 for five or six zones)
     */
    readonly firewallSubnetCidrBlock?: string;
  };

  /**
   * With `internetEgress` and no `egressFirewall`: why application subnets may reach any internet
   * address (a relaxation recorded in the report).
   *
   * @default - none: `internetEgress` needs `egressFirewall` or this (164.312(e)(1))
   */
  readonly unfilteredInternetEgress?: { readonly reason: string };

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

  /**
   * How long Route 53 Resolver query logs (every DNS query of the VPC) are kept. They are encrypted with
   * `logsEncryptionKey`, or the flow-log group's key.
   *
   * @default RetentionProfile.SIX_YEARS (164.316(b)(2)(i))
   */
  readonly queryLogRetention?: RetentionProfile;

  /**
   * Route 53 Resolver DNS Firewall allow-list mode: only the given domains resolve.
   *
   * @default - the AWS managed threat domain lists (malware, botnet command and control, aggregate
   *   threat, GuardDuty threat intelligence) are blocked and other domains resolve (164.312(e)(1))
   */
  readonly dnsFirewall?: PhiVpcDnsFirewallOptions;

  /**
   * The AWS Organizations organization whose principals and resources the VPC endpoint policies allow,
   * instead of this account's (`o-` and 10 to 32 lowercase letters or digits).
   *
   * @default - endpoint policies allow only principals of this stack's account, to resources of this
   *   account (164.312(a)(1))
   */
  readonly organizationId?: string;
}

/**
 * A VPC for workloads that handle PHI: isolated data subnets and application subnets across at least two
 * availability zones, no public subnets unless `internetEgress` asks for them, the default security
 * group stripped of all rules, VPC flow logs of ALL traffic and Route 53 Resolver query logs of every DNS
 * query to KMS-encrypted log groups kept six years, a DNS Firewall blocking the AWS managed threat
 * domain lists (or allowing only listed domains), gateway endpoints for S3 and DynamoDB, and interface
 * endpoints for KMS, Secrets Manager, CloudWatch Logs, STS, Systems Manager, ECR, GuardDuty runtime
 * telemetry and AWS Backup.
 *
 * Every endpoint carries a data-perimeter policy: only principals of this account (or `organizationId`)
 * may use it, and, where the service allows it, only for resources of the account (organization); the
 * AWS-owned buckets and SSM documents workloads need are allowed by name. Endpoints other constructs add
 * to the VPC get the principal side of the perimeter when they have no policy of their own.
 *
 * Serves 164.312(e)(1) (transmission security), 164.312(b) (audit controls), 164.308(a)(1)(ii)(D)
 * (activity review) and 164.312(a)(1) (access control).
 */
export class PhiVpc extends Construct {
  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** The log group that receives the VPC flow logs. */
  public readonly flowLogGroup: AuditLogGroup;
  /** True when application subnets have NAT egress (a relaxation). */
  public readonly internetEgress: boolean;
  /** The Network Firewall in the egress path, when `egressFirewall` is given. */
  public readonly egressFirewall?: EgressFirewall;
  /** The security group of the interface endpoints: HTTPS from the VPC CIDR only. */
  public readonly endpointSecurityGroup: ec2.SecurityGroup;
  /** The log group that receives the Route 53 Resolver query logs. */
  public readonly queryLogGroup: AuditLogGroup;
  /** The Route 53 Resolver query logging configuration (associated with the VPC). */
  public readonly queryLoggingConfig: route53resolver.CfnResolverQueryLoggingConfig;
  /** The DNS Firewall rule group (associated with the VPC). */
  public readonly dnsFirewallRuleGroup: route53resolver.CfnFirewallRuleGroup;
  /** The DNS Firewall rule group's association with the VPC (mutation protection on). */
  public readonly dnsFirewallAssociation: route53resolver.CfnFirewallRuleGroupAssociation;
  /** The allowed domains, in DNS Firewall allow-list mode. */
  public readonly allowedDomainList?: route53resolver.CfnFirewallDomainList;
  /** The gateway endpoints, by id (`S3`, `DynamoDb`). */
  public readonly gatewayEndpoints: Readonly<Record<string, ec2.GatewayVpcEndpoint>>;
  /** The interface endpoints, by id (`Kms`, `EcrApi`, `Backup`, …). */
  public readonly interfaceEndpoints: Readonly<Record<string, ec2.InterfaceVpcEndpoint>>;
  /** The organization of the endpoint perimeter, when it is the organization rather than the account. */
  public readonly organizationId?: string;

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
    const publicSubnets = this.internetEgress || props.internetIngress !== undefined;
    if (this.internetEgress) {
      recordRelaxation(this, {
        citation: Citation.TRANSMISSION_SECURITY,
        setting: 'internetEgress',
        reason:
          'Application subnets route to the internet through NAT gateways in public subnets; data subnets stay isolated.',
      });
    }
    if (publicSubnets) {
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
    this.organizationId = props.organizationId;
    const owner: PerimeterOwner = { account: Stack.of(this).account, organizationId: props.organizationId };
    const own = new Set<ec2.VpcEndpoint>();
    const withPerimeter = <T extends ec2.VpcEndpoint>(endpointId: string, endpoint: T): T => {
      for (const statement of perimeterStatements(this, endpointId, owner)) endpoint.addToPolicy(statement);
      own.add(endpoint);
      return endpoint;
    };
    this.gatewayEndpoints = Object.fromEntries(
      Object.entries(GATEWAY_ENDPOINTS).map(([endpointId, service]) => [
        endpointId,
        withPerimeter(endpointId, this.vpc.addGatewayEndpoint(endpointId, { service })),
      ]),
    );
    this.interfaceEndpoints = Object.fromEntries(
      Object.entries(INTERFACE_ENDPOINTS).map(([endpointId, service]) => [
        endpointId,
        withPerimeter(
          endpointId,
          this.vpc.addInterfaceEndpoint(endpointId, {
            service,
            subnets: this.applicationSubnets,
            privateDnsEnabled: true,
            open: false,
            securityGroups: [this.endpointSecurityGroup],
          }),
        ),
      ]),
    );
    applyPerimeterToForeignEndpoints(this.vpc, owner, own);

    const logsKey = props.logsEncryptionKey ?? this.flowLogGroup.encryptionKey;
    const queryLogging = new ResolverQueryLogging(this, 'QueryLogs', {
      vpc: this.vpc,
      encryptionKey: logsKey,
      retention: props.queryLogRetention,
    });
    this.queryLogGroup = queryLogging.logGroup;
    this.queryLoggingConfig = queryLogging.config;
    const firewall = new DnsFirewall(this, 'DnsFirewall', {
      vpc: this.vpc,
      allowedDomains: props.dnsFirewall?.allowedDomains,
      logsEncryptionKey: logsKey,
      logRetention: props.queryLogRetention,
    });
    this.dnsFirewallRuleGroup = firewall.ruleGroup;
    this.dnsFirewallAssociation = firewall.association;
    this.allowedDomainList = firewall.allowedDomainList;
    this.egressFirewall = configureInternetAccess(this, this.vpc, props, props.logRetention);
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
