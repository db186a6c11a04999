import { Citation } from '../../../../constructs/core/citations';
import { SIX_YEARS_IN_DAYS } from '../../../../constructs/core/retention';
import {
  asNumber,
  expectEqual,
  fail,
  NOT_APPLICABLE,
  type Problem,
  type TemplateRule,
  unverified,
} from '../../template/rule';
import { isSpecial } from '../../template/template-set';

/** Where CloudTrail, AWS Config and GuardDuty name the bucket they deliver audit logs to. */
const AUDIT_LOG_DELIVERIES = [
  { type: 'AWS::CloudTrail::Trail', path: 'S3BucketName' },
  { type: 'AWS::Config::DeliveryChannel', path: 'S3BucketName' },
  { type: 'AWS::GuardDuty::PublishingDestination', path: 'DestinationProperties.DestinationArn' },
] as const;

/** Years as S3 counts them for a default retention in years (365 days, leap days aside). */
const SIX_YEARS = 6;

/**
 * Every bucket a CloudTrail trail, an AWS Config delivery channel or a GuardDuty publishing destination
 * of the assembly delivers to has S3 Object Lock enabled, with a default retention in COMPLIANCE mode
 * of at least six years (2192 days): no one, the root user included, can delete or overwrite a log
 * object before the documentation retention ends. Buckets nothing delivers audit logs to are not judged.
 */
export const AuditBucketObjectLock: TemplateRule = {
  id: 'AuditBucketObjectLock',
  citations: [Citation.AUDIT_CONTROLS, Citation.INTEGRITY, Citation.RETENTION_TIME_LIMIT],
  severity: 'error',
  resourceTypes: ['AWS::S3::Bucket'],
  rationale:
    'Audit logs are the evidence of who touched ePHI; an intruder who can delete or rewrite them erases the trail. Object Lock in compliance mode makes each log object immutable for the six-year documentation retention.',
  fix: `Create the log bucket with ObjectLockEnabled: true and ObjectLockConfiguration { ObjectLockEnabled: Enabled, Rule.DefaultRetention { Mode: COMPLIANCE, Days: ≥ ${SIX_YEARS_IN_DAYS} } } (AuditTrail, ConfigCompliance and ThreatDetection do; Object Lock can only be enabled when the bucket is created).`,
  strongerWhen: { 'Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days': 'higher' },
  check: (view, set) => {
    const deliverers = AUDIT_LOG_DELIVERIES.flatMap(({ type, path }) =>
      set.referrers(view.resource, type, path),
    );
    if (deliverers.length === 0) return NOT_APPLICABLE;
    view.note(
      'auditLogDeliveries',
      deliverers.map((d) => d.label),
    );
    const problems: Problem[] = [
      ...expectEqual(view, 'ObjectLockEnabled', true),
      ...expectEqual(view, 'ObjectLockConfiguration.ObjectLockEnabled', 'Enabled'),
      ...expectEqual(view, 'ObjectLockConfiguration.Rule.DefaultRetention.Mode', 'COMPLIANCE'),
    ];
    const daysPath = 'ObjectLockConfiguration.Rule.DefaultRetention.Days';
    const days = view.get(daysPath);
    const years = view.get('ObjectLockConfiguration.Rule.DefaultRetention.Years');
    if ((days !== undefined && isSpecial(days)) || (years !== undefined && isSpecial(years)))
      return [...problems, unverified(daysPath, days ?? years, `at least ${SIX_YEARS_IN_DAYS} days`)];
    const longEnough = (asNumber(days) ?? 0) >= SIX_YEARS_IN_DAYS || (asNumber(years) ?? 0) >= SIX_YEARS;
    if (!longEnough)
      problems.push(
        fail(
          daysPath,
          `${daysPath} must be at least ${SIX_YEARS_IN_DAYS} (or Years at least ${SIX_YEARS}), got ${JSON.stringify(days ?? years ?? null)}`,
        ),
      );
    return problems;
  },
};
