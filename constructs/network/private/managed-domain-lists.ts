import * as path from 'node:path';
import { CustomResource, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledgeResourceWildcards } from '../../core/policy-findings';
import { acknowledgeDeploymentTimeFunction } from '../../core/private/deployment-time-function';
import type { RetentionProfile } from '../../core/retention';
import { handlerCode } from '../../response/private/handler-bundle';
import { AuditLogGroup } from '../../storage/audit-log-group';

/** CloudFormation type of the lookup; the VpcDnsFirewall template rule recognises it. */
export const MANAGED_DOMAIN_LISTS_TYPE = 'Custom::ManagedFirewallDomainLists';

/**
 * The AWS managed threat domain lists every PhiVpc blocks, in rule order.
 *
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-dns-firewall-managed-domain-lists.html
 */
export const MANAGED_THREAT_LISTS = [
  'AWSManagedDomainsMalwareDomainList',
  'AWSManagedDomainsBotnetCommandandControl',
  'AWSManagedDomainsAggregateThreatList',
  'AWSManagedDomainsAmazonGuardDutyThreatList',
] as const;

/** The one API the lookup calls; it accepts no resource-level permissions (Resource must be '*'). */
const LOOKUP_ACTIONS = ['route53resolver:ListFirewallDomainLists'] as const;

/** Properties of a {@link ManagedDomainLists}. */
export interface ManagedDomainListsProps {
  /** Key for the lookup function's log group. */
  readonly logsEncryptionKey: kms.IKey;
  /** Retention of the lookup function's log group. */
  readonly logRetention?: RetentionProfile;
}

/**
 * Finds the Region's IDs of {@link MANAGED_THREAT_LISTS} at deployment: a Lambda-backed custom resource
 * (see `handlers/managed-domain-lists.ts` for why an `AwsCustomResource` cannot do it), with a role
 * limited to `ListFirewallDomainLists` and its own log group, and an encrypted log group kept six years.
 */
export class ManagedDomainLists extends Construct {
  /** The lookup. */
  public readonly resource: CustomResource;
  /** The function that answers it. */
  public readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: ManagedDomainListsProps) {
    super(scope, id);
    const logs = new AuditLogGroup(this, 'Logs', {
      encryptionKey: props.logsEncryptionKey,
      retention: props.logRetention,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Looks up the IDs of AWS managed DNS Firewall domain lists (cdk-hipaa-baseline)',
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logs.logGroup.logGroupArn],
        }),
        // ListFirewallDomainLists supports no resource-level permissions, so Resource must be '*'.
        new iam.PolicyStatement({ actions: [...LOOKUP_ACTIONS], resources: ['*'] }),
      ],
    });
    acknowledgeResourceWildcards(policy, {
      actions: [...LOOKUP_ACTIONS],
      reason:
        'route53resolver:ListFirewallDomainLists accepts no resource-level permissions; it returns only the names and IDs of DNS Firewall domain lists, never PHI.',
    });
    this.function = new lambda.Function(this, 'Function', {
      code: handlerCode('managed-domain-lists', path.join(__dirname, '..', 'handlers')),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      role: role.withoutPolicyUpdates(),
      logGroup: logs.logGroup,
      timeout: Duration.minutes(1),
      description: 'Finds the IDs of AWS managed DNS Firewall domain lists for the PhiVpc rule group',
    });
    this.function.node.addDependency(policy);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.function.functionArn,
      resourceType: MANAGED_DOMAIN_LISTS_TYPE,
      properties: { DomainListNames: [...MANAGED_THREAT_LISTS] },
    });
    acknowledgeDeploymentTimeFunction(
      this.function,
      'The lookup calls only the Route 53 Resolver control plane during deployment and never handles PHI; the PhiVpc has no route to that API (no internet, no route53resolver endpoint), and attaching it would add no data-path protection.',
    );
  }

  /** The ID of one managed list, in this Region. */
  public idOf(name: (typeof MANAGED_THREAT_LISTS)[number]): string {
    return this.resource.getAttString(name);
  }
}
