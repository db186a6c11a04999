import * as path from 'node:path';
import {
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  type PolicyViolation,
  Validations,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { accountabilityProblems, type ExceptionMetadata } from '../../constructs/core/acknowledge';
import { isGateFinding, nonWaivableReason } from '../../constructs/core/non-waivable-controls';
import { EXCEPTION_METADATA_KEY } from '../../constructs/core/report-metadata';

/** The rule ids of the exception policy's findings (never acknowledgeable: they are fatal). */
export const EXCEPTION_POLICY_RULE_IDS = {
  NON_WAIVABLE: 'ExceptionPolicy-NonWaivableAcknowledged',
  UNACCOUNTABLE: 'ExceptionPolicy-UnaccountableException',
} as const;

/** Who made an acknowledgment, as the report shows it. */
export type ExceptionSource = 'built-in' | 'user';

/** Where an acknowledgment came from: the toolkit or aws-cdk-lib (built-in), or the app (user). */
export interface AcknowledgmentOrigin {
  readonly source: ExceptionSource;
  /** The source line that made it (`file:line`), when the stack trace shows it. */
  readonly location?: string;
}

/** Frames of the acknowledgment helpers themselves, skipped when looking for where a call was made. */
const HELPER_FRAME = /constructs[/\\]core[/\\](acknowledge|private[/\\]acknowledge-built-in)\.[jt]s:/;
/** A frame aws-cdk-lib collapsed: `...new Vpc2 in aws-cdk-lib...`. */
const CDK_LIB_FRAME = /^\s*\.\.\.(.*) in aws-cdk-lib\.\.\.$/;
const FRAME = /^\s*at (?:.* \()?(.+?):(\d+)(?::\d+)?\)?$/;

/**
 * Classifies one recorded acknowledgment. The toolkit's `acknowledgeBuiltIn` records `source: 'toolkit'`;
 * `acknowledgeFindings` records `source: 'user'`. Without exception metadata, an acknowledgment made by
 * aws-cdk-lib for its own helpers (the first frame of its trace is inside aws-cdk-lib, not
 * `Validations.acknowledge`) is built-in; any other — a raw `Validations.of(c).acknowledge()` — is the
 * app's, and unaccountable. No trace at all counts as the app's (fail closed).
 */
export function acknowledgmentOrigin(
  trace: readonly string[] | undefined,
  exception: Partial<ExceptionMetadata> | undefined,
): AcknowledgmentOrigin {
  const location = callSite(trace);
  const withLocation = location ? { location } : {};
  if (exception?.source === 'toolkit') return { source: 'built-in', ...withLocation };
  if (exception?.source === 'user') return { source: 'user', ...withLocation };
  const internal = CDK_LIB_FRAME.exec(trace?.[0] ?? '');
  if (internal && internal[1] !== 'Validations.acknowledge') return { source: 'built-in', ...withLocation };
  return { source: 'user', ...withLocation };
}

/** The first frame of `trace` outside the acknowledgment helpers, as `file:line` relative to the working directory. */
function callSite(trace: readonly string[] | undefined): string | undefined {
  for (const line of trace ?? []) {
    const frame = FRAME.exec(line);
    if (!frame || HELPER_FRAME.test(line)) continue;
    return `${path.relative(process.cwd(), frame[1]) || frame[1]}:${frame[2]}`;
  }
  return undefined;
}

/** One acknowledgment found in the construct tree, classified. */
export interface TreeAcknowledgment extends AcknowledgmentOrigin {
  readonly id: string;
  readonly acknowledgedAt: string;
  readonly exception?: Partial<ExceptionMetadata>;
}

/** Every acknowledgment recorded under `root`, with its origin (metadata only; no template is read). */
export function treeAcknowledgments(root: IConstruct): TreeAcknowledgment[] {
  const found: TreeAcknowledgment[] = [];
  for (const construct of root.node.findAll()) {
    const details = new Map<string, Partial<ExceptionMetadata>>();
    for (const entry of construct.node.metadata) {
      if (entry.type === EXCEPTION_METADATA_KEY) details.set(entry.data.id, entry.data);
    }
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const id of Object.keys(entry.data as Record<string, string>)) {
        const exception = details.get(id);
        found.push({
          id,
          acknowledgedAt: construct.node.path,
          ...(exception ? { exception } : {}),
          ...acknowledgmentOrigin(entry.trace, exception),
        });
      }
    }
  }
  return found;
}

