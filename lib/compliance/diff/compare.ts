import type {
  AssetRow,
  CitationRow,
  CitationStatus,
  ComplianceReport,
  EvaluationRow,
  ExceptionRow,
} from '../report/model';
import { evaluationKey, type SettingChange, settingChanges } from './settings';

/**
 * How far a citation status is from proven; a higher rank in the head report than in the base is a
 * regression. A status this build does not know ranks worst, so a report from a newer tool never reads
 * as "no regression".
 */
const STATUS_RANK: Readonly<Record<CitationStatus, number>> = {
  met: 0,
  'met-with-exceptions': 1,
  attested: 1,
  'technical-met-attestation-outstanding': 2,
  'not-applicable': 2,
  'attestation-required': 2,
  'not-evidenced': 2,
  'attestation-expired': 3,
  'not-met': 4,
};
const rankOf = (status: string) => STATUS_RANK[status as CitationStatus] ?? Number.MAX_SAFE_INTEGER;

/** A citation whose status changed. */
export interface CitationChange {
  readonly id: string;
  readonly title: string;
  readonly from: CitationStatus;
  readonly to: CitationStatus;
}

/** A relaxation (a reasoned, prop-level loosening a construct recorded) new in the head report. */
export interface RelaxationChange {
  readonly citation: string;
  readonly constructPath: string;
  readonly setting: string;
  readonly reason: string;
}

/** Everything that got weaker from base to head; any entry fails `hipaa-baseline diff`. */
export interface ComplianceRegressions {
  /** Unacknowledged failures (violations or unverified template evidence) not in the base. */
  readonly newViolations: readonly EvaluationRow[];
  /** Rule × resource outcomes that passed in the base and are acknowledged in the head. */
  readonly newlyAcknowledged: readonly EvaluationRow[];
  readonly newExceptions: readonly ExceptionRow[];
  /** Same acknowledgment, later or no expiry, or a different reason. */
  readonly extendedExceptions: readonly { readonly base: ExceptionRow; readonly head: ExceptionRow }[];
  /** Same acknowledgment, covering more findings than before. */
  readonly widenedExceptions: readonly { readonly base: ExceptionRow; readonly head: ExceptionRow }[];
  /** Security settings a rule still accepts but that moved against its stronger direction. */
  readonly weakenedSettings: readonly SettingChange[];
  readonly newRelaxations: readonly RelaxationChange[];
  /** AWS Config rules that checked a citation after deploy in the base and no longer do. */
  readonly droppedConfigRules: readonly { readonly citation: string; readonly rule: string }[];
  readonly worsenedCitations: readonly CitationChange[];
  readonly removedPacks: readonly string[];
  readonly removedRules: readonly string[];
  readonly removedConstructs: readonly { readonly citation: string; readonly construct: string }[];
  /** Assets classified PHI in the base and not in the head (the PHI safeguards stop applying to them). */
  readonly declassifiedAssets: readonly AssetChange[];
  /** Assets that had a KMS key or a backup plan in the base and lost it. */
  readonly unprotectedAssets: readonly AssetChange[];
}

/** What got better; listed for reviewers, never a failure. */
export interface ComplianceImprovements {
  readonly fixedViolations: readonly EvaluationRow[];
  readonly removedExceptions: readonly ExceptionRow[];
  readonly strengthenedSettings: readonly SettingChange[];
  readonly improvedCitations: readonly CitationChange[];
}

/** One asset of the inventory in both reports, with what changed. */
export interface AssetChange {
  /** The construct path, or `Stack/LogicalId`. */
  readonly asset: string;
  readonly type: string;
  readonly base: AssetRow;
  readonly head: AssetRow;
  /** What changed, e.g. `classification PHI → unclassified`, `lost key X`, `left backup plan Y`. */
  readonly changes: readonly string[];
}

/** Assets added, removed or reclassified (listed for reviewers; the regressions are listed above). */
export interface AssetDiff {
  readonly added: readonly AssetRow[];
  readonly removed: readonly AssetRow[];
  /** Every change of classification, either way. */
  readonly reclassified: readonly AssetChange[];
}

