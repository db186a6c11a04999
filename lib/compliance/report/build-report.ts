import type { IConstruct } from 'constructs';
import { TOOL_NAME, toolVersion } from '../../tool-version';
import { configRulesByCitation, constructsImplementing } from '../catalog/construct-citations';
import { citationsIn, HIPAA_CONTROLS } from '../catalog/controls';
import { isPastDay, judgeCitation, type RuleTally, verdictFields } from '../catalog/sufficiency';
import type { Evaluation, EvaluationLog } from '../evaluation-log';
import { buildAssetInventory } from '../inventory/build-inventory';
import { scoreProposedRule } from '../inventory/readiness';
import { TEMPLATE_PACK } from '../template/rule';
import type { TemplateSet } from '../template/template-set';
import { AcknowledgmentIndex } from './acknowledgment-index';
import { citationBreakdowns, countEvaluations } from './citation-summary';
import type {
  Attestation,
  CitationRow,
  ComplianceReport,
  EvaluationRow,
  ExceptionRow,
  ExceptionState,
  OrgControlRow,
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
  /**
   * The synthesized templates (the report plugin passes the set the template evidence plugin loaded).
   *
   * @default - no asset inventory, network map or proposed-rule readiness in the report
   */
  readonly templates?: TemplateSet;
}

/** Builds the compliance report model from a synthesized app and its recorded evaluations. */
export function buildReport(input: BuildReportInput): ComplianceReport {
  const now = input.now ?? new Date();
  const facts = readTreeFacts(input.root);
  const acknowledgments = new AcknowledgmentIndex(facts.acknowledgments);
  const evaluations = input.log.evaluations.map((e) => toRow(e, acknowledgments));
  const rowsByRule = groupBy(evaluations, (r) => r.baseRuleId);
  const rules = summarizeRules(input.log, rowsByRule);
  const ruleIdsByCitation = indexRulesByCitation(rules);
  const citationsByRule = new Map(rules.map((r) => [r.id, r.citations]));
  const attestations = input.attestations ?? [];
  const implemented = constructsImplementing(input.root);
  const configRules = configRulesByCitation(input.root);

  const rowsByCitation = indexByCitation(evaluations, citationsByRule);
  const tallies = tallyByRule(evaluations);
  const findingsByException = countByAcknowledgment(evaluations);
  const templatePackRan = input.packs.some((p) => p.name === TEMPLATE_PACK);
  const byCitation = <T extends { readonly citation: string }>(list: readonly T[]) =>
    groupBy(list, (n) => n.citation);
  const manual = byCitation(facts.manualAttestations);
  const relaxations = byCitation(facts.relaxations);
  const attestationsByCitation = byCitation(attestations);
  const orgWideByCitation = indexOrgWideControls(facts.orgWideControls);
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
    const ruleIds = ruleIdsByCitation.get(control.id) ?? [];
    const rows = rowsByCitation.get(control.id) ?? [];
    const counts = countEvaluations(rows);
    const attestation = latestAttestation(attestationsByCitation.get(control.id) ?? []);
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
      orgWideControls: orgWideByCitation.get(control.id) ?? [],
      relaxations: (relaxations.get(control.id) ?? []).map(note),
    };
  });

  const exceptions = facts.acknowledgments.map((ack) => toException(ack, findingsByException, now));
  const assets = input.templates
    ? buildAssetInventory(input.templates, indexCitationsByResource(evaluations, citationsByRule))
    : undefined;
  // A section of its own: readiness for the proposed rule never feeds a citation's status above.
  const proposedRule =
    input.templates && assets
      ? scoreProposedRule({
          set: input.templates,
          inventory: assets,
          rules,
          attestations,
          orgWideControls: facts.orgWideControls.map((o) => `${o.control} (${o.scope})`),
          now,
        })
      : undefined;
  const rulesByPack = countBy(rules, (r) => r.pack);
  return {
    schemaVersion: '1.0',
    generatedAt: now.toISOString(),
    tool: { name: TOOL_NAME, version: input.toolVersion ?? toolVersion() },
    stacks: facts.stacks,
    packs: input.packs.map((p) => ({ name: p.name, rules: rulesByPack.get(p.name) ?? 0 })),
    summary: {
      evaluations: evaluations.length,
      ...countEvaluations(evaluations),
      ...citationBreakdowns(citations),
      exceptions: countExceptionStates(exceptions),
    },
    rules,
    evaluations,
    citations,
    exceptions,
    attestations,
    orgWideControls: facts.orgWideControls,
    paging: facts.paging,
    inventory: {
      dataStores: facts.dataStores,
      logDestinations: facts.logDestinations,
      phiTagged: facts.phiTagged,
    },
    ...(assets ? { assets } : {}),
    ...(proposedRule ? { proposedRule } : {}),
  };
}

