import type { CfnResourceJson, StackTemplate } from '../../../../../lib/compliance/template/cfn-template';
import { stackTemplate } from '../../../../helpers/template-fixtures';

const endpointIn = (zone: string) => ({
  'Fn::Select': [
    0,
    {
      'Fn::Split': [
        ',',
        {
          'Fn::Select': [
            1,
            {
              'Fn::Split': [
                `,${zone}:`,
                {
                  'Fn::Join': [
                    '',
                    [',', { 'Fn::Join': [',', { 'Fn::GetAtt': ['Firewall', 'EndpointIds'] }] }],
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
});

const subnet = (cidr: string, vpc = 'Vpc') => ({
  Type: 'AWS::EC2::Subnet',
  Properties: { VpcId: { Ref: vpc }, CidrBlock: cidr, AvailabilityZone: 'us-east-1a' },
});
const table = (vpc = 'Vpc') => ({ Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: vpc } } });
const association = (subnetId: string, tableId: string) => ({
  Type: 'AWS::EC2::SubnetRouteTableAssociation',
  Properties: { SubnetId: { Ref: subnetId }, RouteTableId: { Ref: tableId } },
});
const logGroup = (days: number | undefined) => ({
  Type: 'AWS::Logs::LogGroup',
  Properties: {
    KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] },
    ...(days === undefined ? {} : { RetentionInDays: days }),
  },
  DeletionPolicy: 'Retain',
  UpdateReplacePolicy: 'Retain',
});

/**
 * One stack as EgressFirewall writes it (one zone): the workload subnet routed to the zone's firewall
 * endpoint, the firewall subnet routed to the NAT gateway, the public subnet to the internet gateway
 * and back to the endpoint, the policy and rule groups, ALERT and FLOW logging; plus an isolated VPC.
 */
export function egressTemplates(): StackTemplate[] {
  return [
    stackTemplate('Network', {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} },
      EgressOnlyIgw: { Type: 'AWS::EC2::EgressOnlyInternetGateway', Properties: { VpcId: { Ref: 'Vpc' } } },
      PublicSubnet: subnet('10.0.12.0/26'),
      PublicRouteTable: table(),
      PublicAssociation: association('PublicSubnet', 'PublicRouteTable'),
      PublicDefaultRoute: {
        Type: 'AWS::EC2::Route',
        Properties: {
          RouteTableId: { Ref: 'PublicRouteTable' },
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: { Ref: 'Igw' },
        },
      },
      PublicReturnRoute: {
        Type: 'AWS::EC2::Route',
        Properties: {
          RouteTableId: { Ref: 'PublicRouteTable' },
          DestinationCidrBlock: '10.0.4.0/22',
          VpcEndpointId: endpointIn('us-east-1a'),
        },
      },
      Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'PublicSubnet' } } },
      WorkloadSubnet: subnet('10.0.4.0/22'),
      WorkloadRouteTable: table(),
      WorkloadAssociation: association('WorkloadSubnet', 'WorkloadRouteTable'),
      WorkloadDefaultRoute: {
        Type: 'AWS::EC2::Route',
        Properties: {
          RouteTableId: { Ref: 'WorkloadRouteTable' },
          DestinationCidrBlock: '0.0.0.0/0',
          VpcEndpointId: endpointIn('us-east-1a'),
        },
      },
      FirewallSubnet: subnet('100.64.0.0/28'),
      FirewallRouteTable: table(),
      FirewallSubnetAssociation: association('FirewallSubnet', 'FirewallRouteTable'),
      FirewallDefaultRoute: {
        Type: 'AWS::EC2::Route',
        Properties: {
          RouteTableId: { Ref: 'FirewallRouteTable' },
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: { Ref: 'Nat' },
        },
      },
      AllowedDomains: {
        Type: 'AWS::NetworkFirewall::RuleGroup',
        Properties: {
          Type: 'STATEFUL',
          Capacity: 1000,
          RuleGroupName: 'allowed-domains',
          RuleGroup: {
            RulesSource: {
              RulesSourceList: {
                GeneratedRulesType: 'ALLOWLIST',
                TargetTypes: ['TLS_SNI', 'HTTP_HOST'],
                Targets: ['api.example.com', '.ubuntu.com'],
              },
            },
            StatefulRuleOptions: { RuleOrder: 'STRICT_ORDER' },
          },
        },
      },
      Policy: {
        Type: 'AWS::NetworkFirewall::FirewallPolicy',
        Properties: {
          FirewallPolicyName: 'egress-policy',
          FirewallPolicy: {
            StatelessDefaultActions: ['aws:forward_to_sfe'],
            StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
            StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER', StreamExceptionPolicy: 'DROP' },
            StatefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
            StatefulRuleGroupReferences: [
              { Priority: 1, ResourceArn: { 'Fn::GetAtt': ['AllowedDomains', 'RuleGroupArn'] } },
            ],
          },
        },
      },
      Firewall: {
        Type: 'AWS::NetworkFirewall::Firewall',
        Properties: {
          FirewallName: 'egress',
          FirewallPolicyArn: { 'Fn::GetAtt': ['Policy', 'FirewallPolicyArn'] },
          VpcId: { Ref: 'Vpc' },
          SubnetMappings: [{ SubnetId: { Ref: 'FirewallSubnet' } }],
          DeleteProtection: true,
        },
      },
      LogsKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
      AlertLogs: logGroup(2192),
      FlowLogs: logGroup(undefined),
      Logging: {
        Type: 'AWS::NetworkFirewall::LoggingConfiguration',
        Properties: {
          FirewallArn: { 'Fn::GetAtt': ['Firewall', 'FirewallArn'] },
          LoggingConfiguration: {
            LogDestinationConfigs: [
              {
                LogType: 'ALERT',
                LogDestinationType: 'CloudWatchLogs',
                LogDestination: { logGroup: { Ref: 'AlertLogs' } },
              },
              {
                LogType: 'FLOW',
                LogDestinationType: 'CloudWatchLogs',
                LogDestination: { logGroup: { Ref: 'FlowLogs' } },
              },
            ],
          },
        },
      },
      // An isolated VPC (PhiVpc's default): no NAT, nothing to judge.
      IsolatedVpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } },
      IsolatedSubnet: subnet('10.1.0.0/24', 'IsolatedVpc'),
      IsolatedRouteTable: table('IsolatedVpc'),
      IsolatedAssociation: association('IsolatedSubnet', 'IsolatedRouteTable'),
    }),
  ];
}

/** The first template's resources, writable (in a copy made by `mutate`). */
function resourcesOf(templates: StackTemplate[]): Record<string, CfnResourceJson> {
  const resources = templates[0]?.template.Resources;
  if (!resources) throw new Error('the fixture has no template');
  return resources as Record<string, CfnResourceJson>;
}

/** Adds a resource to the first template (in a copy made by `mutate`). */
export function addResource(templates: StackTemplate[], id: string, resource: CfnResourceJson): void {
  resourcesOf(templates)[id] = resource;
}

/** Removes a resource from the first template (in a copy made by `mutate`). */
export function removeResource(templates: StackTemplate[], id: string): void {
  delete resourcesOf(templates)[id];
}
