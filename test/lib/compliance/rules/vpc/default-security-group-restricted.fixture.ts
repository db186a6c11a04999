import { VpcDefaultSecurityGroupRestricted } from '../../../../../lib/compliance/rules/vpc/default-security-group-restricted';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Network', {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.40.0.0/16' } },
    Handler: { Type: 'AWS::Lambda::Function', Properties: {} },
    RestrictDefaultSecurityGroup: {
      Type: 'Custom::VpcRestrictDefaultSG',
      Properties: {
        ServiceToken: { 'Fn::GetAtt': ['Handler', 'Arn'] },
        DefaultSecurityGroupId: { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] },
        Account: { Ref: 'AWS::AccountId' },
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: VpcDefaultSecurityGroupRestricted,
  compliant,
  bad: [
    {
      name: 'restrictDefaultSecurityGroup turned off (the custom resource removed)',
      templates: mutate(compliant, (_r, t) => {
        for (const stack of t)
          delete (stack.template.Resources as Record<string, unknown>).RestrictDefaultSecurityGroup;
      }),
      path: 'Properties',
    },
    {
      name: 'the custom resource restricts a different group',
      templates: mutate(compliant, (r) =>
        setProperty(r.RestrictDefaultSecurityGroup, 'DefaultSecurityGroupId', 'sg-0123456789abcdef0'),
      ),
    },
  ],
};
