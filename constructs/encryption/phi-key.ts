import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { dataDomainFromId } from '../core/naming';
import { PhiClassification } from '../core/phi-classification';
import { PropsCheck } from '../core/validation';
import { allowCloudWatchLogsToUseKey } from './log-service-access';
import { checkKeyAdministrators, keyAdministratorArns, toolkitKeyPolicy } from './private/key-policy';
import { KEY_DECRYPT_ACTIONS, KEY_ENCRYPT_ACTIONS } from './private/perms';

/** Shortest automatic rotation period KMS accepts, in days. */
export const MIN_ROTATION_DAYS = 90;
/** Longest rotation period the toolkit accepts, in days (annual rotation). */
export const MAX_ROTATION_DAYS = 365;
/** Days between scheduling a key's deletion and its deletion: the maximum KMS allows. */
export const KEY_DELETION_WINDOW_DAYS = 30;

/** Properties of a {@link PhiKey}. */
export interface PhiKeyProps {
  /**
   * The data domain this key protects, e.g. `patient-records` or `audit-logs`: lowercase letters,
   * digits and hyphens, 1–50 characters. One key per domain limits what a single grant can decrypt.
   */
  readonly dataDomain: string;

  /**
   * Days between automatic rotations of the key material, from 90 to 365.
   *
   * @default 365 - annual rotation of the key material (164.312(a)(2)(iv))
   */
  readonly rotationPeriodDays?: number;

  /**
   * The alias for the key. Must start with `alias/` and must not start with `alias/aws/`.
   *
   * @default `alias/phi/<stack name>/<dataDomain>` - unique per stack and domain
   */
  readonly aliasName?: string;

  /**
   * Description shown in the KMS console.
   *
   * @default - "PHI encryption key for the <dataDomain> data domain"
   */
  readonly description?: string;

  /**
   * Roles that administer the key but must never use it: they are denied `kms:Encrypt`, `kms:Decrypt`,
   * `kms:ReEncrypt*`, `kms:GenerateDataKey*` and `kms:CreateGrant` in the key policy, directly and through
   * AWS services (so also S3 reads of objects encrypted with it), whatever their IAM policies allow. Give
   * a role of this stack, or the ARN of a role of this account as a string (an ArnLike pattern, e.g.
   * `arn:aws:iam::111122223333:role/KeyAdmin*`); a role of another stack is refused, since naming it
   * would make this stack depend on that one. Administration itself stays with the account's IAM
   * policies, so the key cannot be orphaned.
   *
   * @default - no named administrator: only CDK's CloudFormation execution roles (`cdk-*-cfn-exec-role-*`),
   *   which deploy and so administer the key, are denied direct use (164.312(a)(1))
   */
  readonly keyAdministrators?: (iam.IRole | string)[];
}

/**
 * A customer-managed KMS key for one PHI data domain.
 *
 * Fixed in code: automatic rotation of the key material, a 30-day deletion window, RETAIN on stack
 * deletion, an alias, and a key policy that separates administration from use: the account (its IAM
 * policies) may administer the key in one statement and use it in another, nothing allows `kms:*`, and
 * key administrators — CDK's deployment roles and the `keyAdministrators` — are explicitly denied use.
 * Grants to roles of the account reach their IAM policies, never the key policy. Grants name intent:
 * {@link PhiKey.grantRead} lets a reader decrypt, {@link PhiKey.grantWrite} lets a writer encrypt.
 *
 * Serves 164.312(a)(2)(iv) (encryption and decryption) and 164.312(a)(1) (access control).
 *
 * @example
 * const key = new PhiKey(this, 'PatientRecordsKey', { dataDomain: 'patient-records' });
 * key.grantRead(readerRole);
 */
export class PhiKey extends Construct {
  /**
   * The key a PHI store should use: the given {@link PhiKey}'s key, the given `kms.IKey`, or a new
   * {@link PhiKey} created as `<scope>/Key` with its data domain derived from the scope's id.
   *
   * @param scope the store that needs a key
   * @param key the key the caller gave, if any
   */
  public static keyFor(scope: Construct, key: PhiKey | kms.IKey | undefined): kms.IKey {
    if (key instanceof PhiKey) return key.key;
    return key ?? new PhiKey(scope, 'Key', { dataDomain: dataDomainFromId(scope) }).key;
  }

  /** The KMS key. Use it wherever a `kms.IKey` is expected. */
  public readonly key: kms.Key;
  /** The key's alias. */
  public readonly alias: kms.IAlias;
  /** The data domain the key protects. */
  public readonly dataDomain: string;
  /** Days between automatic rotations. */
  public readonly rotationPeriodDays: number;

  constructor(scope: Construct, id: string, props: PhiKeyProps) {
    const check = new PropsCheck(scope, id);
    check.matches(
      'dataDomain',
      props.dataDomain,
      /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/,
      'lowercase letters, digits and inner hyphens, 1 to 50 characters',
      Citation.ENCRYPTION_AT_REST,
    );
    check.integerInRange(
      'rotationPeriodDays',
      props.rotationPeriodDays,
      MIN_ROTATION_DAYS,
      MAX_ROTATION_DAYS,
      Citation.ENCRYPTION_AT_REST,
    );
    check.matches(
      'aliasName',
      props.aliasName,
      /^alias\/(?!aws\/)[a-zA-Z0-9:/_-]{1,250}$/,
      "an alias of the form 'alias/<name>' that does not start with 'alias/aws/'",
      Citation.ENCRYPTION_AT_REST,
    );
    checkKeyAdministrators(check, scope, props.keyAdministrators);
    check.throwIfInvalid();
    super(scope, id);

    this.dataDomain = props.dataDomain;
    this.rotationPeriodDays = props.rotationPeriodDays ?? MAX_ROTATION_DAYS;
    this.key = new kms.Key(this, 'Key', {
      description: props.description ?? `PHI encryption key for the ${props.dataDomain} data domain`,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(this.rotationPeriodDays),
      pendingWindow: Duration.days(KEY_DELETION_WINDOW_DAYS),
      removalPolicy: RemovalPolicy.RETAIN,
      keySpec: kms.KeySpec.SYMMETRIC_DEFAULT,
      keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT,
      policy: toolkitKeyPolicy(Stack.of(this), keyAdministratorArns(props.keyAdministrators)),
    });
    this.alias = this.key.addAlias(
      props.aliasName ?? `alias/phi/${Stack.of(this).stackName}/${props.dataDomain}`,
    );
    PhiClassification.mark(this);
  }

  /** Lets `grantee` decrypt data protected by this key (to read PHI). */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.key.grant(grantee, ...KEY_DECRYPT_ACTIONS);
  }

  /** Lets `grantee` encrypt new data with this key (to write PHI). */
  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return this.key.grant(grantee, ...KEY_ENCRYPT_ACTIONS);
  }

  /** Lets `grantee` both read and write data protected by this key. */
  public grantReadWrite(grantee: iam.IGrantable): iam.Grant {
    return this.key.grant(grantee, ...KEY_DECRYPT_ACTIONS, ...KEY_ENCRYPT_ACTIONS);
  }

  /**
   * Lets CloudWatch Logs in this stack's account and region encrypt log groups with this key, limited by
   * the encryption context to log groups of this account and region.
   */
  public allowCloudWatchLogs(): void {
    allowCloudWatchLogsToUseKey(this.key);
  }
}
