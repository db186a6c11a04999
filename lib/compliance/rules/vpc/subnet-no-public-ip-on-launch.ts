import { Citation } from '../../../../constructs/core/citations';
import { fail, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';

/** No subnet gives instances launched into it a public IPv4 address (MapPublicIpOnLaunch absent or false). */
export const SubnetNoPublicIpOnLaunch: TemplateRule = {
  id: 'SubnetNoPublicIpOnLaunch',
  citations: [Citation.ACCESS_CONTROL, Citation.TRANSMISSION_SECURITY],
  severity: 'error',
  resourceTypes: ['AWS::EC2::Subnet'],
  rationale:
    'A subnet that maps public IP addresses on launch makes every instance in it reachable from the internet by default, one security group mistake away from exposing ePHI.',
  fix: 'Set mapPublicIpOnLaunch: false on every subnet (PhiVpc does, public NAT subnets included) and reach instances through Session Manager or a load balancer.',
  check: (view) => {
    const value = view.get('MapPublicIpOnLaunch');
    if (value !== undefined && isSpecial(value)) return [unverified('MapPublicIpOnLaunch', value, 'false')];
    return value === true || value === 'true'
      ? [fail('MapPublicIpOnLaunch', 'MapPublicIpOnLaunch must be false or absent, got true')]
      : [];
  },
};
