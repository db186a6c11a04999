import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  SessionManagerPreferences,
  type SessionManagerPreferencesProps,
} from '../../../constructs/compute/session-manager-preferences';
import type { RetentionProfile } from '../../../constructs/core/retention';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

describe('SessionManagerPreferences at its defaults', () => {
  const stack = newTestStack();
  const sessions = new SessionManagerPreferences(stack, 'Sessions');
  const instanceRole = new iam.Role(stack, 'InstanceRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
  });
  sessions.allowInstanceRole(instanceRole);
  const template = Template.fromStack(stack);

  test('writes the SSM-SessionManagerRunShell Session document', () => {
    template.hasResourceProperties('AWS::SSM::Document', {
      Name: 'SSM-SessionManagerRunShell',
      DocumentType: 'Session',
      DocumentFormat: 'JSON',
      Content: Match.objectLike({ schemaVersion: '1.0', sessionType: 'Standard_Stream' }),
    });
  });

  test('encrypts sessions with its CMK, streams them to an encrypted log group and records encrypted transcripts', () => {
    template.hasResourceProperties('AWS::SSM::Document', {
      Content: Match.objectLike({
        inputs: Match.objectLike({
          kmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SessionsKey'), 'Arn'] },
          cloudWatchLogGroupName: { Ref: Match.stringLikeRegexp('^SessionsLogs') },
          cloudWatchEncryptionEnabled: true,
          cloudWatchStreamingEnabled: true,
          s3BucketName: { Ref: Match.stringLikeRegexp('^SessionsTranscriptsBucket') },
          s3KeyPrefix: 'sessions',
          s3EncryptionEnabled: true,
        }),
      }),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SessionsKey'), 'Arn'] },
      RetentionInDays: 2192,
    });
  });

  test('ends idle sessions after 15 minutes, caps sessions at an hour and turns Run As off', () => {
    template.hasResourceProperties('AWS::SSM::Document', {
      Content: Match.objectLike({
        inputs: Match.objectLike({
          idleSessionTimeout: '15',
          maxSessionDuration: '60',
          runAsEnabled: false,
          runAsDefaultUser: '',
        }),
      }),
    });
    expect(sessions.idleSessionTimeoutMinutes).toBe(15);
  });

  test('gives instances only the session permissions, attached to the role given', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^InstanceRole') }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: 's3:PutObject' }),
          Match.objectLike({ Action: 's3:GetEncryptionConfiguration' }),
          Match.objectLike({
            Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SessionsLogs'), 'Arn'] },
          }),
          { Action: 'logs:DescribeLogGroups', Effect: 'Allow', Resource: '*' },
          Match.objectLike({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'] }),
        ],
      },
    });
  });

  test('has no unacknowledged findings; the two wildcards carry reasons', () => {
    expectNoUnacknowledgedFindings(sessions);
  });
});

describe('SessionManagerPreferences rejects insecure props', () => {
  const build = (props: SessionManagerPreferencesProps) => () =>
    new SessionManagerPreferences(newTestStack(), 'Sessions', props);

  test('rejects an idle timeout above 20 minutes', () => {
    expect(build({ idleSessionTimeoutMinutes: 30 })).toThrow(
      /TestStack\/Sessions: 'idleSessionTimeoutMinutes' must be an integer from 1 to 20 \(164\.312\(a\)\(2\)\(iii\)\), got 30/,
    );
  });

  test('rejects a session duration outside 1 to 1440 minutes', () => {
    expect(build({ maxSessionDurationMinutes: 0 })).toThrow(
      /TestStack\/Sessions: 'maxSessionDurationMinutes' must be an integer from 1 to 720 \(164\.312\(a\)\(2\)\(iii\)\), got 0/,
    );
    expect(build({ maxSessionDurationMinutes: 1440 })).toThrow(
      /'maxSessionDurationMinutes' must be an integer from 1 to 720 \(164\.312\(a\)\(2\)\(iii\)\), got 1440/,
    );
    expect(build({ logRetention: { days: 30 } as unknown as RetentionProfile })).toThrow(
      /'logRetention' must be a RetentionProfile of at least 2192 days .* got \{"days":30\}/,
    );
  });
});

describe('the compliance helper can fail for instance policies', () => {
  test('a wildcard Systems Manager policy is flagged', () => {
    const stack = newTestStack();
    const wild = new iam.ManagedPolicy(stack, 'Wild', {
      statements: [new iam.PolicyStatement({ actions: ['ssm:*'], resources: ['*'] })],
    });
    expect(collectUnacknowledgedFindings(wild).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-IAM5[Action::ssm:*]', 'AwsSolutions-IAM5[Resource::*]']),
    );
  });
});
