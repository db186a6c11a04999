import { SubnetNoPublicIpOnLaunch } from '../../../../../lib/compliance/rules/vpc/subnet-no-public-ip-on-launch';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Network', {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.40.0.0/16' } },
    Data: {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.40.0.0/24', MapPublicIpOnLaunch: false },
    },
    // Absent means false: CloudFormation's default.
    Application: {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.40.4.0/22' },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: SubnetNoPublicIpOnLaunch,
  compliant,
  bad: [
    {
      name: 'a subnet maps public IPs on launch (override)',
      templates: mutate(compliant, (r) => setProperty(r.Application, 'MapPublicIpOnLaunch', true)),
      path: 'MapPublicIpOnLaunch',
    },
    {
      name: 'MapPublicIpOnLaunch from a condition that cannot be decided',
      templates: mutate(compliant, (r, t) => {
        (t[0]?.template as { Parameters?: unknown; Conditions?: unknown }).Parameters = {
          Public: { Type: 'String' },
        };
        (t[0]?.template as { Conditions?: unknown }).Conditions = {
          IsPublic: { 'Fn::Equals': [{ Ref: 'Public' }, 'yes'] },
        };
        setProperty(r.Data, 'MapPublicIpOnLaunch', { 'Fn::If': ['IsPublic', true, false] });
      }),
      expect: 'unverified',
    },
  ],
};