/** HIPAA citations per evaluated resource (construct path, else `Stack/LogicalId`), in one pass. */
function indexCitationsByResource(
  rows: readonly EvaluationRow[],
  citationsByRule: ReadonlyMap<string, readonly string[]>,
): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const row of rows) {
    const citations = citationsByRule.get(row.baseRuleId);
    if (!citations || citations.length === 0) continue;
    const key = row.resource.constructPath || `${row.resource.stack}/${row.resource.logicalId}`;
    const set = sets.get(key) ?? new Set<string>();
    for (const c of citations) set.add(c);
    sets.set(key, set);
  }
  return new Map([...sets].map(([key, set]) => [key, [...set]]));
}

function toRow(e: Evaluation, acknowledgments: AcknowledgmentIndex): EvaluationRow {
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
  const ack = acknowledgments.closest(`${e.pack}::${e.ruleId}`, e.constructPath);
  return {
    ...base,
    status: ack ? 'acknowledged' : 'non-compliant',
    ...(ack ? { acknowledgment: ack } : {}),
    ...(e.ruleError ? { ruleError: true } : {}),
  };
}

function summarizeRules(
  log: EvaluationLog,
  rowsByRule: ReadonlyMap<string, readonly EvaluationRow[]>,
): RuleSummary[] {
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
      const mine = rowsByRule.get(id) ?? [];
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

/** The latest of one citation's attestations (the first given of those on the latest date). */
function latestAttestation(attestations: readonly Attestation[]): Attestation | undefined {
  return [...attestations].sort((a, b) => b.date.localeCompare(a.date))[0];
}

/** Rule ids per citation, in the (sorted) order of `rules`, each rule once. */
function indexRulesByCitation(rules: readonly RuleSummary[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const rule of rules) {
    for (const citation of new Set(rule.citations)) {
      const list = index.get(citation);
      if (list) list.push(rule.id);
      else index.set(citation, [rule.id]);
    }
  }
  return index;
}

/** `<control> (<scope>)` of each organization-wide control, per citation it serves, each control once. */
function indexOrgWideControls(controls: readonly OrgControlRow[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const o of controls) {
    for (const citation of new Set(o.citations)) {
      const list = index.get(citation);
      const label = `${o.control} (${o.scope})`;
      if (list) list.push(label);
      else index.set(citation, [label]);
    }
  }
  return index;
}

function exceptionState(expires: string | undefined, now: Date): ExceptionState {
  if (!expires) return 'no-expiry';
  if (isPastDay(expires, now)) return 'expired';
  const warnFrom = new Date(`${expires}T00:00:00Z`).getTime() - EXPIRY_WARNING_DAYS * 86_400_000;
  return now.getTime() >= warnFrom ? 'expiring-soon' : 'active';
}

const exceptionKey = (ack: { readonly id: string; readonly acknowledgedAt: string }) =>
  `${ack.id}\u0000${ack.acknowledgedAt}`;

/** How many evaluations each acknowledgment (id × where) covers. */
function countByAcknowledgment(rows: readonly EvaluationRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (!row.acknowledgment) continue;
    const key = exceptionKey(row.acknowledgment);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function toException(
  ack: RecordedAcknowledgment,
  findingsByException: ReadonlyMap<string, number>,
  now: Date,
): ExceptionRow {
  const findings = findingsByException.get(exceptionKey(ack)) ?? 0;
  return { ...ack, state: exceptionState(ack.expires, now), findings };
}

function countExceptionStates(exceptions: readonly ExceptionRow[]): Record<ExceptionState, number> {
  const counts: Record<ExceptionState, number> = {
    active: 0,
    'expiring-soon': 0,
    expired: 0,
    'no-expiry': 0,
  };
  for (const x of exceptions) counts[x.state] += 1;
  return counts;
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

function countBy<T>(list: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of list) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
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