/** The comparison of two reports. */
export interface ComplianceDiff extends ComplianceRegressions {
  readonly improvements: ComplianceImprovements;
  /** Empty when either report has no asset inventory. */
  readonly assets: AssetDiff;
  /** Settings that changed with no stated stronger direction while their rule still passes. */
  readonly otherSettingChanges: readonly SettingChange[];
}

/** The regression lists of a diff, in the order the summary shows them. */
export const REGRESSION_KINDS: readonly (keyof ComplianceRegressions)[] = [
  'newViolations',
  'newlyAcknowledged',
  'newExceptions',
  'extendedExceptions',
  'widenedExceptions',
  'weakenedSettings',
  'newRelaxations',
  'droppedConfigRules',
  'worsenedCitations',
  'removedPacks',
  'removedRules',
  'removedConstructs',
  'declassifiedAssets',
  'unprotectedAssets',
];

const exceptionKey = (x: ExceptionRow) => `${x.id}\u0000${x.acknowledgedAt}`;
const relaxationKey = (r: RelaxationChange) => `${r.citation}\u0000${r.constructPath}\u0000${r.setting}`;

/** Compares `head` with `base`: per rule per resource, per setting, per exception and per citation. */
export function diffReports(base: ComplianceReport, head: ComplianceReport): ComplianceDiff {
  const baseOutcome = new Map(base.evaluations.map((e) => [evaluationKey(e), e.status]));
  const headOutcome = new Map(head.evaluations.map((e) => [evaluationKey(e), e.status]));
  const baseExceptions = new Map(base.exceptions.map((x) => [exceptionKey(x), x]));
  const headExceptions = new Set(head.exceptions.map(exceptionKey));
  const pairedExceptions = head.exceptions.flatMap((x) => {
    const before = baseExceptions.get(exceptionKey(x));
    return before ? [{ base: before, head: x }] : [];
  });
  const headRules = new Set(head.evaluations.map((e) => e.baseRuleId));
  const headPacks = new Set(head.packs.map((p) => p.name));
  const headConstructs = new Set(head.citations.flatMap((c) => c.constructs.map((k) => `${c.id}\u0000${k}`)));
  const settings = settingChanges(base.evaluations, head.evaluations);
  const citationChanges = changedCitations(base.citations, head.citations);
  const assets = compareAssets(base, head);
  return {
    newViolations: head.evaluations.filter(
      (e) => e.status === 'non-compliant' && baseOutcome.get(evaluationKey(e)) !== 'non-compliant',
    ),
    newlyAcknowledged: head.evaluations.filter(
      (e) => e.status === 'acknowledged' && baseOutcome.get(evaluationKey(e)) === 'compliant',
    ),
    newExceptions: head.exceptions.filter((x) => !baseExceptions.has(exceptionKey(x))),
    extendedExceptions: pairedExceptions.filter(
      ({ base: before, head: x }) =>
        (before.expires !== undefined && (x.expires === undefined || x.expires > before.expires)) ||
        before.reason !== x.reason,
    ),
    widenedExceptions: pairedExceptions.filter(({ base: before, head: x }) => x.findings > before.findings),
    weakenedSettings: settings.filter((s) => s.direction === 'weaker'),
    newRelaxations: newRelaxations(base.citations, head.citations),
    droppedConfigRules: droppedConfigRules(base.citations, head.citations),
    worsenedCitations: citationChanges.filter((c) => rankOf(c.to) > rankOf(c.from)),
    removedPacks: base.packs.map((p) => p.name).filter((name) => !headPacks.has(name)),
    removedRules: [...new Set(base.evaluations.map((e) => e.baseRuleId))]
      .filter((r) => !headRules.has(r))
      .sort(),
    removedConstructs: base.citations.flatMap((c) =>
      c.constructs
        .filter((k) => !headConstructs.has(`${c.id}\u0000${k}`))
        .map((construct) => ({ citation: c.id, construct })),
    ),
    declassifiedAssets: assets.reclassified.filter(
      (c) => c.base.classification === PHI && c.head.classification !== PHI,
    ),
    unprotectedAssets: assets.unprotected,
    assets: { added: assets.added, removed: assets.removed, reclassified: assets.reclassified },
    improvements: {
      fixedViolations: base.evaluations.filter(
        (e) => e.status === 'non-compliant' && headOutcome.get(evaluationKey(e)) === 'compliant',
      ),
      removedExceptions: base.exceptions.filter((x) => !headExceptions.has(exceptionKey(x))),
      strengthenedSettings: settings.filter((s) => s.direction === 'stronger'),
      improvedCitations: citationChanges.filter((c) => rankOf(c.to) < rankOf(c.from)),
    },
    otherSettingChanges: settings.filter((s) => s.direction === 'changed'),
  };
}

