import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeFindings } from '../core/acknowledge';
import { Citation } from '../core/citations';
import { PhiClassification } from '../core/phi-classification';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { RETAINING_REMOVAL_POLICIES } from './private/phi-bucket-validation';

/** Properties of a {@link PhiTable}. */
export interface PhiTableProps {
  /** The partition key attribute. */
  readonly partitionKey: dynamodb.Attribute;

  /**
   * The sort key attribute.
   *
   * @default - no sort key
   */
  readonly sortKey?: dynamodb.Attribute;

  /**
   * The key that encrypts the table, its indexes, streams and backups.
   *
   * @default - a new {@link PhiKey} for this table, domain from the construct id (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: PhiKey | kms.IKey;

  /**
   * Days of point-in-time recovery history, from 1 to 35.
   *
   * @default 35 - the longest window DynamoDB offers (164.308(a)(7)(ii)(A))
   */
  readonly pointInTimeRecoveryDays?: number;

  /**
   * Attribute holding each item's expiry time (epoch seconds) for DynamoDB TTL.
   *
   * @default - items never expire
   */
  readonly timeToLiveAttribute?: string;

  /**
   * What happens to the table when it leaves the stack. Only RETAIN variants are accepted.
   *
   * @default RemovalPolicy.RETAIN (164.312(c)(1))
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A DynamoDB table for PHI: encrypted with a customer-managed key, point-in-time recovery on (35 days
 * by default), deletion protection on, RETAIN on stack deletion, on-demand capacity.
 *
 * Serves 164.312(a)(2)(iv), 164.308(a)(7)(ii)(A) and 164.312(c)(1).
 *
 * @example
 * const visits = new PhiTable(this, 'Visits', {
 *   partitionKey: { name: 'patientId', type: dynamodb.AttributeType.STRING },
 *   sortKey: { name: 'visitedAt', type: dynamodb.AttributeType.STRING },
 * });
 * visits.grantReadData(appRole);
 */
export class PhiTable extends Construct {
  /** The table. */
  public readonly table: dynamodb.Table;
  /** The key that encrypts the table. */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: PhiTableProps) {
    const check = new PropsCheck(scope, id);
    check.integerInRange(
      'pointInTimeRecoveryDays',
      props.pointInTimeRecoveryDays,
      1,
      35,
      Citation.DATA_BACKUP,
    );
    check.oneOf('removalPolicy', props.removalPolicy, RETAINING_REMOVAL_POLICIES, Citation.INTEGRITY);
    check.throwIfInvalid();
    super(scope, id);

    this.encryptionKey = PhiKey.keyFor(this, props.encryptionKey);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: props.partitionKey,
      sortKey: props.sortKey,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.encryptionKey,
      pointInTimeRecoverySpecification: {
        pointInTimeRecoveryEnabled: true,
        recoveryPeriodInDays: props.pointInTimeRecoveryDays ?? 35,
      },
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      timeToLiveAttribute: props.timeToLiveAttribute,
    });
    PhiClassification.mark(this);

    // The rule looks for an AWS Backup selection in this stack. Until the toolkit's vault-locked backup
    // plan exists, point-in-time recovery is the table's backup, and the report says so.
    const reason = `Point-in-time recovery gives ${props.pointInTimeRecoveryDays ?? 35} days of continuous, restorable backups of every item; this release adds no AWS Backup plan of its own.`;
    acknowledgeFindings(this.table, [
      { ruleId: 'HIPAA.Security-DynamoDBInBackupPlan', reason },
      { ruleId: 'NIST.800.53.R5-DynamoDBInBackupPlan', reason },
    ]);
  }

  /** Lets `grantee` read items, including decrypting them with the table's key. */
  public grantReadData(grantee: iam.IGrantable): iam.Grant {
    return this.table.grantReadData(grantee);
  }

  /** Lets `grantee` write items, including encrypting them with the table's key. */
  public grantWriteData(grantee: iam.IGrantable): iam.Grant {
    return this.table.grantWriteData(grantee);
  }
}
