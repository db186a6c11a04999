import { Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ORG_CONTROL_METADATA_KEY, RELAXATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import {
  MAX_RCP_CHARACTERS,
  type RcpDocument,
  ResourceControlPolicies,
} from '../../../constructs/organization/resource-control-policies';
import { ServiceControlPolicies } from '../../../constructs/organization/service-control-policies';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { type ContextValue, evaluate, type Statement } from '../../helpers/iam-evaluator';

const ORG = 'o-abcdef1234';
const PHI_OU = 'ou-ab12-phi00001';
const BUCKET = 'arn:aws:s3:::patient-records/report.pdf';

/**
 * RCPs only filter, like SCPs: a request is "denied by RCP" when any Deny statement matches. The
 * adapter drops `Principal: *` (every RCP statement has it) and adds the RCPFullAWSAccess Allow.
 */
function rcpDecision(
  documents: readonly RcpDocument[],
  action: string,
  context: Record<string, ContextValue>,
) {
  const statements = documents.flatMap((d) =>
    d.Statement.map(({ Principal: _everyone, ...rest }) => rest),
  ) as unknown as Statement[];
  return evaluate([...statements, { Effect: 'Allow', Action: '*', Resource: '*' }], {
    action,
    resource: BUCKET,
    context: { 'aws:SecureTransport': 'true', ...context },
  });
}

const insider = { 'aws:PrincipalOrgID': ORG, 'aws:PrincipalAccount': '111122223333' };
const outsider = { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz', 'aws:PrincipalAccount': '999900001111' };

describe('ResourceControlPolicies', () => {
  const stack = newTestStack();
  const rcps = new ResourceControlPolicies(stack, 'Rcps', { organizationId: ORG, targetIds: [PHI_OU] });
  const template = Template.fromStack(stack);
  const documents = Object.values(rcps.documents);

  test('creates two RCPs attached to the targets, after enabling the RCP policy type on the root', () => {
    template.resourceCountIs('AWS::Organizations::Policy', 2);
    for (const name of ['hipaa-resource-perimeter', 'hipaa-resource-secure-transport']) {
      template.hasResource('AWS::Organizations::Policy', {
        Properties: { Name: name, Type: 'RESOURCE_CONTROL_POLICY', TargetIds: [PHI_OU] },
        DependsOn: Match.arrayWith([Match.stringLikeRegexp('RcpsPolicyType')]),
      });
    }
    const calls = Object.values(template.findResources('Custom::AWS')).map((r) =>
      JSON.stringify(r.Properties.Create),
    );
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/listRoots/);
    // The root id comes from ListRoots; an already enabled type is not an error.
    expect(calls[1]).toMatch(/enablePolicyType.*RESOURCE_CONTROL_POLICY/);
    expect(calls[1]).toMatch(/Roots\.0\.Id/);
    expect(calls[1]).toMatch(/PolicyTypeAlreadyEnabledException/);
  });

  test('may enable the policy type only on the root of this organization', () => {
    const [policy] = Object.values(
      template.findResources('AWS::IAM::ManagedPolicy', {
        Properties: {
          PolicyDocument: {
            Statement: [Match.objectLike({ Action: 'organizations:EnablePolicyType' })],
          },
        },
      }),
    );
    const resource = JSON.stringify(policy?.Properties.PolicyDocument.Statement[0].Resource);
    expect(resource).toContain(`:organizations::111122223333:root/${ORG}/`);
    expect(resource).toMatch(/Roots\.0\.Id/);
    expect(resource).not.toContain('*');
  });

  test('principals outside the organization are denied on all five services; insiders and AWS services are not', () => {
    for (const action of [
      's3:GetObject',
      'kms:Decrypt',
      'sts:AssumeRole',
      'sqs:SendMessage',
      'secretsmanager:GetSecretValue',
    ]) {
      expect(rcpDecision(documents, action, outsider)).toBe('ExplicitDeny');
      expect(rcpDecision(documents, action, insider)).toBe('Allow');
    }
    // Anonymous requests carry no organization: denied.
    expect(rcpDecision(documents, 's3:GetObject', {})).toBe('ExplicitDeny');
    // AWS Config delivering for a member account of the organization.
    const service = { 'aws:PrincipalIsAWSService': 'true', 'aws:SourceAccount': '111122223333' };
    expect(rcpDecision(documents, 's3:PutObject', { ...service, 'aws:SourceOrgID': ORG })).toBe('Allow');
    // The same service acting for an account of another organization (a confused deputy).
    expect(rcpDecision(documents, 's3:PutObject', { ...service, 'aws:SourceOrgID': 'o-zzzzzzzzzz' })).toBe(
      'ExplicitDeny',
    );
    // Federation (SAML) carries no organization and stays governed by the identity provider trust.
    expect(rcpDecision(documents, 'sts:AssumeRoleWithSAML', {})).toBe('Allow');
  });

  test('requests made without TLS are denied, even from inside the organization', () => {
    expect(rcpDecision(documents, 's3:GetObject', { ...insider, 'aws:SecureTransport': 'false' })).toBe(
      'ExplicitDeny',
    );
  });

  test('every document fits the 5,120-character limit and denies only', () => {
    for (const document of documents) {
      expect(JSON.stringify(document).length).toBeLessThanOrEqual(MAX_RCP_CHARACTERS);
      for (const statement of document.Statement) {
        expect(statement.Effect).toBe('Deny');
        expect(statement.Principal).toBe('*');
      }
    }
  });

  test('records the data perimeter as an organization-wide control', () => {
    const node = stack.node.findChild('Rcps');
    const control = node.node.metadata.find((m) => m.type === ORG_CONTROL_METADATA_KEY);
    expect(control?.data).toMatchObject({ control: 'Resource control policies (data perimeter)' });
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('ResourceControlPolicies with trusted external accounts', () => {
  const reason = 'The ELB log-delivery account of us-east-1 writes access logs to the log buckets';

  test('exempts them in both statements and records the relaxation', () => {
    const stack = newTestStack();
    const rcps = new ResourceControlPolicies(stack, 'Rcps', {
      organizationId: ORG,
      targetIds: ['r-ab12'],
      trustedExternalAccounts: { accountIds: ['127311923021'], reason },
    });
    const documents = Object.values(rcps.documents);
    const elb = { 'aws:PrincipalOrgID': 'o-elbelbelbe', 'aws:PrincipalAccount': '127311923021' };
    expect(rcpDecision(documents, 's3:PutObject', elb)).toBe('Allow');
    expect(rcpDecision(documents, 's3:PutObject', outsider)).toBe('ExplicitDeny');
    const relaxation = rcps.node.metadata.find((m) => m.type === RELAXATION_METADATA_KEY);
    expect(relaxation?.data).toMatchObject({ setting: 'trustedExternalAccounts', citation: '164.312(a)(1)' });
  });

  test('fails if the documents would exceed the RCP size limit', () => {
    const accountIds = Array.from({ length: 300 }, (_, i) => String(100000000000 + i));
    expect(
      () =>
        new ResourceControlPolicies(newTestStack(), 'Rcps', {
          organizationId: ORG,
          targetIds: ['r-ab12'],
          trustedExternalAccounts: { accountIds, reason },
        }),
    ).toThrow(
      new RegExp(
        `ResourcePerimeter: the RCP document is \\d+ characters; AWS Organizations allows ${MAX_RCP_CHARACTERS}`,
      ),
    );
  });

  test('fails if an external account id is malformed or the reason is boilerplate', () => {
    expect(
      () =>
        new ResourceControlPolicies(newTestStack(), 'Rcps', {
          organizationId: ORG,
          targetIds: ['r-ab12'],
          trustedExternalAccounts: { accountIds: ['elb'], reason: 'n/a' },
        }),
    ).toThrow(
      /'trustedExternalAccounts\.accountIds\[0\]' must be a non-empty list of 12-digit account ids.*\(164\.312\(a\)\(1\)\), got "elb"[\s\S]*'trustedExternalAccounts\.reason' must be a specific reason/,
    );
  });
});

describe('ResourceControlPolicies validation', () => {
  test('fails if the organization id is malformed or a token', () => {
    for (const organizationId of ['r-ab12', Token.asString({ Ref: 'OrgId' })]) {
      expect(
        () => new ResourceControlPolicies(newTestStack(), 'Rcps', { organizationId, targetIds: ['r-ab12'] }),
      ).toThrow(
        /TestStack\/Rcps: 'organizationId' must be an organization id \(o- and 10 to 32 .*\(164\.312\(a\)\(1\)\)/,
      );
    }
  });

  test('fails if there is no target, or a target is not a root or OU id', () => {
    expect(
      () => new ResourceControlPolicies(newTestStack(), 'Rcps', { organizationId: ORG, targetIds: [] }),
    ).toThrow(
      /'targetIds' must be a non-empty list of root ids \(r-…\) or OU ids \(ou-…-…\), not tokens \(164\.308\(a\)\(4\)\(i\)\), got \[\]/,
    );
    expect(
      () =>
        new ResourceControlPolicies(newTestStack(), 'Rcps', {
          organizationId: ORG,
          targetIds: ['111122223333'],
        }),
    ).toThrow(/'targetIds\[0\]' must be .*got "111122223333"/);
  });
});

describe('OrganizationResourcePerimeter on an organization template', () => {
  test('SCPs without RCPs are a finding; adding the RCPs clears it', () => {
    const scpsOnly = newTestStack();
    new ServiceControlPolicies(scpsOnly, 'Scps', { targetIds: ['r-ab12'], allowedRegions: ['us-east-1'] });
    expect(collectUnacknowledgedFindings(scpsOnly).map((f) => f.ruleName)).toEqual([
      'TemplateEvidence-OrganizationResourcePerimeter',
    ]);
    const both = newTestStack();
    new ServiceControlPolicies(both, 'Scps', { targetIds: ['r-ab12'], allowedRegions: ['us-east-1'] });
    new ResourceControlPolicies(both, 'Rcps', { organizationId: ORG, targetIds: ['r-ab12'] });
    expectNoUnacknowledgedFindings(both);
  });

  test('an RCP whose perimeter statement was narrowed by an override is a finding', () => {
    const stack = newTestStack();
    const rcps = new ResourceControlPolicies(stack, 'Rcps', { organizationId: ORG, targetIds: ['r-ab12'] });
    rcps.resourcePerimeter.addPropertyOverride('Content.Statement.0.Action', ['s3:*']);
    const findings = collectUnacknowledgedFindings(stack);
    expect(findings.map((f) => f.ruleName)).toContain('TemplateEvidence-OrganizationResourcePerimeter');
  });
});