/** True when the diff holds any regression (improvements and neutral changes never count). */
export function hasRegressions(diff: ComplianceDiff): boolean {
  return REGRESSION_KINDS.some((kind) => diff[kind].length > 0);
}

function changedCitations(base: readonly CitationRow[], head: readonly CitationRow[]): CitationChange[] {
  const before = new Map(base.map((c) => [c.id, c]));
  return head.flatMap((c) => {
    const was = before.get(c.id);
    return was && was.status !== c.status
      ? [{ id: c.id, title: c.title, from: was.status, to: c.status }]
      : [];
  });
}

function relaxationsOf(citations: readonly CitationRow[]): RelaxationChange[] {
  return citations.flatMap((c) => c.relaxations.map((r) => ({ citation: c.id, ...r })));
}

function newRelaxations(base: readonly CitationRow[], head: readonly CitationRow[]): RelaxationChange[] {
  const before = new Map(relaxationsOf(base).map((r) => [relaxationKey(r), r]));
  return relaxationsOf(head).filter((r) => before.get(relaxationKey(r))?.reason !== r.reason);
}

function droppedConfigRules(
  base: readonly CitationRow[],
  head: readonly CitationRow[],
): { citation: string; rule: string }[] {
  const now = new Map(head.map((c) => [c.id, new Set(c.configRules)]));
  return base.flatMap((c) =>
    c.configRules.filter((rule) => !now.get(c.id)?.has(rule)).map((rule) => ({ citation: c.id, rule })),
  );
}

const PHI = 'PHI';
const assetKey = (a: AssetRow) => a.constructPath || `${a.stack}/${a.logicalId}`;

/**
 * Pairs the assets of both inventories by construct path: added, removed, reclassified, and those
 * that lost their KMS key (to none or to a service-managed key) or left a backup plan.
 */
function compareAssets(base: ComplianceReport, head: ComplianceReport) {
  if (!base.assets || !head.assets) return { added: [], removed: [], reclassified: [], unprotected: [] };
  const before = new Map(base.assets.assets.map((a) => [assetKey(a), a]));
  const now = new Set(head.assets.assets.map(assetKey));
  const reclassified: AssetChange[] = [];
  const unprotected: AssetChange[] = [];
  const added: AssetRow[] = [];
  for (const asset of head.assets.assets) {
    const was = before.get(assetKey(asset));
    if (!was) {
      added.push(asset);
      continue;
    }
    const pair = { asset: assetKey(asset), type: asset.type, base: was, head: asset };
    if (was.classification !== asset.classification) {
      reclassified.push({
        ...pair,
        changes: [`classification ${was.classification} → ${asset.classification}`],
      });
    }
    const lost: string[] = [];
    if (was.encryption === 'kms' && asset.encryption !== 'kms') {
      lost.push(`lost KMS key${was.encryptionKey ? ` ${was.encryptionKey}` : ''} (now ${asset.encryption})`);
    }
    const plans = new Set(asset.backupPlans);
    for (const plan of was.backupPlans) if (!plans.has(plan)) lost.push(`left backup plan ${plan}`);
    if (lost.length > 0) unprotected.push({ ...pair, changes: lost });
  }
  const removed = base.assets.assets.filter((a) => !now.has(assetKey(a)));
  return { added, removed, reclassified, unprotected };
}
