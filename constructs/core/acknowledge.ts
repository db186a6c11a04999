import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { addDays, isIsoDate, isoDay } from './calendar-date';
import { nonWaivableReason } from './non-waivable-controls';
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

/** The most days an exception made by an app may run, counted from the synth date. */
export const MAX_EXCEPTION_DAYS = 365;

/** One finding the toolkit itself acknowledges: a rule id and the specific reason. */
export interface BuiltInAcknowledgment {
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
   * A review-by date (YYYY-MM-DD, UTC) for a built-in acknowledgment that depends on something with an end
   * date (e.g. a Lambda runtime's deprecation): from that day on synth fails, within 30 days it warns.
   *
   * @default - no expiry: the constraint of AWS does not lapse
   */
  readonly expires?: string;
}

/**
 * One finding an app acknowledges on a construct: an accountable exception. Owner, ticket and expiry are
 * required (checked at synth by the compliance gate, which lists every acknowledgment missing one).
 */
export interface FindingAcknowledgment extends BuiltInAcknowledgment {
  /**
   * Who owns the exception (a person or team), shown in the exceptions register. Also checked at runtime:
   * an empty value fails synth naming the construct path, rule id and `owner`.
   */
  readonly owner: string;
  /**
   * The ticket or other reference that tracks the exception, e.g. `SEC-1234` or a URL. Also checked at
   * runtime: an empty value fails synth naming the construct path, rule id and `ticket`.
   */
  readonly ticket: string;
  /**
   * The date (YYYY-MM-DD, UTC) after which the exception lapses, at most 365 days after the synth date.
   * From that day on synth fails; within 30 days of it, it warns. Also checked at runtime.
   */
  readonly expires: string;
}

/** Who made an acknowledgment, as recorded in the exception metadata. */
export type AcknowledgmentSource = 'toolkit' | 'user';

/** The exception metadata recorded beside each acknowledgment (key {@link EXCEPTION_METADATA_KEY}). */
export interface ExceptionMetadata {
  /** The namespaced acknowledgment id. */
  readonly id: string;
  /** `toolkit` for the toolkit's built-in acknowledgments (`acknowledgeBuiltIn`), `user` for {@link acknowledgeFindings}. */
  readonly source: AcknowledgmentSource;
  readonly owner?: string;
  readonly ticket?: string;
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
 * Acknowledges rule-pack findings on a construct and everything below it: an accountable exception of
 * the app, with an owner, a ticket and an expiry at most {@link MAX_EXCEPTION_DAYS} days out. The
 * namespaced id keeps each finding in `cdk.out/validation-report.json` as suppressed, with its reason;
 * the compliance report lists it in the exceptions register. Synth fails on a missing owner, ticket or
 * expiry, or a lapsed expiry, listing every such acknowledgment in the app.
 *
 * @example
 * acknowledgeFindings(scratch, [{
 *   ruleId: 'HIPAA.Security-S3BucketReplicationEnabled',
 *   reason: 'Scratch bucket for de-identified test data; replaced by a replicated PhiBucket in SEC-42.',
 *   owner: 'platform-team',
 *   ticket: 'SEC-42',
 *   expires: '2027-03-31',
 * }]);
 *
 * @throws Error naming the construct path when a rule id is unknown or non-waivable (see
 *   {@link NON_WAIVABLE_CONTROLS}), a reason is empty, short or boilerplate, or a field is malformed;
 *   nothing is acknowledged in that case
 */
export function acknowledgeFindings(
  scope: IConstruct,
  acknowledgments: readonly FindingAcknowledgment[],
): void {
  const problems: string[] = [];
  for (const ack of acknowledgments) {
    const forbidden = nonWaivableReason(ack.ruleId ?? '');
    if (forbidden) problems.push(forbidden);
    problems.push(...fieldFormatProblems(ack));
  }
  const ids = validateAcknowledgments(scope, acknowledgments, problems);
  Validations.of(scope).acknowledge(...ids);
  for (const [i, ack] of acknowledgments.entries()) {
    const metadata: ExceptionMetadata = {
      id: ids[i].id,
      source: 'user',
      ...(ack.owner !== undefined ? { owner: ack.owner.trim() } : {}),
      ...(ack.ticket !== undefined ? { ticket: ack.ticket.trim() } : {}),
      ...(ack.expires !== undefined ? { expires: ack.expires } : {}),
    };
    scope.node.addMetadata(EXCEPTION_METADATA_KEY, metadata);
  }
}

/**
 * What is missing or wrong in an app's exception, judged on the synth date: `owner`, `ticket` and
 * `expires` must be present, `expires` a real date not before the synth date and at most
 * {@link MAX_EXCEPTION_DAYS} days after it.
 *
 * @returns one entry per problem, each starting with the field name
 */
export function accountabilityProblems(
  exception: { readonly owner?: unknown; readonly ticket?: unknown; readonly expires?: unknown },
  now: Date,
): string[] {
  const problems: string[] = [];
  const blank = (v: unknown) => typeof v !== 'string' || v.trim().length === 0;
  if (blank(exception.owner)) problems.push('owner is missing: name the person or team that owns it');
  if (blank(exception.ticket))
    problems.push('ticket is missing: give the ticket or reference that tracks it');
  const expires = exception.expires;
  if (blank(expires)) {
    problems.push(`expires is missing: give a date (YYYY-MM-DD) at most ${MAX_EXCEPTION_DAYS} days out`);
  } else if (typeof expires === 'string' && !isIsoDate(expires)) {
    problems.push(`expires must be a real date as YYYY-MM-DD, got ${JSON.stringify(expires)}`);
  } else if (typeof expires === 'string') {
    const today = isoDay(now);
    const latest = addDays(today, MAX_EXCEPTION_DAYS);
    if (expires < today)
      problems.push(`expires ${expires} is past (synth date ${today}): fix the finding or renew it`);
    else if (expires > latest)
      problems.push(
        `expires ${expires} is more than ${MAX_EXCEPTION_DAYS} days after the synth date ${today} (latest ${latest})`,
      );
  }
  return problems;
}

function fieldFormatProblems(ack: FindingAcknowledgment): string[] {
  const problems: string[] = [];
  for (const field of ['owner', 'ticket', 'expires'] as const) {
    const value: unknown = ack[field];
    if (value !== undefined && typeof value !== 'string')
      problems.push(`the ${field} of ${ack.ruleId} must be a string (got ${JSON.stringify(value)})`);
  }
  if (typeof ack.expires === 'string' && !isIsoDate(ack.expires)) {
    problems.push(
      `the expiry of ${ack.ruleId} must be a real date as YYYY-MM-DD (got ${JSON.stringify(ack.expires)})`,
    );
  }
  return problems;
}

/**
 * Checks the reasons and rule ids of a batch of acknowledgments, recording nothing.
 *
 * @param problems problems found by the caller, reported together with these
 * @returns the namespaced id and trimmed reason of each, in order
 * @throws Error naming the construct path and every problem when there is any
 */
export function validateAcknowledgments(
  scope: IConstruct,
  acknowledgments: readonly BuiltInAcknowledgment[],
  problems: readonly string[] = [],
): { id: string; reason: string }[] {
  const all = [...problems];
  const ids: { id: string; reason: string }[] = [];
  for (const ack of acknowledgments) {
    const problem = reasonProblem(ack.reason);
    if (problem) {
      all.push(
        `the reason for ${ack.ruleId} ${problem} (got ${JSON.stringify(ack.reason ?? '')}); say why this finding does not weaken the safeguard here`,
      );
    }
    try {
      ids.push({ id: namespacedRuleId(ack.ruleId), reason: (ack.reason ?? '').trim() });
    } catch (error) {
      all.push((error as Error).message);
    }
  }
  if (all.length > 0) {
    throw new Error(`${scope.node.path || '<root>'}: cannot acknowledge findings:\n- ${all.join('\n- ')}`);
  }
  return ids;
}
