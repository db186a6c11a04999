import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { RetentionProfile } from '../../../constructs/core/retention';
import { PatchSchedule, type PatchScheduleProps } from '../../../constructs/patching/patch-schedule';
import { relaxationsOf } from '../../../constructs/patching/relaxation';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown };
const statementsOf = (template: Template, type: string): Statement[] =>
  Object.values(template.findResources(type)).flatMap(
    (r) =>
      (
        r as {
          Properties: { PolicyDocument?: { Statement: Statement[] }; KeyPolicy?: { Statement: Statement[] } };
        }
      ).Properties[type === 'AWS::KMS::Key' ? 'KeyPolicy' : 'PolicyDocument']?.Statement ?? [],
  );

describe('PatchSchedule at its defaults', () => {
  const stack = newTestStack();
  const schedule = new PatchSchedule(stack, 'Schedule', { patchGroup: 'web' });
  const instanceRole = new iam.Role(stack, 'InstanceRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
  });
  schedule.grantTaskOutput(instanceRole);
  const template = Template.fromStack(stack);

  test('opens a 4-hour install window on Sundays at 03:00 UTC, 1-hour cutoff, registered targets only', () => {
    template.hasResourceProperties('AWS::SSM::MaintenanceWindow', {
      Schedule: 'cron(0 3 ? * SUN *)',
      ScheduleTimezone: 'Etc/UTC',
      Duration: 4,
      Cutoff: 1,
      AllowUnassociatedTargets: false,
    });
  });

  test('installs approved patches with AWS-RunPatchBaseline, rebooting if needed, 10% at a time, stopping at 5% errors', () => {
    template.hasResourceProperties('AWS::SSM::MaintenanceWindowTask', {
      TaskArn: 'AWS-RunPatchBaseline',
      TaskType: 'RUN_COMMAND',
      MaxConcurrency: '10%',
      MaxErrors: '5%',
      ServiceRoleArn: Match.absent(),
      TaskInvocationParameters: {
        MaintenanceWindowRunCommandParameters: {
          Parameters: { Operation: ['Install'], RebootOption: ['RebootIfNeeded'] },
          OutputS3BucketName: { Ref: Match.stringLikeRegexp('^ScheduleRecordsBucket') },
          OutputS3KeyPrefix: 'patching/install',
          CloudWatchOutputConfig: {
            CloudWatchOutputEnabled: true,
            CloudWatchLogGroupName: { Ref: Match.stringLikeRegexp('^ScheduleTaskLogs') },
          },
        },
      },
    });
  });

  test('scans daily at 01:00 UTC without rebooting', () => {
    template.hasResourceProperties('AWS::SSM::MaintenanceWindow', { Schedule: 'cron(0 1 ? * * *)' });
    template.hasResourceProperties('AWS::SSM::MaintenanceWindowTask', {
      TaskInvocationParameters: {
        MaintenanceWindowRunCommandParameters: Match.objectLike({
          Parameters: { Operation: ['Scan'], RebootOption: ['NoReboot'] },
        }),
      },
    });
  });

  test('targets instances tagged PatchGroup=<patch group>', () => {
    template.resourcePropertiesCountIs(
      'AWS::SSM::MaintenanceWindowTarget',
      { ResourceType: 'INSTANCE', Targets: [{ Key: 'tag:PatchGroup', Values: ['web'] }] },
      2,
    );
  });

  test('keeps compliance current with a daily Scan association on the patch group', () => {
    template.hasResourceProperties('AWS::SSM::Association', {
      Name: 'AWS-RunPatchBaseline',
      Parameters: { Operation: ['Scan'] },
      ScheduleExpression: 'rate(1 day)',
      ComplianceSeverity: 'CRITICAL',
      Targets: [{ Key: 'tag:PatchGroup', Values: ['web'] }],
      OutputLocation: { S3Location: Match.objectLike({ OutputS3KeyPrefix: 'patching/association' }) },
    });
  });

  test('exports compliance data as JSON to the evidence bucket, encrypted with its CMK', () => {
    template.hasResourceProperties('AWS::SSM::ResourceDataSync', {
      SyncType: 'SyncToDestination',
      S3Destination: {
        BucketName: { Ref: Match.stringLikeRegexp('^ScheduleRecordsBucket') },
        BucketPrefix: 'compliance-sync',
        BucketRegion: 'us-east-1',
        SyncFormat: 'JsonSerDe',
        KMSKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ScheduleKey'), 'Arn'] },
      },
    });
  });

  test('lets Systems Manager write only this sync, to its prefix, and encrypt with the key', () => {
    const sourceArn = Match.stringLikeRegexp('^arn:aws:ssm:us-east-1:111122223333:resource-data-sync/');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'SsmDataSyncDelivery',
            Principal: { Service: 'ssm.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: {
              StringEquals: {
                'aws:SourceAccount': '111122223333',
                's3:x-amz-acl': 'bucket-owner-full-control',
              },
              ArnLike: { 'aws:SourceArn': sourceArn },
            },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'SsmDataSyncEncrypt',
            Principal: { Service: 'ssm.amazonaws.com' },
            Action: 'kms:GenerateDataKey',
            Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': sourceArn } }),
          }),
        ]),
      },
    });
  });

  test('keeps task logs encrypted for six years and creates no task role', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 2192,
    });
    template.resourceCountIs('AWS::IAM::Role', 1); // only the test's instance role
  });

  test('grantTaskOutput lets instances put objects under patching/ and write the task log, nothing broader', () => {
    const granted = statementsOf(template, 'AWS::IAM::Policy');
    expect(granted.map((s) => s.Action)).toEqual([
      's3:PutObject',
      ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      ['kms:Decrypt', 'kms:GenerateDataKey'],
    ]);
    expect(JSON.stringify(granted[0].Resource)).toContain('/patching/*');
    for (const s of granted) expect(s.Resource).not.toEqual('*');
  });

  test('records no relaxation and raises no warning', () => {
    expect(relaxationsOf(schedule)).toEqual([]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(schedule);
  });
});

