import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { ScpDocument } from '../../../constructs/organization/service-control-policies';
import { MemberBaselineStack } from '../../../lib/organization/member-baseline-stack';
import { MemberIdentityStack } from '../../../lib/organization/member-identity-stack';
import { buildReferenceApp } from '../../../lib/reference-app';
import { projectFeatureFlags } from '../../helpers/app';
import { evaluate, flattenIntrinsics, type Statement } from '../../helpers/iam-evaluator';

/**
 * Replays every IAM action the baseline's own roles and runbooks use in an account of a PHI OU through
 * every SCP attached to that OU, and (as calls from inside the organization, over TLS) through every RCP:
 * neither may deny the baseline's own work (164.308(a)(1)(ii)(B)).
 */
const PHI_OU = 'ou-ab12-phi00001';
const HOME_REGION = 'us-east-1';
const ORGANIZATION = {
  organizationId: 'o-abcdef1234',
  homeRegion: HOME_REGION,
  regions: [HOME_REGION, 'us-west-2'],
  delegatedAdminAccountId: '111122223333',
  managementAccountId: '999988887777',
  memberOrganizationalUnitIds: ['ou-ab12-cdef3456', PHI_OU],
  phiOrganizationalUnitIds: [PHI_OU],
  backupAccountId: '555566667777',
};
const PAGE = ['security@example.org'];
const ALERTS = { critical: PAGE, high: PAGE, medium: PAGE, securityAlarms: PAGE, breakGlass: PAGE };
/** A role of the baseline in a member account: not a security-admin role. */
const BASELINE_ROLE = 'arn:aws:iam::444455556666:role/hipaa-baseline-role';

/**
 * What the SSM Agent and the CloudWatch agent call on every instance (AWS-managed instance policies, not
 * in the templates): Session Manager, Run Command and Patch Manager depend on them.
 */
const INSTANCE_AGENT_ACTIONS = [
  'ssm:UpdateInstanceInformation',
  'ssm:ListInstanceAssociations',
  'ssm:PutInventory',
  'ssm:PutComplianceItems',
  'ssm:GetDocument',
  'ssm:DescribeAssociation',
  'ssm:GetDeployablePatchSnapshotForInstance',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
  'ec2messages:AcknowledgeMessage',
  'ec2messages:GetMessages',
  'ec2messages:SendReply',
  'ec2messages:GetEndpoint',
  's3:GetObject',
  'cloudwatch:PutMetricData',
  'logs:PutLogEvents',
  'logs:CreateLogStream',
  'kms:Decrypt',
];

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** The actions of every Allow statement of every IAM policy in the template, and the runbooks' API calls. */
function actionsOf(stack: Stack): Set<string> {
  const resources = flattenIntrinsics(Template.fromStack(stack).toJSON().Resources ?? {}) as Resources;
  const actions = new Set<string>();
  const fromDocument = (document: unknown) => {
    for (const s of ((document as { Statement?: Statement[] })?.Statement ?? []) as Statement[]) {
      if (s.Effect !== 'Allow') continue;
      for (const a of [s.Action ?? []].flat()) if (a !== '*') actions.add(a);
    }
  };
  for (const { Type, Properties: p = {} } of Object.values(resources)) {
    if (Type === 'AWS::IAM::Policy' || Type === 'AWS::IAM::ManagedPolicy') fromDocument(p.PolicyDocument);
    if (Type === 'AWS::IAM::Role')
      for (const inline of (p.Policies as { PolicyDocument: unknown }[] | undefined) ?? [])
        fromDocument(inline.PolicyDocument);
    if (Type === 'AWS::SSM::Document') {
      const content = typeof p.Content === 'string' ? JSON.parse(p.Content) : p.Content;
      for (const step of (content?.mainSteps ?? []) as { action: string; inputs?: Record<string, string> }[])
        if (step.action === 'aws:executeAwsApi' && step.inputs?.Service && step.inputs.Api)
          actions.add(`${step.inputs.Service}:${step.inputs.Api}`);
    }
  }
  return actions;
}

function policiesAttachedTo(
  management: Stack,
  ou: string,
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY',
): ScpDocument[] {
  const policies = Object.values(
    Template.fromStack(management).findResources('AWS::Organizations::Policy', {
      Properties: { Type: type },
    }),
  );
  return policies
    .filter((p) => (p.Properties.TargetIds as string[]).includes(ou))
    .map((p) => p.Properties.Content as ScpDocument);
}

