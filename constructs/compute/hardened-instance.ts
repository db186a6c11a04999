import { Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PhiClassification } from '../core/phi-classification';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { selectPrivateSubnets } from '../core/private-subnets';
import { PropsCheck } from '../core/validation';
import { PATCH_GROUP_TAG_KEY } from '../patching/patch-group';
import { HardenedLaunchTemplate, type HardenedLaunchTemplateProps } from './hardened-launch-template';
import { validateLaunchTemplateProps } from './private/launch-template-validation';

/** Properties of a {@link HardenedInstance}. */
export interface HardenedInstanceProps extends HardenedLaunchTemplateProps {
  /**
   * Where the instance runs; the first selected subnet is used. Public subnets are refused.
   *
   * @default - the VPC's `application` subnet group when it has one (see PhiVpc), else its isolated
   *   subnets (164.312(e)(1))
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/**
 * One EC2 instance launched from a {@link HardenedLaunchTemplate}, in a private subnet, with
 * termination protection, detailed monitoring and no public IP address. Termination protection also
 * stops `cdk destroy`: turn it off on the instance first when the instance really must go.
 *
 * Serves 164.312(a)(1), 164.312(a)(2)(iv), 164.312(b) and 164.308(a)(1)(ii)(B).
 */
export class HardenedInstance extends Construct implements ec2.IConnectable, iam.IGrantable {
  /** The instance. */
  public readonly instance: ec2.CfnInstance;
  /** The launch template with the hardening. */
  public readonly template: HardenedLaunchTemplate;
  /** Network connections of the instance. */
  public readonly connections: ec2.Connections;
  /** The principal the instance acts as. */
  public readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: HardenedInstanceProps) {
    const check = new PropsCheck(scope, id);
    validateLaunchTemplateProps(check, props);
    const [subnet] = selectPrivateSubnets(check, props.vpc, props.vpcSubnets);
    check.throwIfInvalid();
    super(scope, id);

    this.template = new HardenedLaunchTemplate(this, 'Template', props);
    this.connections = this.template.connections;
    this.grantPrincipal = this.template.grantPrincipal;
    const launchTemplate = this.template.launchTemplate;
    this.instance = new ec2.CfnInstance(this, 'Instance', {
      launchTemplate: {
        launchTemplateId: launchTemplate.launchTemplateId,
        version: launchTemplate.latestVersionNumber,
      },
      // Repeated from the template so the instance resource states them itself.
      monitoring: true,
      iamInstanceProfile: this.template.instanceProfile.instanceProfileName,
      disableApiTermination: true,
      networkInterfaces: [
        {
          deviceIndex: '0',
          subnetId: (subnet as ec2.ISubnet).subnetId,
          associatePublicIpAddress: false,
          groupSet: [this.template.securityGroup.securityGroupId],
        },
      ],
    });
    Tags.of(this.instance).add(PATCH_GROUP_TAG_KEY, props.patchGroup);
    const inVpc =
      "The instance's only network interface is placed in a private subnet of the VPC (NetworkInterfaces[0].SubnetId, checked at synth). The rule reads only the instance-level SubnetId, which EC2 refuses next to the launch template's network interface that pins AssociatePublicIpAddress=false.";
    acknowledgeBuiltIn(this.instance, [
      { ruleId: 'HIPAA.Security-EC2InstancesInVPC', reason: inVpc },
      { ruleId: 'NIST.800.53.R5-EC2InstancesInVPC', reason: inVpc },
    ]);
    PhiClassification.mark(this);
  }
}
