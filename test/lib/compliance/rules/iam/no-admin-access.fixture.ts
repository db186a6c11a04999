import { IamNoAdminAccess } from '../../../../../lib/compliance/rules/iam/no-admin-access';
import type { Json } from '../../../../../lib/compliance/template/cfn-template';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const document = (...Statement: Json[]): Json => ({ Version: '2012-10-17', Statement });
const awsManaged = (name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]],
});
const trust = document({
  Effect: 'Allow',
  Principal: { Service: 'lambda.amazonaws.com' },
  Action: 'sts:AssumeRole',
});

const compliant = [
  stackTemplate('Workload', {
    ReadDocuments: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        PolicyDocument: document(
          { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::docs/*' },
          // Deny statements on "*" restrict; they are never administrator access.
          {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ),
        Roles: [{ Ref: 'Reader' }],
      },
    },
    Reader: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: trust,
        ManagedPolicyArns: [
          awsManaged('ReadOnlyAccess'),
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
          { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
          { Ref: 'ReadDocuments' },
        ],
        Policies: [
          {
            PolicyName: 'Logs',
            PolicyDocument: document({ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }),
          },
        ],
      },
    },
    Operators: { Type: 'AWS::IAM::Group', Properties: { ManagedPolicyArns: [awsManaged('ReadOnlyAccess')] } },
  }),
];

export const fixture: RuleFixture = {
  rule: IamNoAdminAccess,
  compliant,
  bad: [
    {
      name: 'AdministratorAccess attached to a role (partition-agnostic ARN)',
      templates: mutate(compliant, (r) =>
        setProperty(r.Reader, 'ManagedPolicyArns', [awsManaged('AdministratorAccess')]),
      ),
      path: 'ManagedPolicyArns[0]',
    },
    {
      name: 'a managed policy allows "*" on "*"',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.ReadDocuments,
          'PolicyDocument',
          document({ Effect: 'Allow', Action: '*', Resource: ['*'] }),
        ),
      ),
      path: 'PolicyDocument.Statement[0]',
    },
    {
      name: 'an inline role policy allows iam:* on every resource',
      templates: mutate(compliant, (r) =>
        setProperty(r.Reader, 'Policies', [
          {
            PolicyName: 'Escalate',
            PolicyDocument: document({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }),
          },
        ]),
      ),
      path: 'Policies[0].PolicyDocument.Statement[0]',
    },
    {
      name: 'a group attaches a policy imported from outside the assembly',
      templates: mutate(compliant, (r) =>
        setProperty(r.Operators, 'ManagedPolicyArns', [{ 'Fn::ImportValue': 'Shared-PolicyArn' }]),
      ),
      expect: 'unverified',
      path: 'ManagedPolicyArns[0]',
    },
  ],
};
