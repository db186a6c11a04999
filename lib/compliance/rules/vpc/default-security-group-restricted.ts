import { Citation } from '../../../../constructs/core/citations';
import { fail, type TemplateRule } from '../../template/rule';

/** The custom resource CDK's `restrictDefaultSecurityGroup` adds to strip the default group's rules. */
const RESTRICT_DEFAULT_SG_TYPE = 'Custom::VpcRestrictDefaultSG';

/**
 * Every VPC's default security group is stripped of its rules: a `Custom::VpcRestrictDefaultSG` refers
 * to the VPC's `DefaultSecurityGroup` (what `restrictDefaultSecurityGroup: true` renders).
 */
export const VpcDefaultSecurityGroupRestricted: TemplateRule = {
  id: 'VpcDefaultSecurityGroupRestricted',
  citations: [Citation.ACCESS_CONTROL, Citation.TRANSMISSION_SECURITY],
  severity: 'error',
  resourceTypes: ['AWS::EC2::VPC'],
  rationale:
    'The default security group allows all traffic between its members and all egress; any resource launched without an explicit group joins it and can reach every other such resource, including those holding ePHI.',
  fix: 'Use PhiVpc (or set restrictDefaultSecurityGroup: true on the ec2.Vpc, and keep its custom resource).',
  check: (view, set) => {
    const restrictions = set.referrers(view.resource, RESTRICT_DEFAULT_SG_TYPE, 'DefaultSecurityGroupId');
    view.note(
      'defaultSecurityGroupRestriction',
      restrictions.map((r) => `${r.stackName}/${r.logicalId}`),
    );
    return restrictions.length > 0
      ? []
      : [
          fail(
            'Properties',
            `no ${RESTRICT_DEFAULT_SG_TYPE} refers to this VPC's DefaultSecurityGroup: its default security group keeps allow-all rules`,
          ),
        ];
  },
};