/** Options of the {@link ExceptionPolicyPlugin}. */
export interface ExceptionPolicyOptions {
  /**
   * The synth date expiries are judged against.
   *
   * @default - now
   */
  readonly now?: () => Date;
  /**
   * Leave lapsed expiries to the compliance report plugin, which reports them with their owner and
   * ticket (avoids reporting one lapse twice).
   *
   * @default false - this plugin reports a past expiry itself
   */
  readonly lapsedReportedElsewhere?: boolean;
}

/**
 * Enforces the exception policy at synth: no acknowledgment of the gate's own findings or of a
 * non-waivable control (see `constructs/core/non-waivable-controls.ts`), and every acknowledgment the app
 * makes carries an owner, a ticket and an expiry at most 365 days out (164.308(a)(1)(ii)(B): a risk
 * accepted must be tracked to a person and a date). Built-in acknowledgments of the toolkit and
 * aws-cdk-lib are exempt from owner, ticket and expiry. Findings are fatal, so no acknowledgment can
 * silence them; each names the acknowledgment and the construct path and source line where it was made.
 */
export class ExceptionPolicyPlugin implements IPolicyValidationPlugin {
  public readonly name = 'ExceptionPolicy';
  public readonly ruleIds: string[] = Object.values(EXCEPTION_POLICY_RULE_IDS);

  constructor(private readonly options: ExceptionPolicyOptions = {}) {}

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return this.validateScope(context.appConstruct);
  }

  /** Checks every acknowledgment under `root`. */
  public validateScope(root: IConstruct): PolicyValidationPluginReport {
    const now = this.options.now?.() ?? new Date();
    const forbidden: string[] = [];
    const unaccountable: string[] = [];
    const forbiddenAt: string[] = [];
    const unaccountableAt: string[] = [];
    for (const ack of treeAcknowledgments(root)) {
      const where = `${ack.acknowledgedAt || '<root>'}${ack.location ? ` (${ack.location})` : ''}`;
      const reason = nonWaivableReason(ack.id);
      if (reason && (ack.source === 'user' || isGateFinding(ack.id))) {
        forbidden.push(`  ${ack.id} acknowledged at ${where}: ${reason}`);
        forbiddenAt.push(ack.acknowledgedAt);
      }
      if (ack.source !== 'user') continue;
      const problems = accountabilityProblems(ack.exception ?? {}, now).filter(
        (p) => !(this.options.lapsedReportedElsewhere && p.includes(' is past ')),
      );
      if (problems.length === 0) continue;
      const how = ack.exception ? '' : ' (a raw Validations.acknowledge call; use acknowledgeFindings)';
      unaccountable.push(`  ${ack.id} acknowledged at ${where}${how}: ${problems.join('; ')}`);
      unaccountableAt.push(ack.acknowledgedAt);
    }
    const violations: PolicyViolation[] = [];
    if (forbidden.length > 0)
      violations.push(
        violation(
          EXCEPTION_POLICY_RULE_IDS.NON_WAIVABLE,
          `${forbidden.length} acknowledgment(s) of findings that cannot be waived; remove them and fix the resources:\n${forbidden.join('\n')}`,
          forbiddenAt,
        ),
      );
    if (unaccountable.length > 0)
      violations.push(
        violation(
          EXCEPTION_POLICY_RULE_IDS.UNACCOUNTABLE,
          `${unaccountable.length} acknowledgment(s) without a complete owner, ticket and expiry (at most 365 days out); give each one through acknowledgeFindings({ ruleId, reason, owner, ticket, expires }):\n${unaccountable.join('\n')}`,
          unaccountableAt,
        ),
      );
    return { success: violations.length === 0, violations };
  }
}

function violation(ruleName: string, description: string, paths: readonly string[]): PolicyViolation {
  return {
    ruleName,
    description,
    // Fatal: aws-cdk-lib never applies an acknowledgment to a fatal violation.
    severity: 'fatal',
    violatingResources: [...new Set(paths)].map((constructPath) => ({
      constructPath,
      locations: ['Metadata'],
      resourceLogicalId: '',
      templatePath: '',
    })),
  };
}
