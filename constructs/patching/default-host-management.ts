import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { DHMC_SETTING_ACTIONS } from './private/perms';
import { SdkCall } from './private/sdk-call';

/** The Systems Manager service setting that names the Default Host Management Configuration role. */
export const DHMC_SETTING_PATH = '/ssm/managed-instance/default-ec2-instance-management-role';
/** The AWS-managed policy Default Host Management Configuration expects on its role. */
export const DHMC_MANAGED_POLICY = 'AmazonSSMManagedEC2InstanceDefaultPolicy';

/**
 * Turns on Systems Manager Default Host Management Configuration for this account and Region: every EC2
 * instance with IMDSv2 and a recent SSM Agent becomes a managed node, so it is inventoried, scanned and
 * patched even when nobody attached an instance profile.
 *
 * It creates a role (path `/service-role/`) trusted by `ssm.amazonaws.com` with the AWS-managed
 * `AmazonSSMManagedEC2InstanceDefaultPolicy`, and a custom resource that sets the service setting
 * `default-ec2-instance-management-role` to that role (and resets it when removed). The custom resource
 * may only read, update and reset that one setting and pass that one role to Systems Manager.
 *
 * Account- and Region-wide: deploy it once per account and Region.
 *
 * Serves 164.308(a)(1)(ii)(B) (risk management) and 164.308(a)(5)(ii)(B) (protection from malicious
 * software).
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/managed-instances-default-host-management.html
 */
export class DefaultHostManagement extends Construct {
  /** The role Systems Manager gives instances that have no instance profile of their own. */
  public readonly role: iam.Role;
  /** ARN of the service setting this construct manages. */
  public readonly settingArn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.settingArn = `arn:${stack.partition}:ssm:${stack.region}:${stack.account}:servicesetting${DHMC_SETTING_PATH}`;

    // Trust exactly as AWS documents it for this setting; Systems Manager assumes it on the
    // instance's behalf.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com'),
      path: '/service-role/',
      description: 'Default Host Management Configuration: lets Systems Manager manage EC2 instances',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(DHMC_MANAGED_POLICY)],
    });
    acknowledgeBuiltIn(this.role, [
      {
        ruleId: `AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${DHMC_MANAGED_POLICY}]`,
        reason:
          'Default Host Management Configuration is specified to use the AWS-managed AmazonSSMManagedEC2InstanceDefaultPolicy, which AWS updates with the SSM Agent; it grants only Systems Manager agent channels, no data access.',
      },
    ]);

    const setting = (action: string, value?: string): cr.AwsSdkCall => ({
      service: 'SSM',
      action,
      parameters:
        value === undefined
          ? { SettingId: this.settingArn }
          : { SettingId: this.settingArn, SettingValue: value },
      physicalResourceId: cr.PhysicalResourceId.of(this.settingArn),
    });
    const roleValue = `service-role/${this.role.roleName}`;
    new SdkCall(this, 'Setting', {
      onCreate: setting('updateServiceSetting', roleValue),
      onUpdate: setting('updateServiceSetting', roleValue),
      onDelete: setting('resetServiceSetting'),
      statements: [
        new iam.PolicyStatement({ actions: [...DHMC_SETTING_ACTIONS], resources: [this.settingArn] }),
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [this.role.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
        }),
      ],
    });
  }
}
