import { Match, Template } from 'aws-cdk-lib/assertions';
import type { Construct } from 'constructs';
import { RetentionProfile } from '../../../constructs/core/retention';
import { AuditTrail } from '../../../constructs/detection/audit-trail';
import { ConfigCompliance } from '../../../constructs/detection/config-compliance';
import { ThreatDetection } from '../../../constructs/detection/threat-detection';
import type { PhiBucket } from '../../../constructs/storage/phi-bucket';
import { newTestStack } from '../../helpers/app';

/** Each audit-log bucket the detection constructs create, by the service that delivers to it. */
const AUDIT_BUCKETS: [string, (scope: Construct, retention?: RetentionProfile) => PhiBucket][] = [
  ['CloudTrail (AuditTrail)', (s, retention) => new AuditTrail(s, 'Audit', { retention }).logBucket],
  [
    'AWS Config (ConfigCompliance)',
    (s, retention) =>
      new ConfigCompliance(s, 'Config', { historyRetention: retention }).deliveryBucket as PhiBucket,
  ],
  [
    'GuardDuty findings (ThreatDetection)',
    (s, retention) => new ThreatDetection(s, 'GuardDuty', { findingsRetention: retention }).findingsBucket,
  ],
];

const lockOf = (template: Template, logicalId: string) => {
  const { Properties } = template.toJSON().Resources[logicalId];
  return { enabled: Properties.ObjectLockEnabled, configuration: Properties.ObjectLockConfiguration };
};

describe.each(AUDIT_BUCKETS)('the %s log bucket', (_service, create) => {
  test('is created with Object Lock in COMPLIANCE mode for six years (the default retention profile)', () => {
    const stack = newTestStack();
    const bucket = create(stack);
    const template = Template.fromStack(stack);
    const logicalId = stack.getLogicalId(bucket.bucket.node.defaultChild as never);
    expect(lockOf(template, logicalId)).toEqual({
      enabled: true,
      configuration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2192 } },
      },
    });
    // Objects expire only once the lock has run out, so a lifecycle rule never fights the lock.
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Id: 'ExpireAfterRetention', ExpirationInDays: 2192 })]),
      },
    });
  });

  test('locks for a longer retention profile', () => {
    const stack = newTestStack();
    const bucket = create(stack, RetentionProfile.ofDays(stack, 'retention', 3653));
    const logicalId = stack.getLogicalId(bucket.bucket.node.defaultChild as never);
    expect(lockOf(Template.fromStack(stack), logicalId).configuration.Rule.DefaultRetention).toEqual({
      Mode: 'COMPLIANCE',
      Days: 3653,
    });
  });

  test('locks for six years when the retention profile is indefinite (no lifecycle expiry)', () => {
    const stack = newTestStack();
    const bucket = create(stack, RetentionProfile.INDEFINITE);
    const logicalId = stack.getLogicalId(bucket.bucket.node.defaultChild as never);
    expect(lockOf(Template.fromStack(stack), logicalId).configuration.Rule.DefaultRetention.Days).toBe(2192);
  });
});

describe('server access-log buckets', () => {
  test('get no Object Lock: S3 does not deliver server access logs to a bucket with default retention', () => {
    const stack = newTestStack();
    new AuditTrail(stack, 'Audit');
    const template = Template.fromStack(stack);
    const logged = Object.values(template.findResources('AWS::S3::Bucket')).flatMap((b) =>
      b.Properties.LoggingConfiguration ? [b.Properties.LoggingConfiguration.DestinationBucketName.Ref] : [],
    );
    expect(logged.length).toBeGreaterThan(0);
    for (const id of new Set(logged)) expect(lockOf(template, id).enabled).toBeUndefined();
  });
});
