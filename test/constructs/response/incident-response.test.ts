import type { CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  type ContainmentOptions,
  INCIDENT_SEVERITY_TAG,
  IncidentResponse,
} from '../../../constructs/response/incident-response';
import { IAM_POLICY_CHANGE_EVENTS } from '../../../constructs/response/private/alert-rules';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { evaluate, flattenIntrinsics, type Statement } from '../../helpers/iam-evaluator';
import { unreplicated } from '../../helpers/phi-bucket-props';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';

/** The rule whose logical id starts with `prefix`. */
function rule(template: Template, prefix: string): Record<string, unknown> {
  const rules = template.findResources('AWS::Events::Rule');
  const id = Object.keys(rules).find((k) => k.startsWith(prefix));
  if (!id) throw new Error(`no rule ${prefix}`);
  return rules[id].Properties as Record<string, unknown>;
}

describe('IncidentResponse at its defaults', () => {
  const stack = newTestStack();
  const incidents = new IncidentResponse(stack, 'Incidents', {
    subscribers: {
      critical: [{ email: 'security@example.com' }],
      high: [{ https: 'https://relay.example.com/sns' }],
      medium: [{ chatWebhook: 'https://chatbot.example.com/hook' }],
    },
  });
  const template = Template.fromStack(stack);

  test('three topics, each encrypted with the alerts key, tagged with its severity, TLS only', () => {
    template.resourceCountIs('AWS::SNS::Topic', 3);
    for (const severity of ['critical', 'high', 'medium']) {
      template.hasResourceProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IncidentsAlertsKey'), 'Arn'] },
        Tags: [{ Key: INCIDENT_SEVERITY_TAG, Value: severity }],
      });
    }
    template.allResourcesProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/phi/TestStack/alerts-incidents' });
  });

  test('the key lets EventBridge and CloudWatch of this account encrypt messages, nothing more', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowEventBridgeAndCloudWatchToPublishToIncidentTopics',
            Effect: 'Allow',
            Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
          },
        ]),
      },
    });
  });

  test('subscribes email, HTTPS and the chat webhook (as plain HTTPS)', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'security@example.com',
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'https',
      Endpoint: 'https://relay.example.com/sns',
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'https',
      Endpoint: 'https://chatbot.example.com/hook',
      TopicArn: { Ref: Match.stringLikeRegexp('^IncidentsMediumTopic') },
    });
  });

  test('routes GuardDuty findings by AWS severity band, Low not at all', () => {
    const bands = {
      IncidentsGuardDutyCritical: [['>=', 9], 'CriticalTopic'],
      IncidentsGuardDutyHigh: [['>=', 7, '<', 9], 'HighTopic'],
      IncidentsGuardDutyMedium: [['>=', 4, '<', 7], 'MediumTopic'],
    } as const;
    for (const [prefix, [numeric, topic]] of Object.entries(bands)) {
      const props = rule(template, prefix);
      expect(props.EventPattern).toEqual({
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        detail: { severity: [{ numeric }] },
      });
      expect(props.Targets).toEqual([
        expect.objectContaining({ Arn: { Ref: expect.stringMatching(new RegExp(`^Incidents${topic}`)) } }),
      ]);
    }
  });

  test('alerts read as text with a console link to the finding', () => {
    const [target] = rule(template, 'IncidentsGuardDutyHigh').Targets as {
      InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
    }[];
    expect(target.InputTransformer.InputPathsMap).toMatchObject({
      'detail-id': '$.detail.id',
      region: '$.region',
    });
    expect(target.InputTransformer.InputTemplate).toContain(
      'https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?macros=current&fId=<detail-id>',
    );
    const [hub] = rule(template, 'IncidentsSecurityHubCritical').Targets as {
      InputTransformer: { InputTemplate: string };
    }[];
    expect(hub.InputTransformer.InputTemplate).toMatch(
      /securityhub\/home\?region=<region>#\/findings\?search=Id/,
    );
  });

  test('failed Security Hub controls: new, active, CRITICAL to critical and HIGH to high', () => {
    expect(rule(template, 'IncidentsSecurityHubCritical').EventPattern).toEqual({
      source: ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
      detail: {
        findings: {
          Severity: { Label: ['CRITICAL'] },
          Workflow: { Status: ['NEW'] },
          RecordState: ['ACTIVE'],
          Compliance: { Status: ['FAILED'] },
        },
      },
    });
    expect(rule(template, 'IncidentsSecurityHubHigh').EventPattern).toMatchObject({
      detail: { findings: { Severity: { Label: ['HIGH'] } } },
    });
  });

  test('root activity (read-only calls included), console sign-in without MFA, trail, key and IAM changes', () => {
    const root = rule(template, 'IncidentsRootUserActivity');
    expect(root.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(root.EventPattern).toMatchObject({ detail: { userIdentity: { type: ['Root'] } } });
    expect(rule(template, 'IncidentsConsoleSignInWithoutMfa').EventPattern).toEqual({
      source: ['aws.signin'],
      'detail-type': ['AWS Console Sign In via CloudTrail'],
      detail: {
        eventName: ['ConsoleLogin'],
        userIdentity: { type: ['IAMUser', 'Root'] },
        additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] },
        responseElements: { ConsoleLogin: ['Success'] },
      },
    });
    expect(rule(template, 'IncidentsAuditTrailTampering').EventPattern).toMatchObject({
      detail: { eventName: ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'] },
    });
    expect(rule(template, 'IncidentsKeyDisabledOrScheduledForDeletion').EventPattern).toMatchObject({
      source: ['aws.kms'],
      detail: { eventName: ['DisableKey', 'ScheduleKeyDeletion'] },
    });
    expect(rule(template, 'IncidentsIamPolicyChange').EventPattern).toMatchObject({
      source: ['aws.iam'],
      detail: { eventName: [...IAM_POLICY_CHANGE_EVENTS] },
    });
    expect(IAM_POLICY_CHANGE_EVENTS).toEqual(expect.arrayContaining(['AttachRolePolicy', 'PutUserPolicy']));
  });

  test('conformance-pack rules turning NON_COMPLIANT are a medium alert', () => {
    const config = rule(template, 'IncidentsConformancePackNonCompliance');
    expect(config.EventPattern).toEqual({
      source: ['aws.config'],
      'detail-type': ['Config Rules Compliance Change'],
      detail: {
        messageType: ['ComplianceChangeNotification'],
        configRuleName: [{ wildcard: '*-conformance-pack-*' }],
        newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
      },
    });
    expect(config.Targets).toEqual([
      expect.objectContaining({ Arn: { Ref: expect.stringMatching(/^IncidentsMediumTopic/) } }),
    ]);
  });

  test('no containment function, no quarantine group at its defaults', () => {
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    expect(incidents.containmentFunctions).toEqual({});
    expect(incidents.topic('critical')).toBe(incidents.topics.critical);
  });

  test('no finding from the rule packs', () => {
    expectNoUnacknowledgedFindings(incidents);
  });
});

