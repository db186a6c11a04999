import { Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeFindings, namespacedRuleId, reasonProblem } from '../../../constructs/core/acknowledge';
import { newTestStack } from '../../helpers/app';

describe('namespacedRuleId', () => {
  test.each([
    ['HIPAA.Security-S3BucketLoggingEnabled', 'HIPAA.Security::HIPAA.Security-S3BucketLoggingEnabled'],
    ['NIST.800.53.R5-IAMNoInlinePolicy', 'NIST.800.53.R5::NIST.800.53.R5-IAMNoInlinePolicy'],
    ['AwsSolutions-IAM5[Action::s3:*]', 'AwsSolutions::AwsSolutions-IAM5[Action::s3:*]'],
    ['AwsSolutions::AwsSolutions-S1', 'AwsSolutions::AwsSolutions-S1'],
  ])('%s becomes %s', (input, expected) => {
    expect(namespacedRuleId(input)).toBe(expected);
  });

  test('rejects ids of unknown packs and mismatched namespaces', () => {
    expect(() => namespacedRuleId('S3BucketLoggingEnabled')).toThrow(
      /Unknown rule id "S3BucketLoggingEnabled"/,
    );
    expect(() => namespacedRuleId('AwsSolutions::HIPAA.Security-S3BucketLoggingEnabled')).toThrow(
      /wrong pack/,
    );
  });
});

describe('reasonProblem', () => {
  test.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['false positive', 'is boilerplate'],
    ['N/A - not relevant for this bucket at all', 'is boilerplate'],
    ['TODO: explain why later on', 'is boilerplate'],
    ['too short reason', 'is shorter than 20 characters'],
  ])('%p %s', (reason, problem) => {
    expect(reasonProblem(reason)).toBe(problem);
  });

  test('accepts a specific reason', () => {
    expect(reasonProblem('S3 log delivery only supports SSE-S3 destination buckets')).toBeUndefined();
  });
});

describe('acknowledgeFindings', () => {
  test('records the namespaced id and reason on the construct', () => {
    const bucket = new s3.Bucket(newTestStack(), 'Bucket');
    acknowledgeFindings(bucket, [
      {
        ruleId: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason: 'Single-Region by design; versioning covers recovery.',
      },
    ]);
    const data = bucket.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .map((m) => m.data as Record<string, string>);
    expect(data).toEqual([
      {
        'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled':
          'Single-Region by design; versioning covers recovery.',
      },
    ]);
  });

  test('rejects the whole batch, naming the path and every problem, and records nothing', () => {
    const bucket = new s3.Bucket(newTestStack(), 'Bucket');
    expect(() =>
      acknowledgeFindings(bucket, [
        { ruleId: 'HIPAA.Security-S3BucketLoggingEnabled', reason: 'n/a' },
        { ruleId: 'Bogus-Rule', reason: 'A long enough and specific reason here' },
      ]),
    ).toThrow(
      /TestStack\/Bucket: cannot acknowledge findings:\n- the reason for HIPAA.Security-S3BucketLoggingEnabled is boilerplate[\s\S]*Unknown rule id "Bogus-Rule"/,
    );
    expect(
      bucket.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY),
    ).toHaveLength(0);
  });
});
