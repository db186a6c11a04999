import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PhiKey } from '../../../constructs/encryption/phi-key';
import {
  type AccessRole,
  AccessRoles,
  type AccessRolesProps,
} from '../../../constructs/identity/access-roles';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { evaluate, evaluateWithBoundary, type Statement } from '../../helpers/iam-evaluator';
import { ADMINISTRATOR_ACCESS_LIKE, READ_ONLY_ACCESS_LIKE, statementsOf } from './policy-fixtures';

const ACCOUNT = '111122223333';
const PHI = { 'aws:ResourceTag/DataClassification': 'PHI' };
const PHI_OBJECT = 'arn:aws:s3:::patient-records/visit.pdf';

/**
 * Customer-managed policies attached to a role or group (through its ManagedPolicyArns or the policy's
 * Roles/Groups), resolved for the evaluator.
 */
function managedStatements(stack: Stack, principal: iam.Role | iam.Group): Statement[] {
  const principalRef = { Ref: stack.getLogicalId(principal.node.defaultChild as iam.CfnRole | iam.CfnGroup) };
  const attached = JSON.stringify(
    stack.resolve((principal.node.defaultChild as iam.CfnRole | iam.CfnGroup).managedPolicyArns ?? []),
  );
  return stack.node
    .findAll()
    .filter((c): c is iam.ManagedPolicy => c instanceof iam.ManagedPolicy)
    .filter((p) => {
      const cfn = p.node.defaultChild as iam.CfnManagedPolicy;
      const attachedTo = JSON.stringify(stack.resolve([cfn.roles, cfn.groups]));
      return (
        attached.includes(JSON.stringify({ Ref: stack.getLogicalId(cfn) })) ||
        attachedTo.includes(JSON.stringify(principalRef))
      );
    })
    .flatMap((p) => statementsOf(p.document, stack));
}

/** The trust statement as an identity-style statement, to evaluate sts:AssumeRole against it. */
function trustOf(stack: Stack, access: AccessRole): Statement[] {
  return statementsOf(access.role.assumeRolePolicy as iam.PolicyDocument, stack).map(
    ({ Effect, Action, Condition }) => ({ Effect, Action, Condition, Resource: '*' }),
  );
}

