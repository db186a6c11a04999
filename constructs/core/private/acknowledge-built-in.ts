import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { type BuiltInAcknowledgment, type ExceptionMetadata, validateAcknowledgments } from '../acknowledge';
import { isIsoDate } from '../calendar-date';
import { EXCEPTION_METADATA_KEY } from '../report-metadata';

/**
 * For the toolkit's own constructs only (deliberately not exported from the package index): acknowledges
 * findings that stem from constraints of AWS itself or of CDK-internal helpers, e.g. S3 log delivery
 * writing only to SSE-S3 buckets. The compliance report lists them as built-in, apart from the app's
 * exceptions; they carry no owner or ticket because they are reviewed with the toolkit's code, and an expiry
 * only where the constraint has an end date (a review-by date).
 * Apps acknowledge findings with `acknowledgeFindings` (owner, ticket and expiry required).
 *
 * @throws Error naming the construct path when a rule id is unknown or a reason is empty, short or
 *   boilerplate; nothing is acknowledged in that case
 */
export function acknowledgeBuiltIn(
  scope: IConstruct,
  acknowledgments: readonly BuiltInAcknowledgment[],
): void {
  const badDates = acknowledgments
    .filter((a) => a.expires !== undefined && !isIsoDate(a.expires))
    .map(
      (a) => `the expiry of ${a.ruleId} must be a real date as YYYY-MM-DD (got ${JSON.stringify(a.expires)})`,
    );
  const ids = validateAcknowledgments(scope, acknowledgments, badDates);
  Validations.of(scope).acknowledge(...ids);
  for (const [i, { id }] of ids.entries()) {
    const expires = acknowledgments[i].expires;
    const metadata: ExceptionMetadata = {
      id,
      source: 'toolkit',
      ...(expires !== undefined ? { expires } : {}),
    };
    scope.node.addMetadata(EXCEPTION_METADATA_KEY, metadata);
  }
}
