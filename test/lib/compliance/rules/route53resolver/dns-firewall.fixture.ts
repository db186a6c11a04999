import { MANAGED_THREAT_LISTS } from '../../../../../constructs/network/private/managed-domain-lists';
import { VpcDnsFirewall } from '../../../../../lib/compliance/rules/route53resolver/dns-firewall';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const threatRules = MANAGED_THREAT_LISTS.map((name, i) => ({
  Action: 'BLOCK',
  BlockResponse: 'NXDOMAIN',
  FirewallDomainListId: { 'Fn::GetAtt': ['ManagedLists', name] },
  Priority: 100 * (i + 1),
}));

/** PhiVpc at its defaults: the four managed threat lists are blocked. */
const blockList = stackTemplate('Network', {
  Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
  ManagedLists: {
    Type: 'Custom::ManagedFirewallDomainLists',
    Properties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:x',
      DomainListNames: [...MANAGED_THREAT_LISTS],
    },
  },
  RuleGroup: { Type: 'AWS::Route53Resolver::FirewallRuleGroup', Properties: { FirewallRules: threatRules } },
  Association: {
    Type: 'AWS::Route53Resolver::FirewallRuleGroupAssociation',
    Properties: {
      FirewallRuleGroupId: { 'Fn::GetAtt': ['RuleGroup', 'Id'] },
      VpcId: { Ref: 'Vpc' },
      Priority: 101,
      MutationProtection: 'ENABLED',
    },
  },
});

/** Allow-list mode without the managed lists: an allow list, then block-all last. */
const allowList = stackTemplate('Walled', {
  Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } },
  Allowed: { Type: 'AWS::Route53Resolver::FirewallDomainList', Properties: { Domains: ['example.com'] } },
  Everything: { Type: 'AWS::Route53Resolver::FirewallDomainList', Properties: { Domains: ['*'] } },
  RuleGroup: {
    Type: 'AWS::Route53Resolver::FirewallRuleGroup',
    Properties: {
      FirewallRules: [
        { Action: 'ALLOW', FirewallDomainListId: { 'Fn::GetAtt': ['Allowed', 'Id'] }, Priority: 10 },
        {
          Action: 'BLOCK',
          BlockResponse: 'NXDOMAIN',
          FirewallDomainListId: { 'Fn::GetAtt': ['Everything', 'Id'] },
          Priority: 20,
        },
      ],
    },
  },
  Association: {
    Type: 'AWS::Route53Resolver::FirewallRuleGroupAssociation',
    Properties: {
      FirewallRuleGroupId: { 'Fn::GetAtt': ['RuleGroup', 'Id'] },
      VpcId: { Ref: 'Vpc' },
      Priority: 101,
    },
  },
});

const compliant = [blockList, allowList];
const rulesOf = (r: Record<string, Record<string, unknown>>) =>
  (r.RuleGroup.Properties as { FirewallRules: Record<string, unknown>[] }).FirewallRules;

export const fixture: RuleFixture = {
  rule: VpcDnsFirewall,
  compliant,
  bad: [
    {
      name: 'no rule group is associated with the VPC',
      templates: mutate([blockList], (_r, t) => {
        for (const stack of t) delete (stack.template.Resources as Record<string, unknown>).Association;
      }),
      path: 'Properties',
    },
    {
      name: 'the GuardDuty threat list is no longer blocked',
      templates: mutate([blockList], (r) =>
        setProperty(r.RuleGroup, 'FirewallRules', rulesOf(r).slice(0, 3)),
      ),
    },
    {
      name: 'the malware list is only alerted on',
      templates: mutate([blockList], (r) => {
        const first = rulesOf(r)[0];
        if (first) first.Action = 'ALERT';
      }),
    },
    {
      name: 'the lookup no longer asks for the list the rule names',
      templates: mutate([blockList], (r) =>
        setProperty(r.ManagedLists, 'DomainListNames', [...MANAGED_THREAT_LISTS].slice(1)),
      ),
    },
    {
      name: 'allow-list mode whose block-all rule comes before the allow rule',
      templates: mutate([allowList], (r) => {
        const [allow, block] = rulesOf(r);
        if (allow && block) [allow.Priority, block.Priority] = [30, 20];
      }),
    },
    {
      name: 'a literal list ID that cannot be tied to a managed list',
      templates: mutate([blockList], (r, t) => {
        (t[0]?.template as { Parameters?: unknown }).Parameters = { ListId: { Type: 'String' } };
        setProperty(r.RuleGroup, 'FirewallRules', [
          { Action: 'BLOCK', FirewallDomainListId: { Ref: 'ListId' }, Priority: 1 },
        ]);
      }),
      expect: 'unverified',
    },
  ],
};