describe('AccessRoles at their defaults', () => {
  const stack = newTestStack();
  const evidence = new s3.Bucket(stack, 'Evidence', {
    encryptionKey: new PhiKey(stack, 'EvidenceKey', { dataDomain: 'evidence' }).key,
  });
  const access = new AccessRoles(stack, 'Access', { evidenceBucket: evidence });
  const template = Template.fromStack(stack);
  const all = [access.administrator, access.developer, access.auditor, access.breakGlass];

  test('every role trusts only the account, with MFA present and no older than an hour', () => {
    template.allResourcesProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Condition: {
              Bool: { 'aws:MultiFactorAuthPresent': 'true' },
              NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
            },
          },
        ],
        Version: '2012-10-17',
      },
    });
    template.resourceCountIs('AWS::IAM::Role', 4);
  });

  test('the trust refuses a caller without MFA or with MFA older than the maximum', () => {
    for (const role of all) {
      const assume = (context: Record<string, string | number>) =>
        evaluate(trustOf(stack, role), { action: 'sts:AssumeRole', resource: '*', context });
      expect(assume({ 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': 300 })).toBe('Allow');
      expect(assume({ 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': 7200 })).toBe(
        'ImplicitDeny',
      );
      expect(assume({})).toBe('ImplicitDeny');
    }
  });

  test('sessions last 1 hour for administrator and break-glass, 4 hours for developer and auditor', () => {
    const duration = (a: AccessRole) =>
      stack.resolve((a.role.node.defaultChild as iam.CfnRole).maxSessionDuration);
    expect(all.map(duration)).toEqual([3600, 14400, 14400, 3600]);
  });

  test('each group may only assume its own role, and carries the MFA enforcement policy', () => {
    for (const a of all) {
      const statements = managedStatements(stack, a.group);
      const roleArn = `<${stack.getLogicalId(a.role.node.defaultChild as iam.CfnRole)}.Arn>`;
      const allows = statements.filter((s) => s.Effect === 'Allow' && s.Action === 'sts:AssumeRole');
      expect(allows).toEqual([expect.objectContaining({ Resource: roleArn })]);
      expect(statements.some((s) => s.Sid === 'DenyAllExceptMfaSelfServiceWithoutMfa')).toBe(true);
      expect(
        evaluate(statements, {
          action: 'sts:AssumeRole',
          resource: roleArn,
          context: { 'aws:MultiFactorAuthPresent': 'true' },
        }),
      ).toBe('Allow');
      const other = all.find((o) => o !== a) as AccessRole;
      const otherArn = `<${stack.getLogicalId(other.role.node.defaultChild as iam.CfnRole)}.Arn>`;
      expect(
        evaluate(statements, {
          action: 'sts:AssumeRole',
          resource: otherArn,
          context: { 'aws:MultiFactorAuthPresent': 'true' },
        }),
      ).toBe('ImplicitDeny');
    }
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.allResourcesProperties('AWS::IAM::Group', { Policies: Match.absent() });
  });

  test('without MFA a developer cannot read a PHI object but can enrol their own MFA device', () => {
    const asUser = (action: string, resource: string) =>
      evaluate(managedStatements(stack, access.developer.group), {
        action,
        resource,
        context: { 'aws:username': 'alice', ...PHI },
      });
    expect(asUser('s3:GetObject', PHI_OBJECT)).toBe('ExplicitDeny');
    expect(asUser('iam:CreateVirtualMFADevice', `arn:aws:iam::${ACCOUNT}:mfa/alice`)).toBe('Allow');
    expect(
      asUser(
        'sts:AssumeRole',
        `<${stack.getLogicalId(access.developer.role.node.defaultChild as iam.CfnRole)}.Arn>`,
      ),
    ).toBe('ExplicitDeny');
  });

  test('with MFA the developer role still cannot touch the PHI data plane', () => {
    const developer = [...READ_ONLY_ACCESS_LIKE, ...managedStatements(stack, access.developer.role)];
    const asDeveloper = (action: string, resource: string, context: Record<string, string> = PHI) =>
      evaluate(developer, {
        action,
        resource,
        context: { 'aws:MultiFactorAuthPresent': 'true', ...context },
      });
    expect(asDeveloper('s3:GetObject', PHI_OBJECT)).toBe('ExplicitDeny');
    expect(asDeveloper('s3:GetObjectVersion', PHI_OBJECT)).toBe('ExplicitDeny');
    expect(
      asDeveloper('s3:GetObject', PHI_OBJECT, { 's3:ExistingObjectTag/DataClassification': 'PHI' }),
    ).toBe('ExplicitDeny');
    expect(asDeveloper('dynamodb:Query', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/events`)).toBe(
      'ExplicitDeny',
    );
    expect(asDeveloper('kms:Decrypt', `arn:aws:kms:us-east-1:${ACCOUNT}:key/k`)).toBe('ExplicitDeny');
    expect(
      asDeveloper('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db`),
    ).toBe('ExplicitDeny');
    expect(
      asDeveloper('rds-db:connect', `arn:aws:rds-db:us-east-1:${ACCOUNT}:dbuser:cluster-1/app`, {}),
    ).toBe('ExplicitDeny');
    // Untagged, non-PHI resources stay readable.
    expect(asDeveloper('s3:GetObject', 'arn:aws:s3:::build-artifacts/app.zip', {})).toBe('Allow');
    expect(asDeveloper('s3:ListBucket', 'arn:aws:s3:::patient-records')).toBe('Allow');
  });

  test('auditors read the evidence bucket and its key, but not other PHI', () => {
    const auditor = [...READ_ONLY_ACCESS_LIKE, ...managedStatements(stack, access.auditor.role)];
    const evidenceKeyArn = `<${stack.getLogicalId(evidence.encryptionKey?.node.defaultChild as iam.CfnRole)}.Arn>`;
    const evidenceArn = `<${stack.getLogicalId(evidence.node.defaultChild as s3.CfnBucket)}.Arn>`;
    const asAuditor = (action: string, resource: string) =>
      evaluate(auditor, { action, resource, context: { 'aws:MultiFactorAuthPresent': 'true', ...PHI } });
    expect(asAuditor('s3:GetObject', `${evidenceArn}/report.json`)).toBe('Allow');
    expect(asAuditor('kms:Decrypt', evidenceKeyArn)).toBe('Allow');
    expect(asAuditor('s3:GetObject', PHI_OBJECT)).toBe('ExplicitDeny');
    expect(asAuditor('kms:Decrypt', `arn:aws:kms:us-east-1:${ACCOUNT}:key/other`)).toBe('ExplicitDeny');
    expect(asAuditor('dynamodb:Scan', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/events`)).toBe(
      'ExplicitDeny',
    );
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('^Auditor'),
      ManagedPolicyArns: Match.arrayWith([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/ReadOnlyAccess']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/SecurityAudit']] },
      ]),
    });
  });

  test('every role is capped by a permissions boundary, even administrator and break-glass', () => {
    const boundaryPolicy = access.permissionsBoundary as iam.ManagedPolicy;
    const boundaryRef = { Ref: stack.getLogicalId(boundaryPolicy.node.defaultChild as iam.CfnManagedPolicy) };
    template.allResourcesProperties('AWS::IAM::Role', { PermissionsBoundary: boundaryRef });
    const boundary = statementsOf(boundaryPolicy.document, stack);
    const trail = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org`;
    for (const role of [access.administrator, access.breakGlass]) {
      const identity = [...ADMINISTRATOR_ACCESS_LIKE, ...managedStatements(stack, role.role)];
      const request = (action: string, resource: string) =>
        evaluateWithBoundary(identity, boundary, {
          action,
          resource,
          context: { 'aws:MultiFactorAuthPresent': 'true' },
        });
      expect(request('cloudtrail:StopLogging', trail)).toBe('ExplicitDeny');
      expect(request('ec2:RunInstances', '*')).toBe('Allow');
    }
  });

  test('no customer-managed policy but the boundary allows "*" actions or NotAction', () => {
    const policies = stack.node
      .findAll()
      .filter((c): c is iam.ManagedPolicy => c instanceof iam.ManagedPolicy);
    for (const p of policies.filter((policy) => policy !== access.permissionsBoundary)) {
      for (const s of statementsOf(p.document, stack).filter((st) => st.Effect === 'Allow')) {
        expect([p.node.path, s.Action]).not.toEqual([p.node.path, '*']);
        expect(s.NotAction).toBeUndefined();
      }
    }
  });

  test('alarms on every AssumeRole of the break-glass role, through a KMS-encrypted, TLS-only topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.sts'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['sts.amazonaws.com'],
          eventName: ['AssumeRole'],
          requestParameters: {
            roleArn: [
              {
                'Fn::GetAtt': [
                  stack.getLogicalId(access.breakGlass.role.node.defaultChild as iam.CfnRole),
                  'Arn',
                ],
              },
            ],
          },
        },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^AccessBreakGlassAlarmTopic') } })],
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowEventBridgeToPublishToEncryptedTopic',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
          }),
        ]),
      }),
    });
  });

  test('has no unacknowledged findings; AWS-managed policies and empty groups are acknowledged', () => {
    expectNoUnacknowledgedFindings(access);
  });

  test('a role with an inline policy fails the compliance helper (the fixture can fail)', () => {
    const role = new iam.Role(newTestStack(), 'Inline', {
      assumedBy: new iam.AccountRootPrincipal(),
      inlinePolicies: {
        all: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })],
        }),
      },
    });
    expect(collectUnacknowledgedFindings(role).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining(['HIPAA.Security-IAMNoInlinePolicy']),
    );
  });
});

