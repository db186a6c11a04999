import { Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { dataDomainFromId } from '../core/naming';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { ManagedPolicyRole } from '../core/private/managed-policy-role';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { PATCH_GROUP_TAG_KEY } from '../patching/patch-group';
import { validateLaunchTemplateProps } from './private/launch-template-validation';
import { REMOTE_SHELL_PORTS, remoteShellIngress } from './private/remote-shell-ingress';

export { MAX_ROOT_VOLUME_GIB, MIN_ROOT_VOLUME_GIB } from './private/launch-template-validation';

/** Properties of a {@link HardenedLaunchTemplate}. */
export interface HardenedLaunchTemplateProps {
  /** The VPC of the instance security group. */
  readonly vpc: ec2.IVpc;
  /** The instance type. */
  readonly instanceType: ec2.InstanceType;
  /**
   * The patch group instances join, as the tag `PatchGroup=<patchGroup>` on instances and volumes (see
   * `PatchBaselines` and `PatchSchedule`).
   */
  readonly patchGroup: string;
  /**
   * The AMI.
   *
   * @default - the latest Amazon Linux 2023, resolved at deployment from the public SSM parameter
   */
  readonly machineImage?: ec2.IMachineImage;
  /**
   * Size of the root volume in GiB, from 8 to 16384.
   *
   * @default 20
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * The root device name of the AMI (`/dev/xvda` for Amazon Linux, `/dev/sda1` for Ubuntu and RHEL).
   * A wrong name adds a second volume and leaves the AMI's root volume to the account default.
   *
   * @default '/dev/xvda'
   */
  readonly rootDeviceName?: string;
  /**
   * The key that encrypts the root volume.
   *
   * @default - a new {@link PhiKey}, domain `ebs-<id>` (164.312(a)(2)(iv))
   */
  readonly encryptionKey?: PhiKey | kms.IKey;
  /**
   * User data run at first boot.
   *
   * @default - the AMI's default user data
   */
  readonly userData?: ec2.UserData;
}

/**
 * An EC2 launch template for instances that handle PHI, hardened in code: IMDSv2 required with a hop
 * limit of 1, the root volume encrypted with a customer-managed key, no key pair, no public IP address,
 * detailed monitoring, a role with only `AmazonSSMManagedInstanceCore` (Session Manager, patching and
 * inventory), and a security group with no ingress and HTTPS-only egress. Instances and volumes are
 * tagged `PatchGroup=<patchGroup>`.
 *
 * There is no prop for a key pair, a public IP or an unencrypted volume. Ingress may be added through
 * {@link connections}, but synthesis fails if any rule opens SSH (22), RDP (3389) or all traffic:
 * shell access is through Session Manager only.
 *
 * For an Auto Scaling group, the key policy of the volume key must also let the Auto Scaling
 * service-linked role use it (IAM policies cannot grant a service-linked role).
 *
 * Serves 164.312(a)(1), 164.312(a)(2)(iv), 164.312(b) and 164.308(a)(1)(ii)(B).
 */
export class HardenedLaunchTemplate extends Construct implements ec2.IConnectable, iam.IGrantable {
  /** The launch template. */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** The instance role; grants to it land in a customer-managed policy. */
  public readonly role: iam.Role;
  /** The instance profile of {@link role}. */
  public readonly instanceProfile: iam.InstanceProfile;
  /** The instance security group: no ingress unless added, never SSH or RDP. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The key that encrypts the root volume. */
  public readonly encryptionKey: kms.IKey;
  /** The patch group instances join. */
  public readonly patchGroup: string;
  /** Network connections of the instances. */
  public readonly connections: ec2.Connections;
  /** The principal that instances act as. */
  public readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: HardenedLaunchTemplateProps) {
    const check = new PropsCheck(scope, id);
    validateLaunchTemplateProps(check, props);
    check.throwIfInvalid();
    super(scope, id);

    this.patchGroup = props.patchGroup;
    this.encryptionKey =
      props.encryptionKey instanceof PhiKey
        ? props.encryptionKey.key
        : (props.encryptionKey ??
          new PhiKey(this, 'Key', { dataDomain: dataDomainFromId(this, 'ebs-') }).key);

    this.role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Instance role: Systems Manager only (Session Manager, patching, inventory)',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    acknowledgeBuiltIn(this.role, [
      {
        ruleId:
          'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
        reason:
          'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for the SSM Agent (Session Manager, Patch Manager, inventory) and changes with it; it grants no access to PHI stores, which need explicit grants.',
      },
    ]);
    this.grantPrincipal = this.role;
    this.instanceProfile = new iam.InstanceProfile(this, 'InstanceProfile', { role: this.role });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Instances of patch group ${props.patchGroup}: no ingress, HTTPS egress only`,
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS to AWS endpoints and package repositories',
    );
    this.connections = this.securityGroup.connections;

    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      instanceType: props.instanceType,
      machineImage: props.machineImage ?? ec2.MachineImage.latestAmazonLinux2023(),
      userData: props.userData,
      instanceProfile: this.instanceProfile,
      securityGroup: this.securityGroup,
      associatePublicIpAddress: false,
      detailedMonitoring: true,
      requireImdsv2: true,
      httpTokens: ec2.LaunchTemplateHttpTokens.REQUIRED,
      httpEndpoint: true,
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: false,
      blockDevices: [
        {
          deviceName: props.rootDeviceName ?? '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(props.rootVolumeSizeGiB ?? 20, {
            encrypted: true,
            kmsKey: this.encryptionKey,
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            deleteOnTermination: true,
          }),
        },
      ],
    });
    Tags.of(this.launchTemplate).add(PATCH_GROUP_TAG_KEY, props.patchGroup);

    this.node.addValidation({
      validate: () =>
        remoteShellIngress(this.securityGroup).map(
          (rule) =>
            `${this.node.path}: the instance security group must not allow ingress on ports ${REMOTE_SHELL_PORTS.join(' or ')} or all traffic; use Session Manager (${Citation.ACCESS_CONTROL}), got ${rule}`,
        ),
    });
  }
}