describe('IncidentResponse with every containment action on', () => {
  const stack = newTestStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    restrictDefaultSecurityGroup: false,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const evidence = new PhiBucket(stack, 'Evidence', unreplicated());
  const incidents = new IncidentResponse(stack, 'Incidents', {
    containment: {
      isolateInstance: { dryRun: true, vpc },
      deactivateAccessKey: { dryRun: false },
      blockBucketPublicAccess: { dryRun: true },
    },
    evidence: { bucket: evidence.bucket },
  });
  const template = Template.fromStack(stack);
  const resolve = <T>(value: T) =>
    flattenIntrinsics(stack.resolve(value), { account: ACCOUNT, region: REGION });
  const statementsOf = (name: string): Statement[] =>
    resolve(incidents.containmentFunctions[name].policy.document.toJSON().Statement) as Statement[];

  test('three hardened Node.js 22 functions: CMK environment, DLQ, reserved concurrency, X-Ray, audit log', () => {
    template.resourceCountIs('AWS::Lambda::Function', 3);
    template.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: lambda.Runtime.NODEJS_22_X.name,
      Handler: 'index.handler',
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IncidentsContainmentKey'), 'Arn'] },
      TracingConfig: { Mode: 'Active' },
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
      ReservedConcurrentExecutions: 5,
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^IncidentsContainmentAuditLog') } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 2192,
      KmsKeyId: Match.anyValue(),
    });
    template.allResourcesProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IncidentsContainmentKey'), 'Arn'] },
      MessageRetentionPeriod: 1209600,
    });
  });

  test('each function carries its explicit dry-run flag and the evidence bucket', () => {
    const withFlag = (dryRun: string, description: string) => ({
      Description: Match.stringLikeRegexp(description),
      Environment: {
        Variables: Match.objectLike({
          CONTAINMENT_DRY_RUN: dryRun,
          EVIDENCE_BUCKET: { Ref: Match.stringLikeRegexp('^EvidenceBucket') },
          EVIDENCE_PREFIX: 'containment/',
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', withFlag('true', '^Isolates.*\\[dry run\\]$'));
    template.hasResourceProperties('AWS::Lambda::Function', withFlag('false', '^Deactivates.*finding$'));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          QUARANTINE_SECURITY_GROUP_ID: {
            'Fn::GetAtt': [Match.stringLikeRegexp('^IncidentsContainmentQuarantine'), 'GroupId'],
          },
          QUARANTINE_VPC_ID: { Ref: Match.stringLikeRegexp('^Vpc') },
        }),
      },
    });
  });

  test('roles hold only their customer-managed policy: no inline or AWS-managed policy', () => {
    for (const name of ['isolateInstance', 'deactivateAccessKey', 'blockBucketPublicAccess']) {
      const fn = incidents.containmentFunctions[name];
      const roleId = stack.getLogicalId(fn.role.node.defaultChild as CfnElement);
      const policyId = stack.getLogicalId(fn.policy.node.defaultChild as CfnElement);
      expect(template.toJSON().Resources[policyId].Properties.Roles).toEqual([{ Ref: roleId }]);
    }
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.allResourcesProperties('AWS::IAM::Role', {
      Policies: Match.absent(),
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('no policy of the construct allows a wildcard action', () => {
    const policies = template.findResources('AWS::IAM::ManagedPolicy');
    const actions = Object.values(policies).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).flatMap((s) => [s.Action ?? []].flat()),
    );
    expect(actions.length).toBeGreaterThan(10);
    for (const action of actions) expect(action).not.toMatch(/\*/);
  });

  test('isolation may swap groups, snapshot and tag, and nothing destructive or on data', () => {
    const statements = statementsOf('isolateInstance');
    const instance = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0abc`;
    const allow = (action: string, resource: string) => evaluate(statements, { action, resource });
    expect(allow('ec2:ModifyInstanceAttribute', instance)).toBe('Allow');
    expect(allow('ec2:CreateSnapshot', `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-1`)).toBe('Allow');
    expect(allow('ec2:CreateTags', instance)).toBe('Allow');
    expect(allow('ec2:CreateTags', `arn:aws:ec2:${REGION}::snapshot/snap-1`)).toBe('ImplicitDeny');
    expect(
      evaluate(statements, {
        action: 'ec2:CreateTags',
        resource: `arn:aws:ec2:${REGION}::snapshot/snap-1`,
        context: { 'ec2:CreateAction': 'CreateSnapshot' },
      }),
    ).toBe('Allow');
    for (const action of [
      'ec2:TerminateInstances',
      'ec2:DeleteSnapshot',
      'ec2:AuthorizeSecurityGroupIngress',
      's3:GetObject',
    ]) {
      expect([action, allow(action, '*')]).toEqual([action, 'ImplicitDeny']);
    }
  });

  test('key deactivation only lists and updates user keys; bucket blocking only reads and sets Block Public Access', () => {
    const keys = statementsOf('deactivateAccessKey');
    const user = `arn:aws:iam::${ACCOUNT}:user/alice`;
    expect(evaluate(keys, { action: 'iam:UpdateAccessKey', resource: user })).toBe('Allow');
    expect(evaluate(keys, { action: 'iam:DeleteAccessKey', resource: user })).toBe('ImplicitDeny');
    expect(
      evaluate(keys, { action: 'iam:UpdateAccessKey', resource: `arn:aws:iam::${ACCOUNT}:role/r` }),
    ).toBe('ImplicitDeny');
    const buckets = statementsOf('blockBucketPublicAccess');
    expect(evaluate(buckets, { action: 's3:PutBucketPublicAccessBlock', resource: 'arn:aws:s3:::b' })).toBe(
      'Allow',
    );
    expect(evaluate(buckets, { action: 's3:PutBucketPolicy', resource: 'arn:aws:s3:::b' })).toBe(
      'ImplicitDeny',
    );
    expect(evaluate(buckets, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' })).toBe('ImplicitDeny');
  });

  test('evidence goes only under containment/ in the evidence bucket', () => {
    const statements = statementsOf('blockBucketPublicAccess');
    const bucketArn = resolve(evidence.bucket.bucketArn) as string;
    expect(
      evaluate(statements, { action: 's3:PutObject', resource: `${bucketArn}/containment/x.json` }),
    ).toBe('Allow');
    expect(evaluate(statements, { action: 's3:PutObject', resource: `${bucketArn}/records/x.json` })).toBe(
      'ImplicitDeny',
    );
  });

  test('the quarantine group has no ingress and only the placeholder that blocks all egress', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Quarantine'),
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [
        {
          CidrIp: '255.255.255.255/32',
          Description: 'Disallow all traffic',
          FromPort: 252,
          IpProtocol: 'icmp',
          ToPort: 86,
        },
      ],
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('each action is triggered by its GuardDuty finding types', () => {
    expect(rule(template, 'IncidentsContainmentIsolateInstanceTrigger').EventPattern).toEqual({
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Finding'],
      detail: {
        type: [
          { prefix: 'Backdoor:EC2/' },
          { prefix: 'CryptoCurrency:EC2/' },
          { prefix: 'Trojan:EC2/' },
          { prefix: 'UnauthorizedAccess:EC2/' },
        ],
        severity: [{ numeric: ['>=', 7] }],
      },
    });
    expect(rule(template, 'IncidentsContainmentDeactivateAccessKeyTrigger').EventPattern).toMatchObject({
      detail: { type: [{ prefix: 'UnauthorizedAccess:IAMUser/' }, { prefix: 'CredentialAccess:IAMUser/' }] },
    });
    expect(rule(template, 'IncidentsContainmentBlockBucketPublicAccessTrigger').EventPattern).toMatchObject({
      detail: { type: expect.arrayContaining(['Policy:S3/BucketBlockPublicAccessDisabled']) },
    });
    template.resourceCountIs('AWS::Lambda::Permission', 3);
  });

  test('warns that critical incidents reach nobody without a subscriber', () => {
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Incidents',
      Match.stringLikeRegexp('No subscriber for critical incidents'),
    );
  });

  test('no unacknowledged finding from the rule packs', () => {
    expectNoUnacknowledgedFindings(incidents);
  });
});

describe('IncidentResponse compliance fixtures', () => {
  test('the findings helper does fail for an unencrypted topic and an unhardened function', () => {
    const stack = newTestStack();
    new sns.Topic(stack, 'PlainTopic');
    new lambda.Function(stack, 'PlainFunction', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    const rules = collectUnacknowledgedFindings(stack).map((f) => f.ruleName);
    expect(rules).toEqual(
      expect.arrayContaining([
        'HIPAA.Security-SNSEncryptedKMS',
        'AwsSolutions-SNS3',
        'HIPAA.Security-LambdaDLQ',
        'HIPAA.Security-LambdaConcurrency',
      ]),
    );
  });
});

describe('IncidentResponse rejects', () => {
  const make = (props: ConstructorParameters<typeof IncidentResponse>[2]) => () =>
    new IncidentResponse(newTestStack(), 'Incidents', props);

  test('rejects containment without an explicit dryRun', () => {
    expect(make({ containment: { deactivateAccessKey: {} as ContainmentOptions } })).toThrow(
      /TestStack\/Incidents: 'containment\.deactivateAccessKey\.dryRun' must be an explicit true \(log what would be done, change nothing\) or false \(act\) \(164\.308\(a\)\(6\)\(ii\)\), got undefined/,
    );
  });

  test('rejects a dryRun that is not a boolean', () => {
    const options = { dryRun: 'yes' } as unknown as ContainmentOptions;
    expect(make({ containment: { blockBucketPublicAccess: options } })).toThrow(
      /'containment\.blockBucketPublicAccess\.dryRun' must be an explicit true .*\(164\.308\(a\)\(6\)\(ii\)\), got "yes"/,
    );
  });

  test('rejects isolation without a VPC for the quarantine group', () => {
    const options = { dryRun: true } as unknown as { dryRun: boolean; vpc: ec2.IVpc };
    expect(make({ containment: { isolateInstance: options } })).toThrow(
      /TestStack\/Incidents: 'containment\.isolateInstance\.vpc' must be the VPC of the instances to isolate .*\(164\.308\(a\)\(6\)\(ii\)\), got undefined/,
    );
  });

  test('rejects an unknown containment action', () => {
    const containment = { quarantineEverything: { dryRun: false } } as never;
    expect(make({ containment })).toThrow(
      /'containment\.quarantineEverything' must be one of isolateInstance, deactivateAccessKey, blockBucketPublicAccess \(164\.308\(a\)\(6\)\(ii\)\), got "quarantineEverything"/,
    );
  });

  test('rejects an invalid email subscriber', () => {
    expect(make({ subscribers: { critical: [{ email: 'not-an-address' }] } })).toThrow(
      /TestStack\/Incidents: 'subscribers\.critical\[0\]\.email' must be an email address \(164\.308\(a\)\(6\)\(ii\)\), got "not-an-address"/,
    );
  });

  test('rejects a plain-HTTP endpoint and a URL with credentials', () => {
    expect(make({ subscribers: { high: [{ https: 'http://relay.example.com' }] } })).toThrow(
      /'subscribers\.high\[0\]\.https' must be an https:\/\/ URL without credentials \(164\.312\(e\)\(2\)\(ii\)\), got "http:\/\/relay\.example\.com"/,
    );
    expect(
      make({ subscribers: { medium: [{ chatWebhook: 'https://user:secret@hooks.example.com/x' }] } }),
    ).toThrow(
      /'subscribers\.medium\[0\]\.chatWebhook' must be an https:\/\/ URL without credentials \(164\.312\(e\)\(2\)\(ii\)\), got "https:\/\/user:secret@hooks\.example\.com\/x"/,
    );
  });

  test('rejects an invalid Config rule name pattern', () => {
    expect(make({ configRuleNamePatterns: ['has space'] })).toThrow(
      /'configRuleNamePatterns\[0\]' must be a Config rule name or EventBridge wildcard pattern .* \(164\.308\(a\)\(6\)\(i\)\), got "has space"/,
    );
  });
});
