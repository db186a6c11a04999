import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { reasonProblem } from '../core/acknowledge';
import { Citation } from '../core/citations';
import { PhiClassification } from '../core/phi-classification';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { recordRelaxation } from '../core/report-metadata';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { RETAINING_REMOVAL_POLICIES } from './private/phi-bucket-validation';

/** Longest point-in-time recovery window DynamoDB offers, in days: the baseline. */
export const MAX_POINT_IN_TIME_RECOVERY_DAYS = 35;

/** A deliberate point-in-time recovery window shorter than 35 days. */
export interface ShorterPointInTimeRecovery {
  /** Why fewer days of restorable history are enough: at least 20 characters, not boilerplate. */
  readonly reason: string;
}

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
   * Days of point-in-time recovery history, from 1 to 35 (DynamoDB's range). Fewer than 35 is a
   * relaxation and needs `shorterPointInTimeRecovery` with the reason.
   *
   * | pointInTimeRecoveryDays | shorterPointInTimeRecovery | result                                  |
   * | ----------------------- | -------------------------- | --------------------------------------- |
   * | absent or 35            | absent                     | 35 days                                 |
   * | 1 to 34                 | `{ reason }`               | that many days, relaxation in the report |
   * | 1 to 34                 | absent                     | error                                   |
   * | absent or 35            | `{ reason }`               | error (nothing to relax)                |
   *
   * @default 35 - the longest window DynamoDB offers (164.308(a)(7)(ii)(A))
   */
  readonly pointInTimeRecoveryDays?: number;

  /**
   * Declares a point-in-time recovery window shorter than 35 days, with the reason. Recorded as a
   * relaxation of 164.308(a)(7)(ii)(A) in the compliance report (and new in `diff`).
   *
   * @default - the window must be 35 days
   */
  readonly shorterPointInTimeRecovery?: ShorterPointInTimeRecovery;

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
    const recoveryDays = props.pointInTimeRecoveryDays ?? MAX_POINT_IN_TIME_RECOVERY_DAYS;
    const shorter = props.shorterPointInTimeRecovery;
    if (
      check.integerInRange(
        'pointInTimeRecoveryDays',
        props.pointInTimeRecoveryDays,
        1,
        MAX_POINT_IN_TIME_RECOVERY_DAYS,
        Citation.DATA_BACKUP,
      )
    ) {
      const relaxed = recoveryDays < MAX_POINT_IN_TIME_RECOVERY_DAYS;
      check.require(relaxed || shorter === undefined, {
        prop: 'shorterPointInTimeRecovery',
        received: shorter,
        allowed: `absent when pointInTimeRecoveryDays is ${MAX_POINT_IN_TIME_RECOVERY_DAYS}`,
        citation: Citation.DATA_BACKUP,
      });
      check.require(!relaxed || shorter !== undefined, {
        prop: 'pointInTimeRecoveryDays',
        received: recoveryDays,
        allowed: `${MAX_POINT_IN_TIME_RECOVERY_DAYS} unless shorterPointInTimeRecovery: { reason } declares the relaxation`,
        citation: Citation.DATA_BACKUP,
      });
      if (relaxed && shorter !== undefined) {
        check.require(reasonProblem(shorter.reason) === undefined, {
          prop: 'shorterPointInTimeRecovery.reason',
          received: shorter.reason,
          allowed: 'a specific reason of at least 20 characters, not boilerplate',
          citation: Citation.DATA_BACKUP,
        });
      }
    }
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
        recoveryPeriodInDays: recoveryDays,
      },
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      timeToLiveAttribute: props.timeToLiveAttribute,
    });
    PhiClassification.mark(this);
    if (shorter !== undefined) {
      recordRelaxation(this, {
        citation: Citation.DATA_BACKUP,
        setting: `pointInTimeRecoveryDays: ${recoveryDays}`,
        reason: shorter.reason,
      });
    }

    // The rule looks for an AWS Backup selection in this stack. Until the toolkit's vault-locked backup
    // plan exists, point-in-time recovery is the table's backup, and the report says so.
    const reason = `Point-in-time recovery gives ${recoveryDays} days of continuous, restorable backups of every item; this release adds no AWS Backup plan of its own.`;
    acknowledgeBuiltIn(this.table, [
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
