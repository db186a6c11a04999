import type { AssetRow, EvaluationRow } from '../report/model';
import { mdCell, STATUS_LABELS } from '../report/render-markdown';
import { type AssetChange, type ComplianceDiff, hasRegressions } from './compare';
import type { SettingChange } from './settings';

function table(title: string, header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  if (rows.length === 0) return [];
  return [
    `#### ${title} (${rows.length})`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
  ];
}

const show = (value: unknown) =>
  mdCell(value === null || value === undefined ? 'absent' : JSON.stringify(value));

const evaluationCells = (e: EvaluationRow) => [
  mdCell(e.ruleId),
  mdCell(e.resource.constructPath || e.resource.logicalId),
  mdCell(e.resource.stack),
  mdCell((e.problems ?? []).map((p) => `${p.path}: ${p.message}`).join('; ')),
];

const settingCells = (s: SettingChange) => [
  mdCell(s.ruleId),
  mdCell(s.constructPath),
  mdCell(s.property),
  show(s.from),
  show(s.to),
];

const assetHeader = ['asset', 'type', 'what changed'];
const assetCells = (c: AssetChange) => [mdCell(c.asset), mdCell(c.type), mdCell(c.changes.join('; '))];
const addedHeader = ['asset', 'type', 'classification'];
const addedCells = (a: AssetRow) => [
  mdCell(a.constructPath || `${a.stack}/${a.logicalId}`),
  mdCell(a.type),
  mdCell(a.classification),
];

/**
 * A Markdown summary of the diff for a pull-request comment: every regression first (each fails the
 * command), then improvements and neutral setting changes for the reviewer.
 */
export function renderDiffMarkdown(diff: ComplianceDiff): string {
  const failing = hasRegressions(diff);
  const evaluationHeader = ['rule', 'resource', 'stack', 'what is wrong'];
  const settingHeader = ['rule', 'resource', 'setting', 'before', 'now'];
  const exceptionPair = (list: ComplianceDiff['extendedExceptions']) =>
    list.map(({ base, head }) => [
      mdCell(head.id),
      mdCell(head.acknowledgedAt),
      base.expires ?? 'never',
      head.expires ?? 'never',
      `${base.findings} → ${head.findings}`,
      mdCell(head.reason),
    ]);
  const exceptionPairHeader = [
    'rule',
    'acknowledged at',
    'expiry before',
    'expiry now',
    'findings',
    'reason now',
  ];
  const { improvements: better } = diff;
  const lines = [
    failing ? '### HIPAA compliance: regressions found' : '### HIPAA compliance: no regressions',
    '',
    ...table('New violations', evaluationHeader, diff.newViolations.map(evaluationCells)),
    ...table(
      'Passing checks now acknowledged instead',
      ['rule', 'resource', 'stack', 'acknowledged at', 'reason'],
      diff.newlyAcknowledged.map((e) => [
        mdCell(e.ruleId),
        mdCell(e.resource.constructPath),
        mdCell(e.resource.stack),
        mdCell(e.acknowledgment?.acknowledgedAt ?? ''),
        mdCell(e.acknowledgment?.reason ?? ''),
      ]),
    ),
    ...table(
      'New acknowledgments',
      ['rule', 'acknowledged at', 'owner', 'expires', 'reason'],
      diff.newExceptions.map((x) => [
        mdCell(x.id),
        mdCell(x.acknowledgedAt),
        mdCell(x.owner ?? ''),
        x.expires ?? 'never',
        mdCell(x.reason),
      ]),
    ),
    ...table(
      'Extended or reworded acknowledgments',
      exceptionPairHeader,
      exceptionPair(diff.extendedExceptions),
    ),
    ...table(
      'Acknowledgments covering more findings',
      exceptionPairHeader,
      exceptionPair(diff.widenedExceptions),
    ),
    ...table(
      'Weakened security settings (the rule still passes)',
      settingHeader,
      diff.weakenedSettings.map(settingCells),
    ),
    ...table(
      'New relaxations',
      ['citation', 'construct', 'setting', 'reason'],
      diff.newRelaxations.map((r) => [
        r.citation,
        mdCell(r.constructPath),
        mdCell(r.setting),
        mdCell(r.reason),
      ]),
    ),
    ...table(
      'AWS Config rules no longer checking a citation',
      ['citation', 'Config rule'],
      diff.droppedConfigRules.map((d) => [d.citation, mdCell(d.rule)]),
    ),
    ...table(
      'Citations whose status worsened',
      ['citation', 'title', 'before', 'now'],
      diff.worsenedCitations.map((c) => [
        c.id,
        mdCell(c.title),
        STATUS_LABELS[c.from] ?? mdCell(c.from),
        STATUS_LABELS[c.to] ?? mdCell(c.to),
      ]),
    ),
    ...table(
      'Removed packs',
      ['pack'],
      diff.removedPacks.map((p) => [mdCell(p)]),
    ),
    ...table(
      'Rules that no longer evaluate anything',
      ['rule'],
      diff.removedRules.map((r) => [mdCell(r)]),
    ),
    ...table(
      'Removed controls',
      ['citation', 'construct'],
      diff.removedConstructs.map((k) => [k.citation, mdCell(k.construct)]),
    ),
    ...table('Assets no longer classified PHI', assetHeader, diff.declassifiedAssets.map(assetCells)),
    ...table(
      'Assets that lost their KMS key or backup plan',
      assetHeader,
      diff.unprotectedAssets.map(assetCells),
    ),
    ...table(
      'Improvement: violations fixed',
      ['rule', 'resource', 'stack'],
      better.fixedViolations.map((e) => evaluationCells(e).slice(0, 3)),
    ),
    ...table(
      'Improvement: acknowledgments removed',
      ['rule', 'acknowledged at'],
      better.removedExceptions.map((x) => [mdCell(x.id), mdCell(x.acknowledgedAt)]),
    ),
    ...table('Improvement: stronger settings', settingHeader, better.strengthenedSettings.map(settingCells)),
    ...table(
      'Improvement: citations',
      ['citation', 'title', 'before', 'now'],
      better.improvedCitations.map((c) => [
        c.id,
        mdCell(c.title),
        STATUS_LABELS[c.from],
        STATUS_LABELS[c.to],
      ]),
    ),
    ...table(
      'Other changed settings (the rule still passes)',
      settingHeader,
      diff.otherSettingChanges.map(settingCells),
    ),
    ...table('Assets added', addedHeader, (diff.assets?.added ?? []).map(addedCells)),
    ...table('Assets removed', addedHeader, (diff.assets?.removed ?? []).map(addedCells)),
    ...table('Assets reclassified', assetHeader, (diff.assets?.reclassified ?? []).map(assetCells)),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
