import { OrganizationResourcePerimeter } from '../../../../../lib/compliance/rules/organizations/resource-perimeter';
import type { Json } from '../../../../../lib/compliance/template/cfn-template';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const ORG = 'o-abcdef1234';
const PHI_OU = 'ou-ab12-phi00001';

const perimeter = (
  condition: Json,
  action: Json = ['s3:*', 'sqs:*', 'kms:*', 'secretsmanager:*', 'sts:AssumeRole'],
) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'EnforceOrgIdentities',
      Effect: 'Deny',
      Principal: '*',
      Action: action,
      Resource: '*',
      Condition: condition,
    },
  ],
});
const outsideOrg = {
  StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG },
  BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
};

const compliant = [
  stackTemplate('OrganizationManagement', {
    DenyLeave: {
      Type: 'AWS::Organizations::Policy',
      Properties: {
        Name: 'hipaa-deny-leave-organization',
        Type: 'SERVICE_CONTROL_POLICY',
        TargetIds: [PHI_OU],
        Content: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
        },
      },
    },
    Perimeter: {
      Type: 'AWS::Organizations::Policy',
      Properties: {
        Name: 'hipaa-resource-perimeter',
        Type: 'RESOURCE_CONTROL_POLICY',
        TargetIds: [PHI_OU],
        Content: perimeter(outsideOrg),
      },
    },
    SecureTransport: {
      Type: 'AWS::Organizations::Policy',
      Properties: {
        Name: 'hipaa-resource-secure-transport',
        Type: 'RESOURCE_CONTROL_POLICY',
        TargetIds: [PHI_OU],
        // CloudFormation also accepts the document as a JSON string.
        Content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: ['s3:*', 'sqs:*', 'kms:*', 'secretsmanager:*', 'sts:*'],
              Resource: '*',
              Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
            },
          ],
        }),
      },
    },
  }),
  // A template with no organization policy at all is not judged.
  stackTemplate('Workload', {
    Tags: {
      Type: 'AWS::Organizations::Policy',
      Properties: { Type: 'TAG_POLICY', TargetIds: [PHI_OU], Content: {} },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: OrganizationResourcePerimeter,
  compliant,
  bad: [
    {
      name: 'an organization template with SCPs but no RCPs',
      templates: mutate(compliant, (_r, templates) => {
        const resources = templates[0]?.template.Resources as Record<string, unknown>;
        delete resources.Perimeter;
        delete resources.SecureTransport;
      }),
      path: 'Properties',
    },
    {
      name: 'the perimeter RCP is attached to nothing',
      templates: mutate(compliant, (r) => setProperty(r.Perimeter, 'TargetIds', [])),
      path: 'TargetIds',
    },
    {
      name: 'the perimeter leaves KMS keys out',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.Perimeter,
          'Content',
          perimeter(outsideOrg, ['s3:*', 'sqs:*', 'secretsmanager:*', 'sts:*']),
        ),
      ),
      path: 'Properties',
    },
    {
      name: 'the perimeter is narrowed to resources without an opt-out tag',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.Perimeter,
          'Content',
          perimeter({
            StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG, 'aws:ResourceTag/open': 'true' },
          }),
        ),
      ),
      path: 'Properties',
    },
    {
      name: 'the perimeter allows everyone (StringEquals instead of StringNotEquals)',
      templates: mutate(compliant, (r) =>
        setProperty(r.Perimeter, 'Content', perimeter({ StringEquals: { 'aws:PrincipalOrgID': ORG } })),
      ),
      path: 'Properties',
    },
    {
      name: 'the organization id comes from a parameter without a default',
      templates: mutate(compliant, (r, templates) => {
        (templates[0] as { template: { Parameters?: unknown } }).template.Parameters = {
          OrgId: { Type: 'String' },
        };
        setProperty(
          r.Perimeter,
          'Content',
          perimeter({ StringNotEqualsIfExists: { 'aws:PrincipalOrgID': { Ref: 'OrgId' } } }),
        );
      }),
      expect: 'unverified',
    },
  ],
};
