import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { Citation } from '../../core/citations';
import { acknowledgeBuiltIn } from '../../core/private/acknowledge-built-in';
import { recordRelaxation } from '../../core/report-metadata';
import type { RetentionProfile } from '../../core/retention';
import { EgressFirewall } from '../egress-firewall';
import type { PhiVpcProps } from '../phi-vpc';

/**
 * Records the internet access a PhiVpc was given and puts Network Firewall in the egress path:
 *
 * | props                                     | public subnets | application egress                  |
 * | ----------------------------------------- | -------------- | ----------------------------------- |
 * | none                                      | none           | none (endpoints only)               |
 * | `internetIngress`                         | load balancers | none                                |
 * | `internetEgress` + `egressFirewall`       | NAT gateways   | allowed domains, through the firewall |
 * | `internetEgress` + `unfilteredInternetEgress` | NAT gateways | anywhere (a recorded relaxation)    |
 *
 * @returns the egress firewall, when `egressFirewall` is given
 */
export function configureInternetAccess(
  scope: Construct,
  vpc: ec2.Vpc,
  props: PhiVpcProps,
  logRetention: RetentionProfile | undefined,
): EgressFirewall | undefined {
  const citation = Citation.TRANSMISSION_SECURITY;
  if (props.internetIngress) {
    const { reason } = props.internetIngress;
    recordRelaxation(scope, { citation, setting: 'internetIngress', reason });
    if (!props.internetEgress)
      acknowledgeInternetRoutes(
        vpc,
        `Public subnets hold only internet-facing load balancers (no NAT gateway, no public IPs on launch; application and data subnets have no internet route): ${reason}`,
      );
  }
  if (props.unfilteredInternetEgress) {
    const { reason } = props.unfilteredInternetEgress;
    recordRelaxation(scope, { citation, setting: 'unfilteredInternetEgress', reason });
    acknowledgeBuiltIn(vpc, [
      { ruleId: 'TemplateEvidence-NetworkFirewallEgress', reason: `Unfiltered internet egress: ${reason}` },
    ]);
    acknowledgeInternetRoutes(vpc, `NAT gateways route application egress unfiltered: ${reason}`);
  }
  if (!props.egressFirewall) return undefined;
  return new EgressFirewall(scope, 'EgressFirewall', {
    vpc,
    allowedDomains: props.egressFirewall.allowedDomains,
    firewallSubnetCidrBlock: props.egressFirewall.firewallSubnetCidrBlock,
    logRetention,
  });
}

/** Acknowledges the internet-gateway route of every public subnet, with `reason`. */
function acknowledgeInternetRoutes(vpc: ec2.Vpc, reason: string): void {
  for (const subnet of vpc.publicSubnets) {
    const route = subnet.node.tryFindChild('DefaultRoute');
    if (!route) continue;
    acknowledgeBuiltIn(route, [
      { ruleId: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', reason },
      { ruleId: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', reason },
    ]);
  }
}
