import { VpcEndpointPolicyPerimeter } from '../../../../../lib/compliance/rules/vpc/endpoint-policy-perimeter';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const account = { Ref: 'AWS::AccountId' };
const perimeter = (extra: Record<string, unknown> = {}) => ({
  Sid: 'AllowPrincipalsOfThisAccountToItsResources',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: '*',
  Resource: '*',
  Condition: { StringEquals: { 'aws:PrincipalAccount': account, ...extra } },
});
const layerBucket = {
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':s3:::prod-', { Ref: 'AWS::Region' }, '-starport-layer-bucket/*'],
  ],
};

const compliant = [
  stackTemplate('Network', {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    S3: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        ServiceName: 'com.amazonaws.us-east-1.s3',
        VpcEndpointType: 'Gateway',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            perimeter({ 'aws:ResourceAccount': account }),
            {
              Sid: 'AllowReadsOfAwsOwnedBucketsWorkloadsNeed',
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: 's3:GetObject',
              Resource: [layerBucket, 'arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*'],
            },
          ],
        },
      },
    },
    Kms: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        ServiceName: 'com.amazonaws.us-east-1.kms',
        VpcEndpointType: 'Interface',
        PolicyDocument: {
          Statement: [
            {
              ...perimeter(),
              Condition: {
                StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij', 'aws:ResourceOrgID': 'o-abcdefghij' },
              },
            },
          ],
        },
      },
    },
    Partner: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        ServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
        VpcEndpointType: 'Interface',
      },
    },
  }),
];

const statements = (r: Record<string, Record<string, unknown>>, id: string) =>
  (r[id].Properties as { PolicyDocument: { Statement: Record<string, unknown>[] } }).PolicyDocument.Statement;

export const fixture: RuleFixture = {
  rule: VpcEndpointPolicyPerimeter,
  compliant,
  bad: [
    {
      name: 'the endpoint has no policy (the default allows every account)',
      templates: mutate(compliant, (r) => deleteProperty(r.Kms, 'PolicyDocument')),
      path: 'PolicyDocument',
    },
    {
      name: 'the principal condition removed',
      templates: mutate(compliant, (r) => {
        const first = statements(r, 'Kms')[0];
        if (first) delete first.Condition;
      }),
      path: 'PolicyDocument.Statement.0',
    },
    {
      name: 'the principal condition is StringLike on any account',
      templates: mutate(compliant, (r) => {
        const first = statements(r, 'Kms')[0];
        if (first) first.Condition = { StringLike: { 'aws:PrincipalAccount': '*' } };
      }),
    },
    {
      name: 'the AWS-owned statement names a bucket that is not AWS-owned',
      templates: mutate(compliant, (r) => {
        const owned = statements(r, 'S3')[1];
        if (owned) owned.Resource = 'arn:aws:s3:::my-personal-bucket/*';
      }),
      path: 'PolicyDocument.Statement.1',
    },
    {
      name: 'the AWS-owned statement allows every S3 action',
      templates: mutate(compliant, (r) => {
        const owned = statements(r, 'S3')[1];
        if (owned) owned.Action = 's3:*';
      }),
    },
    {
      name: 'the account in the condition comes from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        (t[0]?.template as { Parameters?: unknown }).Parameters = { Account: { Type: 'String' } };
        setProperty(r.S3, 'PolicyDocument.Statement', [
          perimeter({ 'aws:PrincipalAccount': { Ref: 'Account' } }),
        ]);
      }),
      expect: 'unverified',
    },
  ],
};
