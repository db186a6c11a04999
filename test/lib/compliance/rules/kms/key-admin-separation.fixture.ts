import { KmsKeyAdminSeparation } from '../../../../../lib/compliance/rules/kms/key-admin-separation';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const root = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:root']] } };

const ADMINISTRATION = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Put*',
  'kms:Disable*',
  'kms:ScheduleKeyDeletion',
];

const compliant = [
  stackTemplate('Keys', {
    Records: {
      Type: 'AWS::KMS::Key',
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'KeyAdministration',
              Effect: 'Allow',
              Principal: root,
              Action: [
                'kms:CreateAlias',
                'kms:Describe*',
                'kms:Put*',
                'kms:Disable*',
                'kms:ScheduleKeyDeletion',
              ],
              Resource: '*',
            },
            {
              Sid: 'KeyUseThroughIam',
              Effect: 'Allow',
              Principal: root,
              Action: [
                'kms:Encrypt',
                'kms:Decrypt',
                'kms:ReEncrypt*',
                'kms:GenerateDataKey*',
                'kms:DescribeKey',
              ],
              Resource: '*',
            },
            {
              Sid: 'DenyUseToKeyAdministrators',
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: ['kms:*'],
              Resource: '*',
              Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/KeyAdmin' } },
            },
            {
              Sid: 'AllowCloudTrailEncryptLogs',
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 'kms:GenerateDataKey*',
              Resource: '*',
            },
          ],
        },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    },
  }),
];

const statement = (i: number) => `KeyPolicy.Statement.${i}`;

export const fixture: RuleFixture = {
  rule: KmsKeyAdminSeparation,
  compliant,
  bad: [
    {
      name: "CDK's default key policy: kms:* to the account",
      templates: mutate(compliant, (r) =>
        setProperty(r.Records, 'KeyPolicy', {
          Statement: [{ Effect: 'Allow', Principal: root, Action: 'kms:*', Resource: '*' }],
        }),
      ),
      path: 'KeyPolicy.Statement[0].Action',
    },
    {
      name: 'kms:Create* (which includes CreateGrant) added to the administration statement',
      templates: mutate(compliant, (r) =>
        setProperty(r.Records, `${statement(0)}.Action`, [...ADMINISTRATION, 'kms:Create*']),
      ),
      path: 'KeyPolicy.Statement[0].Action',
    },
    {
      name: 'administration and decryption merged into one statement',
      templates: mutate(compliant, (r) =>
        setProperty(r.Records, `${statement(1)}.Action`, ['kms:Decrypt', 'kms:PutKeyPolicy']),
      ),
      path: 'KeyPolicy.Statement[1].Action',
    },
    {
      name: 'an Allow with NotAction',
      templates: mutate(compliant, (r) => {
        deleteProperty(r.Records, `${statement(1)}.Action`);
        setProperty(r.Records, `${statement(1)}.NotAction`, ['kms:ScheduleKeyDeletion']);
      }),
      path: 'NotAction',
    },
    {
      name: 'KeyPolicy removed, so KMS applies its default policy',
      templates: mutate(compliant, (r) => deleteProperty(r.Records, 'KeyPolicy')),
      path: 'KeyPolicy',
    },
    {
      name: 'KeyPolicy from a parameter the templates cannot resolve',
      templates: mutate(compliant, (r) =>
        setProperty(r.Records, 'KeyPolicy', { Ref: 'KeyPolicyParameter' }),
      ).map((t) =>
        stackTemplate(t.stackName, t.template.Resources ?? {}, {
          Parameters: { KeyPolicyParameter: { Type: 'String' } },
        }),
      ),
      expect: 'unverified',
      path: 'KeyPolicy',
    },
  ],
};
