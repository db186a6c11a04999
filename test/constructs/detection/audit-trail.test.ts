import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { RetentionProfile } from '../../../constructs/core/retention';
import { AuditTrail, type AuditTrailProps } from '../../../constructs/detection/audit-trail';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import { PhiTable } from '../../../constructs/storage/phi-table';
import { newTestApp, newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { unreplicated } from '../../helpers/phi-bucket-props';

const TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/TestStack-audit-trail';
const objectsOf = (logicalIdPrefix: string) => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp(`^${logicalIdPrefix}`), 'Arn'] }, '/']],
});

describe('AuditTrail at its defaults, with two PHI buckets and a PHI table in the app', () => {
  const stack = newTestStack();
  new PhiBucket(stack, 'Documents', unreplicated());
  new PhiTable(stack, 'Visits', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
  const imported = s3.Bucket.fromBucketName(stack, 'Imaging', 'imaging-phi-bucket');
  const importedTable = dynamodb.Table.fromTableName(stack, 'Claims', 'claims-phi-table');
  const audit = new AuditTrail(stack, 'Audit', {
    dataEventBuckets: [imported],
    dataEventTables: [importedTable],
  });
  // A PHI bucket added after the trail is still found: discovery happens at synthesis.
  new PhiBucket(stack, 'LateArrival', unreplicated());
  const template = Template.fromStack(stack);

  test('is multi-Region with global service events, file validation and the CMK', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'TestStack-audit-trail',
      IsLogging: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditKey'), 'Arn'] },
      S3BucketName: { Ref: Match.stringLikeRegexp('^AuditLogsBucket') },
    });
  });

  test('sends events to the six-year audit log group through a role with a managed policy', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditEventsLogGroup'), 'Arn'] },
      CloudWatchLogsRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditLogDeliveryRole'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 2192,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
          }),
        ],
      },
      Policies: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditEventsLogGroup'), 'Arn'] },
          },
        ],
      },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('turns on Insights for API call rate and API error rate', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }],
    });
  });

  test('logs management events and S3 object events of every PHI bucket through advanced selectors', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      EventSelectors: Match.absent(),
      AdvancedEventSelectors: [
        { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'S3 data events of PHI buckets',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            {
              Field: 'resources.ARN',
              StartsWith: [
                objectsOf('DocumentsBucket'),
                objectsOf('LateArrivalBucket'),
                'arn:aws:s3:::imaging-phi-bucket/',
              ],
            },
          ],
        },
        Match.objectLike({ Name: 'DynamoDB data events of PHI tables' }),
      ],
    });
    expect(audit.dataEventBuckets).toHaveLength(3);
  });

  test('logs DynamoDB item events of every PHI table, found and given (164.312(b))', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      AdvancedEventSelectors: Match.arrayWith([
        {
          Name: 'DynamoDB data events of PHI tables',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] },
            {
              Field: 'resources.ARN',
              Equals: [
                { 'Fn::GetAtt': [Match.stringLikeRegexp('^VisitsTable'), 'Arn'] },
                'arn:aws:dynamodb:us-east-1:111122223333:table/claims-phi-table',
              ],
            },
          ],
        },
      ]),
    });
    expect(audit.dataEventTables).toHaveLength(2);
  });

  test('does not log data events of its own log bucket, which would log its own delivery', () => {
    const json = JSON.stringify(template.findResources('AWS::CloudTrail::Trail'));
    expect(json).not.toMatch(/AuditLogsBucket[0-9A-F]{8}","Arn"\]\},"\/"/);
  });

  test('lets only this trail use the key, and keeps log files six years', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudTrailToEncryptLogs',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'kms:GenerateDataKey*',
            Condition: {
              StringEquals: { 'aws:SourceArn': TRAIL_ARN },
              StringLike: {
                'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*',
              },
            },
          }),
          Match.objectLike({ Sid: 'AllowCloudTrailToDescribeKey', Action: 'kms:DescribeKey' }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Id: 'ExpireAfterRetention', ExpirationInDays: 2192 })]),
      },
    });
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(audit);
  });
});

describe('AuditTrail finds PHI buckets in other stacks of the same environment only', () => {
  const app = newTestApp();
  const env = { account: '111122223333', region: 'us-east-1' };
  const data = new Stack(app, 'Data', { env });
  new PhiBucket(data, 'Records', unreplicated());
  const elsewhere = new Stack(app, 'Elsewhere', { env: { account: '111122223333', region: 'eu-west-1' } });
  new PhiBucket(elsewhere, 'EuRecords', unreplicated());
  const baseline = new Stack(app, 'Baseline', { env });
  const audit = new AuditTrail(baseline, 'Audit');

  test('references the same-Region bucket and skips the other Region', () => {
    const buckets = audit.dataEventBuckets.map((b) => b.node.path);
    expect(buckets).toEqual(['Data/Records/Bucket']);
    Template.fromStack(baseline); // resolves the cross-stack reference without error
  });
});

describe('AuditTrail with no PHI bucket in the app', () => {
  test('logs management events only', () => {
    const stack = newTestStack();
    new AuditTrail(stack, 'Audit', { trailName: 'org-audit' });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'org-audit',
      AdvancedEventSelectors: [
        { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      ],
    });
  });
});

describe('AuditTrail rejects bad input', () => {
  const build = (props: AuditTrailProps) => () => new AuditTrail(newTestStack(), 'Audit', props);

  test('rejects an invalid trail name', () => {
    expect(build({ trailName: '-bad name' })).toThrow(
      /TestStack\/Audit: 'trailName' must be a name of 3 to 128 letters, .* \(164\.312\(b\)\), got "-bad name"/,
    );
  });

  test('rejects a retention below six years', () => {
    expect(build({ retention: { days: 400 } as unknown as RetentionProfile })).toThrow(
      /TestStack\/Audit: 'retention' must be a RetentionProfile of at least 2192 days \(6 years\) or INDEFINITE, .* \(164\.316\(b\)\(2\)\(i\)\), got \{"days":400\}/,
    );
  });
});

describe('the compliance helper can fail for a trail', () => {
  test('an unencrypted trail without validation or CloudWatch Logs has findings', () => {
    const stack = newTestStack();
    new cloudtrail.CfnTrail(stack, 'PlainTrail', { isLogging: true, s3BucketName: 'some-bucket' });
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining([
        'HIPAA.Security-CloudTrailEncryptionEnabled',
        'HIPAA.Security-CloudTrailLogFileValidationEnabled',
        'HIPAA.Security-CloudTrailCloudWatchLogsEnabled',
      ]),
    );
  });
});
