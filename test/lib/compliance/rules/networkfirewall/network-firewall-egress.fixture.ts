import { NetworkFirewallEgress } from '../../../../../lib/compliance/rules/networkfirewall/network-firewall-egress';
import { mutate, type RuleFixture, setProperty } from '../../../../helpers/template-fixtures';
import { addResource, egressTemplates } from './egress-templates';

// As EgressFirewall writes it: a workload subnet routed to its zone's firewall endpoint, the firewall
// subnet routed to the NAT gateway, a public subnet routed to the internet gateway, and a VPC without NAT.
const compliant = egressTemplates();

export const fixture: RuleFixture = {
  rule: NetworkFirewallEgress,
  compliant,
  bad: [
    {
      name: 'the workload subnet routes straight to the NAT gateway',
      templates: mutate(compliant, (r) => {
        setProperty(r.WorkloadDefaultRoute, 'VpcEndpointId', undefined);
        setProperty(r.WorkloadDefaultRoute, 'NatGatewayId', { Ref: 'Nat' });
      }),
      path: 'NatGatewayId',
    },
    {
      name: 'a workload subnet shares the firewall subnet’s route table to the NAT gateway',
      templates: mutate(compliant, (_, t) =>
        addResource(t, 'WorkloadToFirewallTable', {
          Type: 'AWS::EC2::SubnetRouteTableAssociation',
          Properties: { SubnetId: { Ref: 'WorkloadSubnet' }, RouteTableId: { Ref: 'FirewallRouteTable' } },
        }),
      ),
      path: 'NatGatewayId',
    },
    {
      name: 'IPv6 egress straight to an egress-only internet gateway',
      templates: mutate(compliant, (_, t) =>
        addResource(t, 'WorkloadIpv6Route', {
          Type: 'AWS::EC2::Route',
          Properties: {
            RouteTableId: { Ref: 'WorkloadRouteTable' },
            DestinationIpv6CidrBlock: '::/0',
            EgressOnlyInternetGatewayId: { Ref: 'EgressOnlyIgw' },
          },
        }),
      ),
      path: 'EgressOnlyInternetGatewayId',
    },
    {
      name: 'the stateful default action only alerts',
      templates: mutate(compliant, (r) =>
        setProperty(r.Policy, 'FirewallPolicy.StatefulDefaultActions', ['aws:alert_established']),
      ),
      path: 'FirewallPolicy.StatefulDefaultActions',
    },
    {
      name: 'the stateless default passes packets without inspection',
      templates: mutate(compliant, (r) =>
        setProperty(r.Policy, 'FirewallPolicy.StatelessDefaultActions', ['aws:pass']),
      ),
      path: 'FirewallPolicy.StatelessDefaultActions',
    },
    {
      name: 'a stateless rule group passes packets past the stateful engine',
      templates: mutate(compliant, (r, t) => {
        addResource(t, 'PassAll', {
          Type: 'AWS::NetworkFirewall::RuleGroup',
          Properties: {
            Type: 'STATELESS',
            Capacity: 10,
            RuleGroupName: 'pass-all',
            RuleGroup: {
              RulesSource: {
                StatelessRulesAndCustomActions: {
                  StatelessRules: [
                    { Priority: 1, RuleDefinition: { Actions: ['aws:pass'], MatchAttributes: {} } },
                  ],
                },
              },
            },
          },
        });
        setProperty(r.Policy, 'FirewallPolicy.StatelessRuleGroupReferences', [
          { Priority: 1, ResourceArn: { 'Fn::GetAtt': ['PassAll', 'RuleGroupArn'] } },
        ]);
      }),
      path: 'FirewallPolicy.StatelessRuleGroupReferences',
    },
    {
      name: 'the engine runs in default action order',
      templates: mutate(compliant, (r) =>
        setProperty(r.Policy, 'FirewallPolicy.StatefulEngineOptions.RuleOrder', 'DEFAULT_ACTION_ORDER'),
      ),
      path: 'FirewallPolicy.StatefulEngineOptions.RuleOrder',
    },
    {
      name: 'the domain rule group is a deny-list',
      templates: mutate(compliant, (r) =>
        setProperty(r.AllowedDomains, 'RuleGroup.RulesSource.RulesSourceList.GeneratedRulesType', 'DENYLIST'),
      ),
      path: 'FirewallPolicy.StatefulRuleGroupReferences',
    },
    {
      name: 'the workload route goes to a VPC endpoint that is not a firewall’s',
      templates: mutate(compliant, (r) =>
        setProperty(r.WorkloadDefaultRoute, 'VpcEndpointId', { 'Fn::ImportValue': 'SomeGwlbEndpoint' }),
      ),
      expect: 'unverified',
    },
  ],
};
