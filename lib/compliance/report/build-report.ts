import type { IConstruct } from 'constructs';
import { configRulesByCitation, constructsImplementing } from '../catalog/construct-citations';
import { citationsIn, HIPAA_CONTROLS, type HipaaControl } from '../catalog/controls';
import type { Evaluation, EvaluationLog } from '../evaluation-log';
import { citationBreakdowns, countEvaluations } from './citation-summary';
import type {
  Attestation,
  CitationRow,
  CitationStatus,
  ComplianceReport,
  EvaluationRow,
  ExceptionRow,
  ExceptionState,
  RuleSummary,
} from './model';
import { type RecordedAcknowledgment, readTreeFacts } from './tree-facts';

/** Days before an exception's expiry from which the report warns. */
export const EXPIRY_WARNING_DAYS = 30;

/** Citations of the toolkit's own least-privilege pack. */
const LEAST_PRIVILEGE_CITATIONS = ['164.308(a)(4)(i)', '164.312(a)(1)'];

/** Inputs of {@link buildReport}. */
export interface BuildReportInput {
  /** The synthesized app (the construct tree the packs ran over). */
  readonly root: IConstruct;
  /** Every rule evaluation recorded at synth. */
  readonly log: EvaluationLog;
  /** The registered packs and how many rules each has. */
  readonly packs: readonly { readonly name: string }[];
  /** Attestations from the user's attestations file. */
  readonly attestations?: readonly Attestation[];
  /** The report date (tests fix it). */
  readonly now?: Date;
  /** Version of this toolkit. */
  readonly toolVersion?: string;
}

/** Builds the compliance report model from a synthesized app and its recorded evaluations. */
export function buildReport(input: BuildReportInput): ComplianceReport {
  const now = input.now ?? new Date();
  const facts = readTreeFacts(input.root);
  const evaluations = input.log.evaluations.map((e) => toRow(e, facts.acknowledgments));
  const rules = summarizeRules(input.log, evaluations);
  const citationsByRule = new Map(rules.map((r) => [r.id, r.citations]));
  const attestations = input.attestations ?? [];
  const implemented = constructsImplementing(input.root);
  const configRules = configRulesByCitation(input.root);

  const citations: CitationRow[] = HIPAA_CONTROLS.map((control) => {
    const ruleIds = rules.filter((r) => r.citations.includes(control.id)).map((r) => r.id);
    const rows = evaluations.filter((e) => citationsByRule.get(e.baseRuleId)?.includes(control.id));
    const counts = countEvaluations(rows);
    const attestation = latestAttestation(attestations, control.id);
    return {
      id: control.id,
      title: control.title,
      kind: control.kind,
      safeguard: control.safeguard,
      required: control.required,
      automation: control.automation,
      strategies: control.strategies,
      status: citationStatus(control, counts, attestation, now),
      rules: ruleIds,
      resources: [...new Set(rows.map((r) => r.resource.constructPath))],
      constructs: implemented.get(control.id) ?? [],
      configRules: configRules.get(control.id) ?? [],
      counts,
      ...(attestation ? { attestation } : {}),
      manualAttestations: facts.manualAttestations
        .filter((n) => n.citation === control.id)
        .map(({ constructPath, setting, reason }) => ({ constructPath, setting, reason })),
      orgWideControls: facts.orgWideControls
        .filter((o) => o.citations.includes(control.id))
        .map((o) => `${o.control} (${o.scope})`),
      relaxations: facts.relaxations
        .filter((n) => n.citation === control.id)
        .map(({ constructPath, setting, reason }) => ({ constructPath, setting, reason })),
    };
  });

  const exceptions = facts.acknowledgments.map((ack) => toException(ack, evaluations, now));
  return {
    schemaVersion: '1.0',
    generatedAt: now.toISOString(),
    tool: { name: 'cdk-hipaa-baseline', version: input.toolVersion ?? '0.0.0' },
    stacks: facts.stacks,
    packs: input.packs.map((p) => ({ name: p.name, rules: rules.filter((r) => r.pack === p.name).length })),
    summary: {
      evaluations: evaluations.length,
      ...countEvaluations(evaluations),
      ...citationBreakdowns(citations),
      exceptions: {
        active: exceptions.filter((e) => e.state === 'active').length,
        'expiring-soon': exceptions.filter((e) => e.state === 'expiring-soon').length,
        expired: exceptions.filter((e) => e.state === 'expired').length,
        'no-expiry': exceptions.filter((e) => e.state === 'no-expiry').length,
      },
    },
    rules,
    evaluations,
    citations,
    exceptions,
    attestations,
    orgWideControls: facts.orgWideControls,
    inventory: {
      dataStores: facts.dataStores,
      logDestinations: facts.logDestinations,
      phiTagged: facts.phiTagged,
    },
  };
}

