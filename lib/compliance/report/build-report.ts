import type { IConstruct } from 'constructs';
import { TOOL_NAME, toolVersion } from '../../tool-version';
import { configRulesByCitation, constructsImplementing } from '../catalog/construct-citations';
import { citationsIn, HIPAA_CONTROLS } from '../catalog/controls';
import { isPastDay, judgeCitation, type RuleTally, verdictFields } from '../catalog/sufficiency';
import type { Evaluation, EvaluationLog } from '../evaluation-log';
import { TEMPLATE_PACK } from '../template/rule';
import { citationBreakdowns, countEvaluations } from './citation-summary';
import type {
  Attestation,
  CitationRow,
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

  const rowsByCitation = indexByCitation(evaluations, citationsByRule);
  const tallies = tallyByRule(evaluations);
  const templatePackRan = input.packs.some((p) => p.name === TEMPLATE_PACK);
  const byCitation = <T extends { readonly citation: string }>(list: readonly T[]) =>
    groupBy(list, (n) => n.citation);
  const manual = byCitation(facts.manualAttestations);
  const relaxations = byCitation(facts.relaxations);
  const note = ({
    constructPath,
    setting,
    reason,
  }: {
    constructPath: string;
    setting: string;
    reason: string;
  }) => ({
    constructPath,
    setting,
    reason,
  });

  const citations: CitationRow[] = HIPAA_CONTROLS.map((control) => {
    const ruleIds = rules.filter((r) => r.citations.includes(control.id)).map((r) => r.id);
    const rows = rowsByCitation.get(control.id) ?? [];
    const counts = countEvaluations(rows);
    const attestation = latestAttestation(attestations, control.id);
    const constructs = implemented.get(control.id) ?? [];
    const verdict = judgeCitation({
      control,
      counts,
      tally: (id) => tallies.get(id),
      templatePackRan,
      implementingConstructs: constructs.length,
      attestation,
      now,
    });
    return {
      id: control.id,
      title: control.title,
      kind: control.kind,
      safeguard: control.safeguard,
      required: control.required,
      automation: control.automation,
      strategies: control.strategies,
      ...verdictFields(verdict),
      rules: ruleIds,
      resources: [...new Set(rows.map((r) => r.resource.constructPath))],
      constructs,
      configRules: configRules.get(control.id) ?? [],
      counts,
      ...(attestation ? { attestation } : {}),
      manualAttestations: (manual.get(control.id) ?? []).map(note),
      orgWideControls: facts.orgWideControls
        .filter((o) => o.citations.includes(control.id))
        .map((o) => `${o.control} (${o.scope})`),
      relaxations: (relaxations.get(control.id) ?? []).map(note),
    };
  });

  const exceptions = facts.acknowledgments.map((ack) => toException(ack, evaluations, now));
  return {
    schemaVersion: '1.0',
    generatedAt: now.toISOString(),
    tool: { name: TOOL_NAME, version: input.toolVersion ?? toolVersion() },
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
  const base = {
    pack: e.pack,
    ruleId: e.ruleId,
    baseRuleId: e.baseRuleId,
    level: e.level,
    resource,
    ...(e.unverified ? { unverified: true } : {}),
    ...(e.problems ? { problems: e.problems } : {}),
    ...(e.observed ? { observed: e.observed } : {}),
  };
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
 * evidences what the HIPAA.Security rule of the same check does; template evidence rules name theirs in
 * their info; AwsSolutions rules cite none.
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
  if (pack === TEMPLATE_PACK) return citationsIn(info);
  return [];
}

function latestAttestation(attestations: readonly Attestation[], citation: string): Attestation | undefined {
  return attestations.filter((a) => a.citation === citation).sort((a, b) => b.date.localeCompare(a.date))[0];
}

function exceptionState(expires: string | undefined, now: Date): ExceptionState {
  if (!expires) return 'no-expiry';
  if (isPastDay(expires, now)) return 'expired';
  const warnFrom = new Date(`${expires}T00:00:00Z`).getTime() - EXPIRY_WARNING_DAYS * 86_400_000;
  return now.getTime() >= warnFrom ? 'expiring-soon' : 'active';
}

function toException(ack: RecordedAcknowledgment, rows: readonly EvaluationRow[], now: Date): ExceptionRow {
  const findings = rows.filter(
    (r) => r.acknowledgment?.id === ack.id && r.acknowledgment.acknowledgedAt === ack.acknowledgedAt,
  ).length;
  return { ...ack, state: exceptionState(ack.expires, now), findings };
}

/** Evaluation rows by the citations of their rule (one pass over the rows). */
function indexByCitation(
  rows: readonly EvaluationRow[],
  citationsByRule: ReadonlyMap<string, readonly string[]>,
): Map<string, EvaluationRow[]> {
  const index = new Map<string, EvaluationRow[]>();
  for (const row of rows) {
    for (const citation of citationsByRule.get(row.baseRuleId) ?? []) {
      const list = index.get(citation);
      if (list) list.push(row);
      else index.set(citation, [row]);
    }
  }
  return index;
}

/** Compliant / non-compliant / acknowledged counts per rule id. */
function tallyByRule(rows: readonly EvaluationRow[]): Map<string, RuleTally> {
  const tallies = new Map<string, { compliant: number; nonCompliant: number; acknowledged: number }>();
  for (const row of rows) {
    const t = tallies.get(row.baseRuleId) ?? { compliant: 0, nonCompliant: 0, acknowledged: 0 };
    if (row.status === 'compliant') t.compliant += 1;
    else if (row.status === 'acknowledged') t.acknowledged += 1;
    else t.nonCompliant += 1;
    tallies.set(row.baseRuleId, t);
  }
  return tallies;
}

function groupBy<T>(list: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of list) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