describe('AccessRoles options', () => {
  test('uses the given trusted account, MFA age, durations, developer policies and alarm topic', () => {
    const stack = newTestStack();
    const topic = new sns.Topic(stack, 'Existing', {
      masterKey: new PhiKey(stack, 'TopicKey', { dataDomain: 'alarms' }).key,
    });
    const buckets = [new s3.Bucket(stack, 'Records')];
    const access = new AccessRoles(stack, 'Access', {
      trustedAccount: '444455556666',
      maxMfaAgeSeconds: 900,
      sessionDurations: { developer: Duration.hours(8), administrator: Duration.hours(2) },
      developerManagedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')],
      phiBuckets: buckets,
      alarmTopic: topic,
    });
    const template = Template.fromStack(stack);
    template.allResourcesProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [
          Match.objectLike({
            Principal: { AWS: 'arn:aws:iam::444455556666:root' },
            Condition: Match.objectLike({ NumericLessThan: { 'aws:MultiFactorAuthAge': 900 } }),
          }),
        ],
      }),
    });
    expect(stack.resolve((access.developer.role.node.defaultChild as iam.CfnRole).maxSessionDuration)).toBe(
      28800,
    );
    expect(
      stack.resolve((access.administrator.role.node.defaultChild as iam.CfnRole).maxSessionDuration),
    ).toBe(7200);
    expect(access.breakGlassAlarmTopic).toBe(topic);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const developer = managedStatements(stack, access.developer.role);
    const recordsArn = `<${stack.getLogicalId(buckets[0]?.node.defaultChild as s3.CfnBucket)}.Arn>`;
    // Listed PHI buckets are denied by ARN even without a tag.
    expect(
      evaluate([{ Effect: 'Allow', Action: '*', Resource: '*' }, ...developer], {
        action: 's3:GetObject',
        resource: `${recordsArn}/a`,
      }),
    ).toBe('ExplicitDeny');
  });
});