describe('PatchSchedule scan-only patching', () => {
  const stack = newTestStack();
  const reason =
    'Instances are replaced weekly from a freshly patched golden AMI built by the image pipeline.';
  const schedule = new PatchSchedule(stack, 'Schedule', { patchGroup: 'immutable', scanOnly: { reason } });
  const template = Template.fromStack(stack);

  test('has no install window, only the scan window and association', () => {
    expect(schedule.installWindow).toBeUndefined();
    template.resourceCountIs('AWS::SSM::MaintenanceWindow', 1);
    expect(JSON.stringify(template.findResources('AWS::SSM::MaintenanceWindowTask'))).not.toContain(
      'Install',
    );
  });

  test('leaves a warning and a relaxation record with the citation and reason', () => {
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Schedule',
      Match.stringLikeRegexp('scanned but never patched.*164\\.308\\(a\\)\\(1\\)\\(ii\\)\\(B\\).*golden AMI'),
    );
    expect(relaxationsOf(schedule)).toEqual([
      { citation: '164.308(a)(1)(ii)(B)', setting: 'scanOnly', reason },
    ]);
  });
});

describe('PatchSchedule with given buckets', () => {
  test('sends output and evidence to the given buckets and creates none', () => {
    const stack = newTestStack();
    const evidenceKey = new kms.Key(stack, 'EvidenceKey', { enableKeyRotation: true });
    const evidenceBucket = new s3.Bucket(stack, 'Evidence', { encryptionKey: evidenceKey });
    const outputBucket = new s3.Bucket(stack, 'Output', { encryptionKey: evidenceKey });
    new PatchSchedule(stack, 'Schedule', {
      patchGroup: 'web',
      outputBucket,
      evidenceBucket,
      evidenceKey,
      installSchedule: 'cron(0 2 ? * SAT *)',
      maxConcurrency: '2',
      maxErrors: '0',
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.hasResourceProperties('AWS::SSM::ResourceDataSync', {
      S3Destination: Match.objectLike({ BucketName: { Ref: Match.stringLikeRegexp('^Evidence') } }),
    });
    template.hasResourceProperties('AWS::SSM::MaintenanceWindow', { Schedule: 'cron(0 2 ? * SAT *)' });
    template.hasResourceProperties('AWS::SSM::MaintenanceWindowTask', {
      MaxConcurrency: '2',
      MaxErrors: '0',
    });
  });
});

describe('PatchSchedule rejects insecure or invalid props', () => {
  const build = (props: Partial<PatchScheduleProps>) => () =>
    new PatchSchedule(newTestStack(), 'Schedule', { patchGroup: 'web', ...props });

  test('rejects scan-only patching without the scanOnly prop', () => {
    expect(build({ operation: 'Scan' })).toThrow(
      /TestStack\/Schedule: 'operation' must be 'Install' unless scan-only patching is declared with scanOnly: \{ reason \} \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got "Scan"/,
    );
  });

  test('rejects a scan-only reason that explains nothing', () => {
    expect(build({ scanOnly: { reason: 'n/a' } })).toThrow(
      /TestStack\/Schedule: 'scanOnly.reason' must be a specific reason of at least 20 characters.* \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got "n\/a"/,
    );
  });

  test('rejects scanOnly together with operation Install', () => {
    expect(
      build({ operation: 'Install', scanOnly: { reason: 'Patched by the AMI pipeline every week.' } }),
    ).toThrow(/'scanOnly' must be absent when operation is 'Install'/);
  });

  test.each([
    ['maxConcurrency', '0'],
    ['maxConcurrency', '150%'],
    ['maxErrors', 'lots'],
  ] as const)('rejects %s %p', (prop, value) => {
    expect(build({ [prop]: value })).toThrow(
      new RegExp(
        `TestStack/Schedule: '${prop}' must be a .* \\(164\\.308\\(a\\)\\(1\\)\\(ii\\)\\(B\\)\\), got "${value}"`,
      ),
    );
  });

  test('rejects a window longer than 24 hours and a cutoff not shorter than the window', () => {
    expect(build({ installDurationHours: 25 })).toThrow(
      /'installDurationHours' must be an integer from 1 to 24 .* got 25/,
    );
    expect(build({ installDurationHours: 4, installCutoffHours: 4 })).toThrow(
      /'installCutoffHours' must be an integer from 0 to 3 .* got 4/,
    );
  });

  test('rejects a schedule that is not a cron or rate expression', () => {
    expect(build({ installSchedule: 'weekly' })).toThrow(
      /'installSchedule' must be a 'cron\(\.\.\.\)' or 'rate\(\.\.\.\)' expression .* got "weekly"/,
    );
  });

  test('rejects install and scan windows less often than weekly', () => {
    expect(build({ installSchedule: 'cron(0 3 1 * ? *)', scanSchedule: 'rate(30 days)' })).toThrow(
      /TestStack\/Schedule: 'installSchedule' must be a 'cron\(\.\.\.\)' or 'rate\(\.\.\.\)' expression that runs at least every 7 days \(it runs up to 31 days apart\) \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got "cron\(0 3 1 \* \? \*\)"\n.*'scanSchedule' .*\(it runs up to 30 days apart\)/,
    );
    expect(build({ installSchedule: 'cron(0 3 ? 1 SUN *)' })).toThrow(/it runs only in some months or years/);
    expect(build({ installSchedule: 'cron(0 3 ? * SAT *)', scanSchedule: 'rate(12 hours)' })).not.toThrow();
  });

  test('rejects a look-alike log retention profile', () => {
    expect(build({ logRetention: { days: 30 } as unknown as RetentionProfile })).toThrow(
      /'logRetention' must be a RetentionProfile of at least 2192 days .* got \{"days":30\}/,
    );
  });

  test('rejects an evidence bucket without its key', () => {
    const stack = newTestStack();
    const evidenceBucket = s3.Bucket.fromBucketName(stack, 'Evidence', 'evidence');
    expect(() => new PatchSchedule(stack, 'Schedule', { patchGroup: 'web', evidenceBucket })).toThrow(
      /TestStack\/Schedule: 'evidenceKey' must be the KMS key that encrypts evidenceBucket.* \(164\.312\(a\)\(2\)\(iv\)\)/,
    );
  });
});

describe('the compliance helper can fail for task log groups', () => {
  test('an unencrypted log group is flagged by HIPAA.Security and NIST.800.53.R5', () => {
    const stack = newTestStack();
    const plain = new logs.LogGroup(stack, 'PlainTaskLogs');
    expect(collectUnacknowledgedFindings(plain).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining([
        'HIPAA.Security-CloudWatchLogGroupEncrypted',
        'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      ]),
    );
  });
});
