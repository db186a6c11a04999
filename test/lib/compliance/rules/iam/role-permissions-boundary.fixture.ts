import { BOUNDARY_CEILING_SID } from '../../../../../constructs/identity/private/boundary-statements';
import { IamRolePermissionsBoundary } from '../../../../../lib/compliance/rules/iam/role-permissions-boundary';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const boundaryByName = {
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':policy/Identity-Boundary'],
  ],
};
const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

const compliant = [
  stackTemplate('Identity', {
    Boundary: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: 'Identity-Boundary',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Sid: BOUNDARY_CEILING_SID, Effect: 'Allow', Action: '*', Resource: '*' },
            { Sid: 'DenyStopLogging', Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' },
          ],
        },
      },
    },
    Admin: {
      Type: 'AWS::IAM::Role',
      Properties: { AssumeRolePolicyDocument: trust, PermissionsBoundary: { Ref: 'Boundary' } },
    },
  }),
  stackTemplate('Workload', {
    ProviderRole: {
      Type: 'AWS::IAM::Role',
      Properties: { AssumeRolePolicyDocument: trust, PermissionsBoundary: boundaryByName },
    },
    Operator: { Type: 'AWS::IAM::User', Properties: { PermissionsBoundary: boundaryByName } },
  }),
];

export const fixture: RuleFixture = {
  rule: IamRolePermissionsBoundary,
  compliant,
  bad: [
    {
      name: 'the boundary deleted from a custom-resource role by a deletion override',
      templates: mutate(compliant, (r) => deleteProperty(r.ProviderRole, 'PermissionsBoundary')),
      path: 'PermissionsBoundary',
    },
    {
      name: 'a raw L1 user added without a boundary',
      templates: mutate(compliant, (r, t) => {
        (t[1]?.template.Resources as Record<string, unknown>).RawUser = {
          Type: 'AWS::IAM::User',
          Properties: {},
        };
        deleteProperty(r.Operator, 'PermissionsBoundary');
      }),
      path: 'PermissionsBoundary',
    },
    {
      name: 'the boundary comes from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        (t[1]?.template as { Parameters?: unknown }).Parameters = {
          BoundaryArn: { Type: 'String' },
        };
        setProperty(r.ProviderRole, 'PermissionsBoundary', { Ref: 'BoundaryArn' });
      }),
      expect: 'unverified',
    },
  ],
};
