import { Names } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import { Construct } from 'constructs';
import { dataDomainFromId } from '../core/naming';
import type { RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { AuditLogGroup } from '../storage/audit-log-group';
import { createEgressPolicy } from './private/egress-firewall-policy';
import {
  createFirewallSubnets,
  firewallEndpointIn,
  routeThroughFirewall,
} from './private/egress-firewall-routing';
import { defaultFirewallCidr, validateEgressFirewallProps } from './private/egress-firewall-validation';

export {
  DOMAIN_LIST_CAPACITY,
  STATEFUL_DEFAULT_ACTIONS,
  STATELESS_DEFAULT_ACTIONS,
} from './private/egress-firewall-policy';
export {
  FIREWALL_SUBNET_PREFIX,
  MAX_ALLOWED_DOMAINS,
  SHARED_ADDRESS_SPACE,
} from './private/egress-firewall-validation';

/** Properties of an {@link EgressFirewall}. */
export interface EgressFirewallProps {
  /**
   * The VPC whose internet egress is filtered: an `ec2.Vpc` of this app built like PhiVpc with
   * `internetEgress: true` (e.g. `phiVpc.vpc`): private subnets whose `DefaultRoute` goes to a NAT
   * gateway of their own zone, one NAT gateway per zone, and literal availability zones (a stack with a
   * concrete `env`, or PhiVpc's `availabilityZones`). Its public subnets must hold only the NAT
   * gateways: a load balancer there would reach the workload subnets through the firewall one way and
   * not the other.
   */
  readonly vpc: ec2.Vpc;

  /**
   * Domains the workloads may reach: over HTTPS when the TLS SNI matches, over HTTP when the Host
   * header matches. Each a lowercase hostname (`api.example.com`, matched exactly) or a dot-led domain
   * (`.example.com`: example.com and every subdomain); 1 to {@link MAX_ALLOWED_DOMAINS}, no `*`, no IP
   * addresses. Everything else leaving the workload subnets is dropped and logged: other domains, TLS
   * without SNI, other TCP protocols, UDP and ICMP. Keep wildcards narrow: `.amazonaws.com` would
   * allow any S3 bucket in the world, an exfiltration path.
   */
  readonly allowedDomains: string[];

  /**
   * The IPv4 block added to the VPC (`AWS::EC2::VPCCidrBlock`) for the firewall subnets, one /28 per
   * zone in zone order: literal, canonical, /16 to /28, inside 100.64.0.0/10 or the RFC 1918 range of
   * the VPC's own block, not overlapping it. Give distinct blocks to VPCs that are peered.
   *
   * @default - `100.64.0.0/26` (`/25` for five or six zones), from the shared address space that no
   *   workload subnet uses (164.312(e)(1))
   */
  readonly firewallSubnetCidrBlock?: string;

  /**
   * How long the ALERT and FLOW logs are kept.
   *
   * @default RetentionProfile.SIX_YEARS (164.316(b)(2)(i))
   */
  readonly logRetention?: RetentionProfile;
}

/**
 * AWS Network Firewall in the internet egress path of a VPC with NAT gateways, passing only an
 * allow-list of domains.
 *
 * Fixed in code: one /28 firewall subnet per zone in a secondary VPC block; the workload subnets'
 * default routes go to the firewall endpoint of their zone, the firewall subnets' to the zone's NAT
 * gateway, and the NAT subnets route the workload blocks back to the same endpoint (symmetric, within
 * the zone). The policy, in strict order: the domain allow-list (TLS SNI and HTTP Host), then UDP and
 * ICMP egress dropped, then `aws:drop_established` and `aws:alert_established` for everything else;
 * stateless traffic and fragments all go to the stateful engine. Delete, policy-change and
 * subnet-change protection are on (turn delete protection off before deleting the stack). ALERT and
 * FLOW logs go to two {@link AuditLogGroup}s encrypted with one {@link PhiKey} and kept six years.
 *
 * Not in code: CloudFormation cannot set a customer-managed key on the firewall, its policy or rule
 * groups (they hold configuration, not ePHI) and AWS encrypts them with an AWS-owned key. A domain
 * allow-list trusts the SNI and Host the client sends; pair it with DNS controls.
 *
 * Serves 164.312(e)(1) (transmission security) and 164.312(b) (audit controls).
 *
 * @example
 * const network = new PhiVpc(this, 'Network', { internetEgress: true, availabilityZones: ['us-east-1a', 'us-east-1b'] });
 * new EgressFirewall(this, 'Egress', { vpc: network.vpc, allowedDomains: ['api.partner.example', '.ubuntu.com'] });
 *
 * @see https://docs.aws.amazon.com/network-firewall/latest/developerguide/arch-igw-ngw.html
 */
export class EgressFirewall extends Construct {
  /** The firewall. */
  public readonly firewall: nfw.CfnFirewall;
  /** The firewall policy. */
  public readonly policy: nfw.CfnFirewallPolicy;
  /** The stateful domain allow-list rule group. */
  public readonly ruleGroup: nfw.CfnRuleGroup;
  /** The stateful rule group that drops UDP and ICMP egress. */
  public readonly protocolRuleGroup: nfw.CfnRuleGroup;
  /** The log group of the ALERT log: every dropped or alerted flow. */
  public readonly alertLogGroup: AuditLogGroup;
  /** The log group of the FLOW log: every flow through the firewall. */
  public readonly flowLogGroup: AuditLogGroup;
  /** The firewall subnets, one per zone, in zone order. */
  public readonly firewallSubnets: readonly ec2.Subnet[];
  /** The allowed domains. */
  public readonly allowedDomains: readonly string[];

  constructor(scope: Construct, id: string, props: EgressFirewallProps) {
    const check = new PropsCheck(scope, id);
    const zones = validateEgressFirewallProps(check, props);
    check.throwIfInvalid();
    if (!zones) throw new Error(`${scope.node.path}/${id}: the VPC was not validated`);
    super(scope, id);

    this.allowedDomains = [...props.allowedDomains];
    const name = Names.uniqueResourceName(this, {
      maxLength: 100,
      separator: '-',
      allowedSpecialCharacters: '-',
    });
    const { ruleGroup, protocolRuleGroup, policy } = createEgressPolicy(this, {
      name,
      allowedDomains: this.allowedDomains,
      homeNet: zones.flatMap((z) => z.workloadSubnets.map((w) => w.subnet.ipv4CidrBlock)),
    });
    this.ruleGroup = ruleGroup;
    this.protocolRuleGroup = protocolRuleGroup;
    this.policy = policy;

    this.firewallSubnets = createFirewallSubnets(
      this,
      props.vpc,
      zones,
      props.firewallSubnetCidrBlock ?? defaultFirewallCidr(zones.length),
    );
    this.firewall = new nfw.CfnFirewall(this, 'Firewall', {
      firewallName: name,
      description: 'Filters internet egress of the workload subnets to an allow-list of domains',
      firewallPolicyArn: policy.attrFirewallPolicyArn,
      vpcId: props.vpc.vpcId,
      subnetMappings: this.firewallSubnets.map((s) => ({ subnetId: s.subnetId })),
      deleteProtection: true,
      firewallPolicyChangeProtection: true,
      subnetChangeProtection: true,
    });
    routeThroughFirewall(this, zones, (zone) => firewallEndpointIn(this.firewall, zone));

    const key = new PhiKey(this, 'LogsKey', { dataDomain: dataDomainFromId(this, 'logs-') });
    this.alertLogGroup = new AuditLogGroup(this, 'AlertLogs', {
      encryptionKey: key.key,
      retention: props.logRetention,
    });
    this.flowLogGroup = new AuditLogGroup(this, 'FlowLogs', {
      encryptionKey: key.key,
      retention: props.logRetention,
    });
    const destination = (logType: 'ALERT' | 'FLOW', group: AuditLogGroup) => ({
      logType,
      logDestinationType: 'CloudWatchLogs',
      logDestination: { logGroup: group.logGroup.logGroupName },
    });
    new nfw.CfnLoggingConfiguration(this, 'Logging', {
      firewallArn: this.firewall.attrFirewallArn,
      loggingConfiguration: {
        logDestinationConfigs: [
          destination('ALERT', this.alertLogGroup),
          destination('FLOW', this.flowLogGroup),
        ],
      },
    });
  }

  /**
   * The id of the firewall endpoint in `availabilityZone` (a zone of the VPC), e.g. to route another
   * subnet of that zone through the firewall.
   */
  public endpointIdIn(availabilityZone: string): string {
    const zones = this.firewallSubnets.map((s) => s.availabilityZone);
    if (!zones.includes(availabilityZone))
      throw new Error(
        `${this.node.path}: the firewall has no endpoint in ${JSON.stringify(availabilityZone)}; its zones are ${zones.join(', ')}`,
      );
    return firewallEndpointIn(this.firewall, availabilityZone);
  }
}
