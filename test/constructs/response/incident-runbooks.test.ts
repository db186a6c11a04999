import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IncidentRunbooks } from '../../../constructs/response/incident-runbooks';
import { newTestStack } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { evaluate, flattenIntrinsics, type Statement } from '../../helpers/iam-evaluator';

const ACCOUNT = '111122223333';

describe('IncidentRunbooks with a quarantine group', () => {
  const stack = newTestStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    restrictDefaultSecurityGroup: false,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const quarantine = new ec2.SecurityGroup(stack, 'Quarantine', { vpc, allowAllOutbound: false });
  const runbooks = new IncidentRunbooks(stack, 'Runbooks', { quarantineSecurityGroup: quarantine });
  const template = Template.fromStack(stack);
  const statements = (id: string): Statement[] => {
    const policies = template.findResources('AWS::IAM::ManagedPolicy');
    const key = Object.keys(policies).find((k) => k.startsWith(`Runbooks${id}Policy`));
    return flattenIntrinsics(policies[key ?? ''].Properties.PolicyDocument.Statement, {
      account: ACCOUNT,
      region: 'us-east-1',
    }) as Statement[];
  };

  test('three Automation documents (schema 0.3) that run as their own role', () => {
    template.resourceCountIs('AWS::SSM::Document', 3);
    for (const id of ['IsolateInstance', 'CollectForensicSnapshot', 'RevokeRoleSessions']) {
      template.hasResourceProperties('AWS::SSM::Document', {
        DocumentType: 'Automation',
        Content: Match.objectLike({
          schemaVersion: '0.3',
          assumeRole: '{{ AutomationAssumeRole }}',
          parameters: Match.objectLike({
            AutomationAssumeRole: Match.objectLike({
              default: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^Runbooks${id}Role`), 'Arn'] },
            }),
          }),
          mainSteps: [Match.objectLike({ name: id, action: 'aws:executeScript' })],
        }),
      });
    }
  });

  test('isolation defaults to the quarantine group; revocation adds the AWSRevokeOlderSessions deny', () => {
    template.hasResourceProperties('AWS::SSM::Document', {
      Content: Match.objectLike({
        parameters: Match.objectLike({
          QuarantineSecurityGroupId: Match.objectLike({
            default: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Quarantine'), 'GroupId'] },
          }),
        }),
      }),
    });
    const revoke = template.findResources('AWS::SSM::Document', {
      Properties: { Content: { mainSteps: [{ name: 'RevokeRoleSessions' }] } },
    });
    const script = Object.values(revoke)[0].Properties.Content.mainSteps[0].inputs.Script as string;
    expect(script).toContain("PolicyName='AWSRevokeOlderSessions'");
    expect(script).toContain("'DateLessThan': {'aws:TokenIssueTime': issued_before}");
  });

  test('automation roles trust only Systems Manager automations of this account', () => {
    template.allResourcesProperties('AWS::IAM::Role', {
      Policies: Match.absent(),
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: Match.stringLikeRegexp('^(ssm|events)\\.amazonaws\\.com$') },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': ACCOUNT } }),
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: Match.objectLike({
              ArnLike: { 'aws:SourceArn': `arn:aws:ssm:*:${ACCOUNT}:automation-execution/*` },
            }),
          }),
        ],
      },
    });
  });

  test('each automation role can do what its runbook does and nothing else', () => {
    const isolate = statements('IsolateInstance');
    const eni = `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/eni-1`;
    expect(evaluate(isolate, { action: 'ec2:ModifyNetworkInterfaceAttribute', resource: eni })).toBe('Allow');
    expect(evaluate(isolate, { action: 'ec2:TerminateInstances', resource: '*' })).toBe('ImplicitDeny');
    const snapshot = statements('CollectForensicSnapshot');
    expect(
      evaluate(snapshot, {
        action: 'ec2:CreateSnapshot',
        resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/v`,
      }),
    ).toBe('Allow');
    expect(evaluate(snapshot, { action: 'ec2:ModifyNetworkInterfaceAttribute', resource: eni })).toBe(
      'ImplicitDeny',
    );
    const revoke = statements('RevokeRoleSessions');
    expect(
      evaluate(revoke, { action: 'iam:PutRolePolicy', resource: `arn:aws:iam::${ACCOUNT}:role/app` }),
    ).toBe('Allow');
    expect(
      evaluate(revoke, { action: 'iam:AttachRolePolicy', resource: `arn:aws:iam::${ACCOUNT}:role/app` }),
    ).toBe('ImplicitDeny');
    for (const s of [...isolate, ...snapshot, ...revoke]) expect([s.Action].flat().join()).not.toMatch(/\*/);
  });

  test('Security Hub custom actions start the runbooks directly, through a role limited to them', () => {
    template.resourceCountIs('AWS::SecurityHub::ActionTarget', 3);
    template.hasResourceProperties('AWS::SecurityHub::ActionTarget', {
      Id: 'HipaaIsolate',
      Name: 'Isolate instance',
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.securityhub'],
        'detail-type': ['Security Hub Findings - Custom Action'],
        resources: [
          { 'Fn::GetAtt': [Match.stringLikeRegexp('^RunbooksRevokeRoleSessionsAction'), 'ActionTargetArn'] },
        ],
      },
      Targets: [
        Match.objectLike({
          Arn: {
            'Fn::Join': [
              '',
              Match.arrayWith([
                Match.stringLikeRegexp(':automation-definition/$'),
                { Ref: Match.stringLikeRegexp('^RunbooksRevokeRoleSessions') },
              ]),
            ],
          },
          RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RunbooksCustomActionStarterRole'), 'Arn'] },
          InputTransformer: {
            InputPathsMap: { 'detail-findings-0--Resources-0--Id': '$.detail.findings[0].Resources[0].Id' },
            InputTemplate: '{"RoleName":[<detail-findings-0--Resources-0--Id>]}',
          },
        }),
      ],
    });
    const starter = flattenIntrinsics(
      Object.values(template.findResources('AWS::IAM::ManagedPolicy')).find((p) =>
        JSON.stringify(p).includes('ssm:StartAutomationExecution'),
      )?.Properties.PolicyDocument.Statement,
      { account: ACCOUNT, region: 'us-east-1' },
    ) as Statement[];
    const passRole = starter.find((s) => s.Action === 'iam:PassRole');
    expect(passRole?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } });
    expect([passRole?.Resource].flat()).toHaveLength(3);
  });

  test('no unacknowledged finding from the rule packs', () => {
    expectNoUnacknowledgedFindings(runbooks);
  });
});

describe('IncidentRunbooks without a quarantine group or custom actions', () => {
  test('omits the isolation custom action when no quarantine group is known', () => {
    const stack = newTestStack();
    const runbooks = new IncidentRunbooks(stack, 'Runbooks');
    expect(Object.keys(runbooks.customActions).sort()).toEqual([
      'CollectForensicSnapshot',
      'RevokeRoleSessions',
    ]);
    Template.fromStack(stack).hasResourceProperties('AWS::SSM::Document', {
      Content: Match.objectLike({
        parameters: Match.objectLike({
          QuarantineSecurityGroupId: Match.objectLike({ default: Match.absent() }),
        }),
      }),
    });
  });

  test('creates no custom action, rule or starter role when turned off', () => {
    const stack = newTestStack();
    new IncidentRunbooks(stack, 'Runbooks', { securityHubCustomActions: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SecurityHub::ActionTarget', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
    template.resourceCountIs('AWS::IAM::Role', 3);
  });
});
