import { SecurityGroupAdminPorts } from '../../../../../lib/compliance/rules/ec2/security-group-admin-ports';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Network', {
    Endpoints: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'endpoints',
        SecurityGroupIngress: [{ CidrIp: '10.40.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }],
      },
    },
    Web: {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: {
        GroupId: { Ref: 'Endpoints' },
        CidrIp: '0.0.0.0/0',
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: SecurityGroupAdminPorts,
  compliant,
  bad: [
    {
      name: 'SSH open to 0.0.0.0/0 by an override',
      templates: mutate(compliant, (r) =>
        setProperty(r.Endpoints, 'SecurityGroupIngress', [
          { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 },
        ]),
      ),
      path: 'SecurityGroupIngress[0]',
    },
    {
      name: 'RDP inside a wide IPv6 range on a raw ingress resource',
      templates: mutate(compliant, (r) => {
        deleteProperty(r.Web, 'CidrIp');
        setProperty(r.Web, 'CidrIpv6', '::/0');
        setProperty(r.Web, 'FromPort', 1000);
        setProperty(r.Web, 'ToPort', 4000);
      }),
    },
    {
      name: 'every protocol open',
      templates: mutate(compliant, (r) => setProperty(r.Web, 'IpProtocol', '-1')),
    },
  ],
};
