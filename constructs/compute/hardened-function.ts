import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { dataDomainFromId } from '../core/naming';
import { PhiClassification } from '../core/phi-classification';
import { acknowledgeResourceWildcards } from '../core/policy-findings';
import { ManagedPolicyRole } from '../core/private/managed-policy-role';
import { selectPrivateSubnets } from '../core/private-subnets';
import type { RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { AuditLogGroup } from '../storage/audit-log-group';
import { validateFunctionProps } from './private/hardened-function-validation';
import { LAMBDA_VPC_ACTIONS, LOG_WRITE_ACTIONS, XRAY_WRITE_ACTIONS } from './private/perms';

export {
  MAX_RESERVED_CONCURRENCY,
  SUPPORTED_FUNCTION_RUNTIMES,
} from './private/hardened-function-validation';

/** Days failed asynchronous events stay in the dead-letter queue: the most SQS allows. */
export const DEAD_LETTER_RETENTION_DAYS = 14;

/** Properties of a {@link HardenedFunction}. */
export interface HardenedFunctionProps {
  /** The VPC the function runs in. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of `vpc` for the function's network interfaces. Public subnets are refused.
   *
   * @default - the VPC's `application` subnet group when it has one (see PhiVpc), else its isolated
   *   subnets (164.312(e)(1))
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Security groups of the function.
   *
   * @default - a new group with no ingress and HTTPS-only egress (164.312(a)(1))
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /** The function code. */
  readonly code: lambda.Code;
  /** The handler, e.g. `index.handler`. */
  readonly handler: string;
  /** The runtime: one of SUPPORTED_FUNCTION_RUNTIMES (runtimes AWS Lambda still patches). */
  readonly runtime: lambda.Runtime;
  /**
   * Environment variables, encrypted at rest with `encryptionKey`. Keep secrets in Secrets Manager.
   *
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * The function timeout, at most 15 minutes.
   *
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MiB, from 128 to 10240.
   *
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Concurrency reserved for (and capping) the function, from 1 to 1000.
   *
   * @default 10 - a runaway caller cannot exhaust the account's concurrency (164.308(a)(1)(ii)(B))
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * The key that encrypts environment variables and the dead-letter queue.
   *
   * @default - a new {@link PhiKey}, domain `function-<id>` (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: PhiKey | kms.IKey;
  /**
   * The key that encrypts the function's log group.
   *
   * @default - a new {@link PhiKey}, domain `logs-<id>` (164.312(a)(2)(iv))
   */
  readonly logsEncryptionKey?: kms.IKey;
  /**
   * How long the function's logs are kept.
   *
   * @default RetentionProfile.SIX_YEARS (164.316(b)(2)(i))
   */
  readonly logRetention?: RetentionProfile;
  /**
   * Description of the function.
   *
   * @default - none
   */
  readonly description?: string;
}

/**
 * A Lambda function for PHI workloads, hardened in code: inside a VPC (private subnets only),
 * environment variables and a dead-letter queue encrypted with a customer-managed key, the queue
 * TLS-only and kept 14 days, reserved concurrency, active X-Ray tracing, logs in an encrypted
 * {@link AuditLogGroup} kept six years, and a runtime AWS Lambda still patches.
 *
 * The execution role has no AWS-managed or inline policy: logging, network-interface and tracing
 * permissions are in a customer-managed policy, and grants (`bucket.grantRead(fn)`) land in a second
 * one. The dead-letter queue and tracing are set on the CloudFormation resource directly so that CDK
 * does not add its broader queue-key and tracing statements to the grants policy.
 *
 * Serves 164.312(a)(2)(iv), 164.312(a)(1), 164.312(b), 164.316(b)(2)(i), 164.308(a)(1)(ii)(B) and
 * 164.308(a)(5)(ii)(B).
 */
export class HardenedFunction extends Construct implements iam.IGrantable, ec2.IConnectable {
  /** The function. */
  public readonly function: lambda.Function;
  /** The execution role; grants to it land in a customer-managed policy. */
  public readonly role: iam.Role;
  /** Where failed asynchronous invocations go. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The log group. */
  public readonly logGroup: AuditLogGroup;
  /** The key for environment variables and the dead-letter queue. */
  public readonly encryptionKey: kms.IKey;
  /** The principal the function acts as. */
  public readonly grantPrincipal: iam.IPrincipal;
  /** Network connections of the function. */
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: HardenedFunctionProps) {
    const check = new PropsCheck(scope, id);
    validateFunctionProps(check, props);
    const subnets = selectPrivateSubnets(check, props.vpc, props.vpcSubnets);
    check.throwIfInvalid();
    super(scope, id);

    this.encryptionKey =
      props.encryptionKey instanceof PhiKey
        ? props.encryptionKey.key
        : (props.encryptionKey ??
          new PhiKey(this, 'Key', { dataDomain: dataDomainFromId(this, 'function-') }).key);
    this.logGroup = new AuditLogGroup(this, 'Logs', {
      encryptionKey:
        props.logsEncryptionKey ??
        new PhiKey(this, 'LogsKey', { dataDomain: dataDomainFromId(this, 'logs-') }).key,
      retention: props.logRetention,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_DAYS),
    });
    this.role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    const executionPolicy = this.createExecutionPolicy(this.role);
    this.grantPrincipal = this.role;

    const securityGroups = props.securityGroups ?? [this.createSecurityGroup(props.vpc)];
    this.function = new lambda.Function(this, 'Function', {
      code: props.code,
      handler: props.handler,
      runtime: props.runtime,
      description: props.description,
      environment: props.environment,
      environmentEncryption: this.encryptionKey,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 256,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions ?? 10,
      vpc: props.vpc,
      vpcSubnets: { subnets },
      securityGroups,
      allowPublicSubnet: false,
      role: this.role,
      logGroup: this.logGroup.logGroup,
    });
    const cfn = this.function.node.defaultChild as lambda.CfnFunction;
    cfn.tracingConfig = { mode: lambda.Tracing.ACTIVE };
    cfn.deadLetterConfig = { targetArn: this.deadLetterQueue.queueArn };
    // Lambda checks the network-interface permissions when the function is created.
    this.function.node.addDependency(executionPolicy);
    this.connections = this.function.connections;
    PhiClassification.mark(this);
  }

  /** Logging, network-interface, tracing and dead-letter permissions, in one customer-managed policy. */
  private createExecutionPolicy(role: iam.IRole): iam.ManagedPolicy {
    const policy = new iam.ManagedPolicy(this, 'ExecutionPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: [...LOG_WRITE_ACTIONS],
          resources: [this.logGroup.logGroup.logGroupArn],
        }),
        // EC2 network-interface APIs used by Lambda for VPC access accept no resource restriction.
        new iam.PolicyStatement({ actions: [...LAMBDA_VPC_ACTIONS], resources: ['*'] }),
        // X-Ray has no resource-level permissions.
        new iam.PolicyStatement({ actions: [...XRAY_WRITE_ACTIONS], resources: ['*'] }),
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [this.encryptionKey.keyArn],
        }),
      ],
    });
    acknowledgeResourceWildcards(policy, {
      actions: [...LAMBDA_VPC_ACTIONS, ...XRAY_WRITE_ACTIONS],
      reason:
        'Only the Lambda VPC network-interface actions and X-Ray trace writes use Resource *: neither API supports resource-level permissions, and neither reads or writes PHI.',
    });
    return policy;
  }

  private createSecurityGroup(vpc: ec2.IVpc): ec2.SecurityGroup {
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `Lambda function ${this.node.path}: no ingress, HTTPS egress only`,
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS endpoints');
    return securityGroup;
  }
}