function toRow(e: Evaluation, acknowledgments: readonly RecordedAcknowledgment[]): EvaluationRow {
  const resource = {
    stack: e.stackName,
    logicalId: e.logicalId,
    constructPath: e.constructPath,
    type: e.resourceType,
  };
  const base = { pack: e.pack, ruleId: e.ruleId, baseRuleId: e.baseRuleId, level: e.level, resource };
  if (e.outcome === 'compliant') return { ...base, status: 'compliant' };
  const ack = closestRecordedAcknowledgment(acknowledgments, `${e.pack}::${e.ruleId}`, e.constructPath);
  return {
    ...base,
    status: ack ? 'acknowledged' : 'non-compliant',
    ...(ack ? { acknowledgment: ack } : {}),
    ...(e.ruleError ? { ruleError: true } : {}),
  };
}

/** The acknowledgment of `id` on the resource's path or its closest ancestor, as aws-cdk-lib applies it. */
function closestRecordedAcknowledgment(
  acknowledgments: readonly RecordedAcknowledgment[],
  id: string,
  constructPath: string,
): RecordedAcknowledgment | undefined {
  const candidates = acknowledgments.filter(
    (a) =>
      a.id === id && (constructPath === a.acknowledgedAt || constructPath.startsWith(`${a.acknowledgedAt}/`)),
  );
  return candidates.sort((a, b) => b.acknowledgedAt.length - a.acknowledgedAt.length)[0];
}

function summarizeRules(log: EvaluationLog, rows: readonly EvaluationRow[]): RuleSummary[] {
  const infos = new Map<string, { pack: string; info: string; level: string }>();
  for (const e of log.evaluations) infos.set(e.baseRuleId, { pack: e.pack, info: e.info, level: e.level });
  for (const [id, n] of log.notApplicableRules)
    if (!infos.has(id)) infos.set(id, { pack: n.pack, info: n.info, level: 'error' });
  const hipaaBySuffix = new Map<string, string[]>();
  for (const [id, { pack, info }] of infos) {
    if (pack === 'HIPAA.Security') hipaaBySuffix.set(id.slice(pack.length + 1), citationsIn(info));
  }
  return [...infos.entries()]
    .map(([id, { pack, info, level }]) => {
      const mine = rows.filter((r) => r.baseRuleId === id);
      return {
        id,
        pack,
        info,
        level,
        citations: ruleCitations(pack, id, info, hipaaBySuffix),
        ...countEvaluations(mine),
        notApplicable: log.notApplicableRules.get(id)?.count ?? 0,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * HIPAA citations a rule evidences: HIPAA.Security rules name them in their text; a NIST 800-53 rule
 * evidences what the HIPAA.Security rule of the same check does; AwsSolutions rules cite none.
 */
function ruleCitations(
  pack: string,
  id: string,
  info: string,
  hipaaBySuffix: Map<string, string[]>,
): string[] {
  if (pack === 'HIPAA.Security') return citationsIn(info);
  if (pack === 'NIST.800.53.R5') return hipaaBySuffix.get(id.slice(pack.length + 1)) ?? [];
  if (pack === 'LeastPrivilege') return LEAST_PRIVILEGE_CITATIONS;
  return [];
}

function latestAttestation(attestations: readonly Attestation[], citation: string): Attestation | undefined {
  return attestations.filter((a) => a.citation === citation).sort((a, b) => b.date.localeCompare(a.date))[0];
}

/**
 * A citation is shown as met only when a check that ran supports it: at least one compliant or
 * acknowledged evaluation of a rule citing it, and no unacknowledged failure.
 */
function citationStatus(
  control: HipaaControl,
  counts: CitationRow['counts'],
  attestation: Attestation | undefined,
  now: Date,
): CitationStatus {
  if (counts.nonCompliant > 0) return 'not-met';
  if (counts.compliant > 0) return counts.acknowledged > 0 ? 'met-with-exceptions' : 'met';
  if (counts.acknowledged > 0) return 'met-with-exceptions';
  if (attestation)
    return attestation.expires && isPast(attestation.expires, now) ? 'attestation-expired' : 'attested';
  return control.automation === 'organizational' ? 'attestation-required' : 'not-evidenced';
}

/** True when the whole day `date` (UTC) is before `now`. */
function isPast(date: string, now: Date): boolean {
  return new Date(`${date}T23:59:59.999Z`).getTime() < now.getTime();
}

function exceptionState(expires: string | undefined, now: Date): ExceptionState {
  if (!expires) return 'no-expiry';
  if (isPast(expires, now)) return 'expired';
  const warnFrom = new Date(`${expires}T00:00:00Z`).getTime() - EXPIRY_WARNING_DAYS * 86_400_000;
  return now.getTime() >= warnFrom ? 'expiring-soon' : 'active';
}

function toException(ack: RecordedAcknowledgment, rows: readonly EvaluationRow[], now: Date): ExceptionRow {
  const findings = rows.filter(
    (r) => r.acknowledgment?.id === ack.id && r.acknowledgment.acknowledgedAt === ack.acknowledgedAt,
  ).length;
  return { ...ack, state: exceptionState(ack.expires, now), findings };
}
