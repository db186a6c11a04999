import { Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { PhiClassification } from '../../../constructs/core/phi-classification';
import { PhiDataGuard } from '../../../constructs/core/phi-data-guard';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import { newTestApp, newTestStack } from '../../helpers/app';
import { unreplicated } from '../../helpers/phi-bucket-props';

describe('PhiDataGuard', () => {
  test('refuses synth for every unencrypted data store, naming each construct path', () => {
    const app = newTestApp();
    PhiDataGuard.applyTo(app);
    const stack = newTestStack({ app });
    new s3.CfnBucket(stack, 'RawBucket');
    new dynamodb.CfnTable(stack, 'RawTable', {
      keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
    });
    new rds.CfnDBCluster(stack, 'RawCluster', { engine: 'aurora-postgresql' });
    new logs.LogGroup(stack, 'RawLogs');
    new sns.Topic(stack, 'RawTopic');
    new sqs.CfnQueue(stack, 'RawQueue', { sqsManagedSseEnabled: false });
    expect(() => app.synth()).toThrow(
      new RegExp(
        [
          'TestStack/RawBucket: AWS::S3::Bucket is not encrypted at rest',
          'TestStack/RawTable: AWS::DynamoDB::Table is not encrypted at rest',
          'TestStack/RawCluster: AWS::RDS::DBCluster is not encrypted at rest; set StorageEncrypted: true',
          'TestStack/RawLogs/Resource: AWS::Logs::LogGroup is not encrypted at rest',
          'TestStack/RawTopic/Resource: AWS::SNS::Topic is not encrypted at rest',
          'TestStack/RawQueue: AWS::SQS::Queue is not encrypted at rest',
        ]
          .map((m) => `[\\s\\S]*${m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`)
          .join(''),
      ),
    );
  });

  test('cites 164.312(a)(2)(iv)', () => {
    const app = newTestApp();
    PhiDataGuard.applyTo(app);
    new s3.CfnBucket(newTestStack({ app }), 'RawBucket');
    expect(() => app.synth()).toThrow(/\(164\.312\(a\)\(2\)\(iv\)\)/);
  });

  test('accepts encrypted stores and tags resources below PHI scopes only', () => {
    const app = newTestApp();
    PhiDataGuard.applyTo(app);
    PhiDataGuard.applyTo(app);
    const stack = newTestStack({ app });
    new PhiBucket(stack, 'Docs', unreplicated());
    const queue = new sqs.Queue(stack, 'Work', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    const marked = new sqs.Queue(stack, 'PhiQueue', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    PhiClassification.mark(marked);
    Tags.of(queue).add('Team', 'records');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      Tags: [{ Key: 'DataClassification', Value: 'PHI' }],
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
      },
    });
    const queues = template.findResources('AWS::SQS::Queue');
    const tagsOf = (prefix: string) =>
      JSON.stringify(Object.entries(queues).find(([id]) => id.startsWith(prefix))?.[1]);
    expect(tagsOf('PhiQueue')).toContain('"DataClassification"');
    expect(tagsOf('Work')).not.toContain('DataClassification');
  });
});
