import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { Construct } from 'constructs';
import type { RetentionProfile } from '../../core/retention';
import { AuditLogGroup } from '../../storage/audit-log-group';

/** Properties of a {@link ResolverQueryLogging}. */
export interface ResolverQueryLoggingProps {
  readonly vpc: ec2.IVpc;
  /** Key of the query-log group (its policy is extended to let CloudWatch Logs use it). */
  readonly encryptionKey: kms.IKey;
  readonly retention?: RetentionProfile;
}

/**
 * Route 53 Resolver query logging for one VPC: every DNS query its resources make (name, type, answer,
 * source address and instance) goes to a KMS-encrypted {@link AuditLogGroup} kept six years.
 *
 * Query logs are "vended" logs: the log delivery service (`delivery.logs.amazonaws.com`) writes them, so
 * the log group gets a resource policy limited to this account's deliveries, and the key policy lets
 * CloudWatch Logs in this account and Region encrypt with the key (AuditLogGroup adds that statement).
 *
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html
 */
export class ResolverQueryLogging extends Construct {
  /** The log group receiving the query logs. */
  public readonly logGroup: AuditLogGroup;
  /** The query logging configuration. */
  public readonly config: route53resolver.CfnResolverQueryLoggingConfig;
  /** The configuration's association with the VPC. */
  public readonly association: route53resolver.CfnResolverQueryLoggingConfigAssociation;

  constructor(scope: Construct, id: string, props: ResolverQueryLoggingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.logGroup = new AuditLogGroup(this, 'Logs', {
      encryptionKey: props.encryptionKey,
      retention: props.retention,
    });
    const delivery = new logs.ResourcePolicy(this, 'DeliveryPolicy', {
      policyStatements: [
        new iam.PolicyStatement({
          sid: 'ResolverQueryLogDelivery',
          principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroup.logGroupArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
          },
        }),
      ],
    });
    this.config = new route53resolver.CfnResolverQueryLoggingConfig(this, 'Config', {
      // The log group ARN without the trailing ':*' of its Arn attribute, as Resolver documents it.
      destinationArn: stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: this.logGroup.logGroup.logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    });
    this.config.node.addDependency(delivery);
    this.association = new route53resolver.CfnResolverQueryLoggingConfigAssociation(this, 'Association', {
      resolverQueryLogConfigId: this.config.attrId,
      resourceId: props.vpc.vpcId,
    });
  }
}