describe('SCPs and RCPs attached to a PHI OU never deny the baseline its own work', () => {
  const app = new App({
    context: {
      ...projectFeatureFlags(),
      hipaaBaseline: {
        environmentName: 'org',
        alerts: ALERTS,
        organization: ORGANIZATION,
      },
    },
  });
  const reference = buildReferenceApp(app, { complianceGate: false });
  const members = new App({ context: projectFeatureFlags() });
  const memberStacks = [
    new MemberBaselineStack(members, 'MemberBaseline'),
    new MemberIdentityStack(members, 'MemberIdentity'),
  ];
  const management = reference.organization?.management as Stack;
  const scps = policiesAttachedTo(management, PHI_OU, 'SERVICE_CONTROL_POLICY');
  // RCP statements all carry Principal "*": the evaluator judges the rest of each statement.
  const rcps = policiesAttachedTo(management, PHI_OU, 'RESOURCE_CONTROL_POLICY')
    .flatMap((d) => d.Statement)
    .map(({ Principal: _everyone, ...rest }) => rest) as unknown as Statement[];
  /** A call of the baseline's own roles: a principal of the organization, over TLS. */
  const ownCall = { 'aws:PrincipalOrgID': ORGANIZATION.organizationId, 'aws:SecureTransport': 'true' };
  const deniedByRcps = (actions: Iterable<string>, context: Record<string, string> = ownCall) =>
    [...actions].filter(
      (action) =>
        evaluate([...rcps, { Effect: 'Allow', Action: '*', Resource: '*' }], {
          action,
          resource: '*',
          context: { 'aws:PrincipalArn': BASELINE_ROLE, ...context },
        }) !== 'Allow',
    );
  const workloadStacks = [
    reference.dataProtection,
    reference.accountBaseline,
    reference.identity,
    reference.patching,
    reference.workload,
    reference.resilience,
  ];
  const denied = (actions: Iterable<string>) =>
    [...actions].filter(
      (action) =>
        evaluate(
          [
            ...(scps.flatMap((d) => d.Statement) as unknown as Statement[]),
            { Effect: 'Allow', Action: '*', Resource: '*' },
          ],
          {
            action,
            resource: '*',
            context: { 'aws:PrincipalArn': BASELINE_ROLE, 'aws:RequestedRegion': HOME_REGION },
          },
        ) !== 'Allow',
    );

  test('the PHI OU carries the four baseline SCPs, the eligible-services one included', () => {
    expect(scps).toHaveLength(4);
    expect(scps.map((d) => d.Statement[0]?.Sid)).toContain('DenyNonEligibleServices');
  });

  test.each([...memberStacks, ...workloadStacks].map((s) => [s.stackName, s] as const))(
    'every action the roles and runbooks of %s use is allowed',
    (_name, stack) => {
      const actions = actionsOf(stack);
      expect(actions.size).toBeGreaterThan(0);
      expect(denied(actions)).toEqual([]);
    },
  );

  test('the SSM Agent and CloudWatch agent on every instance keep working', () => {
    expect(denied(INSTANCE_AGENT_ACTIONS)).toEqual([]);
  });

  test.each([...memberStacks, ...workloadStacks].map((s) => [s.stackName, s] as const))(
    'no RCP denies the roles and runbooks of %s, which call from inside the organization over TLS',
    (_name, stack) => {
      expect(deniedByRcps(actionsOf(stack))).toEqual([]);
    },
  );

  test('the RCP replay can fail: the same calls from outside the organization are denied', () => {
    expect(rcps.length).toBeGreaterThan(0);
    const outside = { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz', 'aws:SecureTransport': 'true' };
    expect(deniedByRcps(['kms:Decrypt', 's3:GetObject', 'ssm:GetParameter'], outside)).toEqual([
      'kms:Decrypt',
      's3:GetObject',
    ]);
  });

  test('the replay can fail: a non-eligible service and security-service tampering are denied', () => {
    expect(denied(['gamelift:CreateFleet', 'cloudtrail:StopLogging', 'ssm:GetParameter'])).toEqual([
      'gamelift:CreateFleet',
      'cloudtrail:StopLogging',
    ]);
  });
});
