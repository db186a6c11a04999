import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { PhiKey } from '../encryption/phi-key';
import { SdkCall } from '../patching/private/sdk-call';

/** Properties of {@link EbsEncryptionByDefault}. */
export interface EbsEncryptionByDefaultProps {
  /**
   * The key new EBS volumes and snapshot copies are encrypted with by default.
   *
   * @default - a new {@link PhiKey}, domain `ebs-default` (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: PhiKey | kms.IKey;
  /**
   * Let the Auto Scaling service-linked role (`AWSServiceRoleForAutoScaling`) use the key, which Auto
   * Scaling needs to launch instances with default-encrypted volumes. The role must already exist in
   * the account: KMS rejects a key policy that names a missing principal.
   *
   * @default false - only IAM principals of the account that IAM policies allow can use the key
   */
  readonly allowAutoScaling?: boolean;
}

/**
 * Turns on EBS encryption by default for this account and Region, with the toolkit's customer-managed
 * key as the default key: every new volume (and snapshot copy) is encrypted even when whoever creates
 * it forgets. Two AWS SDK calls made by CloudFormation: `EnableEbsEncryptionByDefault` and
 * `ModifyEbsDefaultKmsKeyId`. When removed, the default key is reset to the AWS-managed `aws/ebs` key;
 * encryption by default stays on.
 *
 * Anyone launching instances needs `kms:CreateGrant`, `kms:GenerateDataKeyWithoutPlaintext` and
 * `kms:Decrypt` on the key through IAM; services with service-linked roles need it in the key policy
 * (see `allowAutoScaling`).
 *
 * Account- and Region-wide: deploy it once per account and Region.
 *
 * Serves 164.312(a)(2)(iv) (encryption and decryption).
 *
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
 */
export class EbsEncryptionByDefault extends Construct {
  /** The default EBS key. */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: EbsEncryptionByDefaultProps = {}) {
    super(scope, id);
    this.encryptionKey =
      props.encryptionKey instanceof PhiKey
        ? props.encryptionKey.key
        : (props.encryptionKey ?? new PhiKey(this, 'Key', { dataDomain: 'ebs-default' }).key);
    if (props.allowAutoScaling) this.allowAutoScaling();

    // EC2 defines no resource type for these account-level settings: the actions accept only '*'.
    const wildcardResourceReason =
      'EBS encryption-by-default actions act on an account-level setting that has no ARN; IAM accepts only Resource * for them, and the call can only turn encryption on or set its key.';
    const enable: cr.AwsSdkCall = {
      service: 'EC2',
      action: 'enableEbsEncryptionByDefault',
      physicalResourceId: cr.PhysicalResourceId.of('ebs-encryption-by-default'),
    };
    new SdkCall(this, 'EnableByDefault', {
      onCreate: enable,
      onUpdate: enable,
      statements: [
        new iam.PolicyStatement({ actions: ['ec2:EnableEbsEncryptionByDefault'], resources: ['*'] }),
      ],
      wildcardResourceReason,
    });

    const setKey: cr.AwsSdkCall = {
      service: 'EC2',
      action: 'modifyEbsDefaultKmsKeyId',
      parameters: { KmsKeyId: this.encryptionKey.keyArn },
      physicalResourceId: cr.PhysicalResourceId.of('ebs-default-kms-key'),
    };
    new SdkCall(this, 'DefaultKey', {
      onCreate: setKey,
      onUpdate: setKey,
      onDelete: { service: 'EC2', action: 'resetEbsDefaultKmsKeyId' },
      statements: [
        new iam.PolicyStatement({
          actions: ['ec2:ModifyEbsDefaultKmsKeyId', 'ec2:ResetEbsDefaultKmsKeyId'],
          resources: ['*'],
        }),
        // EC2 validates the key when it becomes the default.
        new iam.PolicyStatement({ actions: ['kms:DescribeKey'], resources: [this.encryptionKey.keyArn] }),
      ],
      wildcardResourceReason,
    });
  }

  private allowAutoScaling(): void {
    const stack = Stack.of(this);
    const role = `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAutoScalingToUseTheDefaultEbsKey',
        principals: [new iam.ArnPrincipal(role)],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'], // In a key policy, '*' is the key itself.
      }),
    );
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAutoScalingToGrantForVolumes',
        principals: [new iam.ArnPrincipal(role)],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': true } },
      }),
    );
  }
}
