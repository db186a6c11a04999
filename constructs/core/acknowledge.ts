import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { EXCEPTION_METADATA_KEY } from './report-metadata';

/** Rule packs whose findings the toolkit knows how to acknowledge, keyed by the prefix of their rule ids. */
export const KNOWN_RULE_PACKS = [
  'HIPAA.Security',
  'NIST.800.53.R5',
  'AwsSolutions',
  'LeastPrivilege',
  'HipaaEligible',
  'TemplateEvidence',
] as const;

/** A rule pack name from {@link KNOWN_RULE_PACKS}. */
export type RulePackName = (typeof KNOWN_RULE_PACKS)[number];

/** The shortest reason accepted for an acknowledgment. */
export const MIN_REASON_LENGTH = 20;

/**
 * Reasons that explain nothing. An auditor reading "false positive" learns nothing about why the control
 * does not apply, so they are rejected even when long enough once padded.
 */
const BOILERPLATE_REASONS: readonly RegExp[] = [
  /^(n\/?a|none|todo|tbd|fixme|wip)\b/i,
  /^(not applicable|false positive|not needed|not required|ignore|ignored|suppress(ed)?|accepted|ok|fine)[.!\s]*$/i,
  /^(this is )?(fine|ok|okay|expected|intended|by design)[.!\s]*$/i,
];

/** One finding to acknowledge on a construct. */
export interface FindingAcknowledgment {
  /**
   * The rule id as it appears in the validation report, e.g. `HIPAA.Security-S3BucketLoggingEnabled`,
   * `AwsSolutions-IAM5[Action::s3:*]`, or already namespaced
   * (`HIPAA.Security::HIPAA.Security-S3BucketLoggingEnabled`).
   */
  readonly ruleId: string;
  /**
   * Why the finding does not weaken the safeguard here, specific to this resource: at least
   * 20 characters and not boilerplate ("n/a", "false positive", …). It is kept beside the finding in
   * `cdk.out/validation-report.json` and shown to auditors.
   */
  readonly reason: string;
  /**
   * Who owns the exception (a person or team), shown in the exceptions register.
   *
   * @default - no owner recorded
   */
  readonly owner?: string;
  /**
   * The ticket that tracks the exception, e.g. `SEC-1234` or a URL.
   *
   * @default - no ticket recorded
   */
  readonly ticket?: string;
  /**
   * The date (YYYY-MM-DD, UTC) after which the exception lapses: from then on the compliance report
   * fails synth; within 30 days of it, it warns.
   *
   * @default - the exception does not expire (toolkit-made acknowledgments of constraints of AWS itself)
   */
  readonly expires?: string;
}

/**
 * Returns the namespaced acknowledgment id (`Pack::Pack-Rule`) for a rule id, so the finding stays in
 * the validation report as suppressed with its reason instead of disappearing.
 *
 * @throws Error when the rule id does not belong to a known pack
 */
export function namespacedRuleId(ruleId: string): string {
  const trimmed = ruleId.trim();
  // '::' also appears inside finding suffixes such as 'AwsSolutions-IAM5[Action::s3:*]'.
  const bracket = trimmed.indexOf('[');
  const separator = trimmed.slice(0, bracket >= 0 ? bracket : undefined).indexOf('::');
  const bare = separator >= 0 ? trimmed.slice(separator + 2) : trimmed;
  const pack = KNOWN_RULE_PACKS.find((p) => bare.startsWith(`${p}-`) && bare.length > p.length + 1);
  if (!pack) {
    throw new Error(
      `Unknown rule id ${JSON.stringify(ruleId)}: expected '<pack>-<rule>' with pack one of ${KNOWN_RULE_PACKS.join(', ')}`,
    );
  }
  if (separator >= 0 && trimmed.slice(0, separator) !== pack) {
    throw new Error(
      `Rule id ${JSON.stringify(ruleId)} is namespaced under the wrong pack; expected '${pack}::${bare}'`,
    );
  }
  return `${pack}::${bare}`;
}

/**
 * Checks that a reason is specific enough to stand in an audit trail.
 *
 * @returns a description of what is wrong, or `undefined` when the reason is acceptable
 */
export function reasonProblem(reason: string | undefined): string | undefined {
  const text = (reason ?? '').trim();
  if (text.length === 0) return 'is empty';
  if (BOILERPLATE_REASONS.some((pattern) => pattern.test(text))) return 'is boilerplate';
  if (text.length < MIN_REASON_LENGTH) return `is shorter than ${MIN_REASON_LENGTH} characters`;
  return undefined;
}

/**
 * Acknowledges rule-pack findings on a construct and everything below it, always with the namespaced id
 * so each finding is kept in `cdk.out/validation-report.json` as suppressed, with its reason.
 *
 * @example
 * acknowledgeFindings(accessLogs, [{
 *   ruleId: 'HIPAA.Security-S3DefaultEncryptionKMS',
 *   reason: 'S3 server access log delivery only writes to SSE-S3 buckets; this bucket holds no PHI.',
 * }]);
 *
 * @throws Error naming the construct path when a rule id is unknown or a reason is empty, short or
 *   boilerplate; nothing is acknowledged in that case
 */
export function acknowledgeFindings(
  scope: IConstruct,
  acknowledgments: readonly FindingAcknowledgment[],
): void {
  const problems: string[] = [];
  const ids: { id: string; reason: string }[] = [];
  for (const ack of acknowledgments) {
    const problem = reasonProblem(ack.reason);
    if (problem) {
      problems.push(
        `the reason for ${ack.ruleId} ${problem} (got ${JSON.stringify(ack.reason ?? '')}); say why this finding does not weaken the safeguard here`,
      );
    }
    if (ack.expires !== undefined && !isIsoDate(ack.expires)) {
      problems.push(
        `the expiry of ${ack.ruleId} must be a date as YYYY-MM-DD (got ${JSON.stringify(ack.expires)})`,
      );
    }
    try {
      ids.push({ id: namespacedRuleId(ack.ruleId), reason: (ack.reason ?? '').trim() });
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `${scope.node.path || '<root>'}: cannot acknowledge findings:\n- ${problems.join('\n- ')}`,
    );
  }
  Validations.of(scope).acknowledge(...ids);
  for (const [i, ack] of acknowledgments.entries()) {
    if (ack.owner === undefined && ack.ticket === undefined && ack.expires === undefined) continue;
    scope.node.addMetadata(EXCEPTION_METADATA_KEY, {
      id: ids[i].id,
      ...(ack.owner !== undefined ? { owner: ack.owner } : {}),
      ...(ack.ticket !== undefined ? { ticket: ack.ticket } : {}),
      ...(ack.expires !== undefined ? { expires: ack.expires } : {}),
    });
  }
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