describe('AccessRoles rejects unsafe props', () => {
  const build = (props: AccessRolesProps) => () => new AccessRoles(newTestStack(), 'Access', props);

  test('rejects an administrator session above 4 hours (164.312(a)(2)(iii))', () => {
    expect(build({ sessionDurations: { administrator: Duration.hours(5) } })).toThrow(
      /TestStack\/Access: 'sessionDurations\.administrator' must be from 1 hour to 4 hours \(PT1H to PT4H\) \(164\.312\(a\)\(2\)\(iii\)\), got "5 hours \(PT5H\)"/,
    );
  });

  test('rejects a developer session above 12 hours (164.312(a)(2)(iii))', () => {
    expect(build({ sessionDurations: { developer: Duration.hours(13) } })).toThrow(
      /TestStack\/Access: 'sessionDurations\.developer' must be from 1 hour to 12 hours \(PT1H to PT12H\) \(164\.312\(a\)\(2\)\(iii\)\), got "13 hours \(PT13H\)"/,
    );
  });

  test('rejects a session shorter than IAM allows', () => {
    expect(build({ sessionDurations: { auditor: Duration.minutes(30) } })).toThrow(
      /'sessionDurations\.auditor' must be from 1 hour to 12 hours .*got "30 minutes \(PT30M\)"/,
    );
  });

  test('rejects an MFA age above 12 hours (164.312(a)(2)(iii))', () => {
    expect(build({ maxMfaAgeSeconds: 86400 })).toThrow(
      /TestStack\/Access: 'maxMfaAgeSeconds' must be an integer from 1 to 43200 \(164\.312\(a\)\(2\)\(iii\)\), got 86400/,
    );
  });

  test('rejects a trusted account that is not a literal 12-digit id (164.312(a)(1))', () => {
    expect(build({ trustedAccount: '1234' })).toThrow(
      /TestStack\/Access: 'trustedAccount' must be a literal 12-digit AWS account id \(164\.312\(a\)\(1\)\), got "1234"/,
    );
  });
});
