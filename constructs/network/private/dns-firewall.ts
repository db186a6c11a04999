import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { Construct } from 'constructs';
import type { RetentionProfile } from '../../core/retention';
import { MANAGED_THREAT_LISTS, ManagedDomainLists } from './managed-domain-lists';

/**
 * Domains allow-list mode always allows, so the VPC's own plumbing keeps resolving: AWS service
 * endpoints (the interface endpoints' private DNS names, S3, ECR layers) and EC2 instance host names.
 */
export const ALWAYS_ALLOWED_DOMAINS = [
  'amazonaws.com',
  '*.amazonaws.com',
  '*.compute.internal',
  '*.ec2.internal',
] as const;

/** Priority of the PhiVpc rule group among the VPC's rule groups: the first a customer can use (101). */
export const RULE_GROUP_PRIORITY = 101;

/** Rule priorities inside the group: threat lists first, then the allow list, then block-all. */
const PRIORITY = { firstThreat: 100, threatStep: 100, allow: 5000, blockAll: 10000 } as const;

/** Properties of a {@link DnsFirewall}. */
export interface DnsFirewallProps {
  readonly vpc: ec2.IVpc;
  /** Allow-list mode: only these domains (and {@link ALWAYS_ALLOWED_DOMAINS}) resolve. */
  readonly allowedDomains?: readonly string[];
  /** Key for the managed-list lookup's log group. */
  readonly logsEncryptionKey: kms.IKey;
  readonly logRetention?: RetentionProfile;
}

/**
 * Route 53 Resolver DNS Firewall for one VPC: a rule group that BLOCKs (NXDOMAIN) the AWS managed threat
 * lists, and in allow-list mode ALLOWs the given domains and BLOCKs everything else; associated with
 * mutation protection, and failing closed when the firewall is impaired.
 */
export class DnsFirewall extends Construct {
  /** The rule group. */
  public readonly ruleGroup: route53resolver.CfnFirewallRuleGroup;
  /** The rule group's association with the VPC. */
  public readonly association: route53resolver.CfnFirewallRuleGroupAssociation;
  /** The allowed domains, in allow-list mode. */
  public readonly allowedDomainList?: route53resolver.CfnFirewallDomainList;

  constructor(scope: Construct, id: string, props: DnsFirewallProps) {
    super(scope, id);
    const managed = new ManagedDomainLists(this, 'ManagedDomainLists', {
      logsEncryptionKey: props.logsEncryptionKey,
      logRetention: props.logRetention,
    });
    const rules: route53resolver.CfnFirewallRuleGroup.FirewallRuleProperty[] = MANAGED_THREAT_LISTS.map(
      (name, i) => ({
        action: 'BLOCK',
        blockResponse: 'NXDOMAIN',
        firewallDomainListId: managed.idOf(name),
        priority: PRIORITY.firstThreat + i * PRIORITY.threatStep,
      }),
    );
    if (props.allowedDomains) {
      this.allowedDomainList = new route53resolver.CfnFirewallDomainList(this, 'AllowedDomains', {
        domains: [...new Set([...ALWAYS_ALLOWED_DOMAINS, ...props.allowedDomains])],
      });
      const everything = new route53resolver.CfnFirewallDomainList(this, 'AllDomains', { domains: ['*'] });
      rules.push(
        { action: 'ALLOW', firewallDomainListId: this.allowedDomainList.attrId, priority: PRIORITY.allow },
        {
          action: 'BLOCK',
          blockResponse: 'NXDOMAIN',
          firewallDomainListId: everything.attrId,
          priority: PRIORITY.blockAll,
        },
      );
    }
    this.ruleGroup = new route53resolver.CfnFirewallRuleGroup(this, 'RuleGroup', { firewallRules: rules });
    this.association = new route53resolver.CfnFirewallRuleGroupAssociation(this, 'Association', {
      firewallRuleGroupId: this.ruleGroup.attrId,
      vpcId: props.vpc.vpcId,
      priority: RULE_GROUP_PRIORITY,
      mutationProtection: 'ENABLED',
    });
    // Fail closed: when DNS Firewall cannot evaluate a query, Resolver refuses it instead of answering.
    new route53resolver.CfnFirewallConfig(this, 'Config', {
      resourceId: props.vpc.vpcId,
      firewallFailOpen: 'DISABLED',
    });
  }
}
