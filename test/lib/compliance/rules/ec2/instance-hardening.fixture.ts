import { Ec2InstanceHardening } from '../../../../../lib/compliance/rules/ec2/instance-hardening';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Workload', {
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Template: {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: {
        LaunchTemplateData: {
          BlockDeviceMappings: [
            {
              DeviceName: '/dev/xvda',
              Ebs: { Encrypted: true, KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] }, VolumeSize: 20 },
            },
          ],
          MetadataOptions: { HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1, HttpTokens: 'required' },
          NetworkInterfaces: [{ AssociatePublicIpAddress: false, DeviceIndex: 0 }],
        },
      },
    },
    AppServer: {
      Type: 'AWS::EC2::Instance',
      Properties: {
        LaunchTemplate: {
          LaunchTemplateId: { Ref: 'Template' },
          Version: { 'Fn::GetAtt': ['Template', 'LatestVersionNumber'] },
        },
        NetworkInterfaces: [{ AssociatePublicIpAddress: false, DeviceIndex: '0' }],
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: Ec2InstanceHardening,
  compliant,
  bad: [
    {
      name: 'IMDSv1 allowed on the launch template (instance and template both fail)',
      templates: mutate(compliant, (r) =>
        setProperty(r.Template, 'LaunchTemplateData.MetadataOptions.HttpTokens', 'optional'),
      ),
      path: 'LaunchTemplate',
    },
    {
      name: 'an instance without a launch template and an unencrypted volume',
      templates: mutate(compliant, (r) => {
        deleteProperty(r.AppServer, 'LaunchTemplate');
        setProperty(r.AppServer, 'BlockDeviceMappings', [
          { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20 } },
        ]);
      }),
      path: 'BlockDeviceMappings[0].Ebs.Encrypted',
    },
    {
      name: 'the launch template volume not encrypted',
      templates: mutate(compliant, (r) =>
        setProperty(r.Template, 'LaunchTemplateData.BlockDeviceMappings', [
          { DeviceName: '/dev/xvda', Ebs: { Encrypted: false } },
        ]),
      ),
      path: 'LaunchTemplateData.BlockDeviceMappings[0].Ebs.Encrypted',
    },
    {
      name: 'a public IP address on the instance',
      templates: mutate(compliant, (r) =>
        setProperty(r.AppServer, 'NetworkInterfaces', [{ AssociatePublicIpAddress: true, DeviceIndex: '0' }]),
      ),
      path: 'NetworkInterfaces[0].AssociatePublicIpAddress',
    },
    {
      name: 'the launch template imported from outside the assembly',
      templates: mutate(compliant, (r) =>
        setProperty(r.AppServer, 'LaunchTemplate.LaunchTemplateId', {
          'Fn::ImportValue': 'Shared-TemplateId',
        }),
      ),
      expect: 'unverified',
      path: 'LaunchTemplate',
    },
  ],
};
