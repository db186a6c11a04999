import { createHash } from 'node:crypto';
import { HIPAA_CONTROLS } from '../catalog/controls';
import type { CitationStatus, ComplianceReport } from './model';

/** OSCAL version the document conforms to (the project keeps NIST's v1.0.6 schema in `schemas/`). */
export const OSCAL_VERSION = '1.0.6';

/** A deterministic, name-based (version 5 layout) UUID, so the same report renders the same document. */
export function stableUuid(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const SATISFIED: ReadonlySet<CitationStatus> = new Set(['met', 'met-with-exceptions', 'attested']);

/** The file the assessment plan is written to, next to `assessment-results.json`. */
export const OSCAL_PLAN_FILE = 'assessment-plan.json';

/** The seed of every UUID of one report's documents: the plan and the results share it. */
const seedOf = (report: ComplianceReport) => `${report.generatedAt}|${report.stacks.join(',')}`;

/** Every HIPAA citation of the catalog, as the OSCAL control selection both documents review. */
const reviewedControls = () => ({
  'control-selections': [
    { 'include-controls': HIPAA_CONTROLS.map((c) => ({ 'control-id': c.oscalControlId })) },
  ],
});

/**
 * Renders the OSCAL assessment plan the results import: the HIPAA citations to review, the app's stacks
 * as the subject, and the one task (rule packs evaluated at `cdk synth`). No OSCAL system security plan
 * exists, so `import-ssp` points at a back-matter resource saying the cloud assembly is the system's
 * description.
 *
 * @see https://pages.nist.gov/OSCAL/reference/1.0.6/assessment-plan/json-outline/
 */
export function renderOscalPlan(report: ComplianceReport): object {
  const seed = seedOf(report);
  const ssp = stableUuid(seed, 'system-description');
  const stacks = report.stacks.join(', ') || 'the app';
  return {
    'assessment-plan': {
      uuid: stableUuid(seed, 'assessment-plan'),
      metadata: {
        title: `HIPAA Security Rule assessment plan for ${stacks}`,
        'last-modified': report.generatedAt,
        version: report.tool.version,
        'oscal-version': OSCAL_VERSION,
      },
      'import-ssp': { href: `#${ssp}` },
      'reviewed-controls': reviewedControls(),
      'assessment-subjects': [
        { type: 'component', description: `The CloudFormation stacks of the cloud assembly: ${stacks}.` },
      ],
      tasks: [
        {
          uuid: stableUuid(seed, 'task', 'synth-evaluation'),
          type: 'action',
          title: 'Evaluate the cloud assembly at cdk synth',
          description: `Rule packs ${report.packs.map((p) => p.name).join(', ')} evaluate every resource of the synthesized templates; people attest what infrastructure cannot show.`,
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: ssp,
            title: 'System description: the CDK cloud assembly',
            description:
              'No OSCAL system security plan is produced. The synthesized CloudFormation templates and the construct tree in the cloud assembly (cdk.out) describe the system assessed.',
          },
        ],
      },
    },
  };
}

/**
 * Renders the citation index as an OSCAL assessment-results document: one finding per HIPAA citation
 * (satisfied only when a check that ran, or a current attestation, supports it) and one observation per
 * rule that evidences a citation. `import-ap` points at a back-matter resource that links
 * {@link OSCAL_PLAN_FILE} (written alongside) and embeds the same plan, from {@link renderOscalPlan}.
 *
 * @see https://pages.nist.gov/OSCAL/reference/1.0.6/assessment-results/json-outline/
 */
export function renderOscal(report: ComplianceReport): object {
  const seed = seedOf(report);
  const oscalIds = new Map(HIPAA_CONTROLS.map((c) => [c.id, c.oscalControlId]));
  const observations = report.rules
    .filter((r) => r.citations.length > 0 && r.compliant + r.nonCompliant + r.acknowledged > 0)
    .map((r) => ({
      uuid: stableUuid(seed, 'observation', r.id),
      title: r.id,
      description: r.info,
      methods: ['TEST'],
      types: ['control-objective'],
      props: [
        {
          name: 'compliant-count',
          value: String(r.compliant),
          ns: 'https://cdk-hipaa-baseline.dev/ns/oscal',
        },
        {
          name: 'non-compliant-count',
          value: String(r.nonCompliant),
          ns: 'https://cdk-hipaa-baseline.dev/ns/oscal',
        },
        {
          name: 'acknowledged-count',
          value: String(r.acknowledged),
          ns: 'https://cdk-hipaa-baseline.dev/ns/oscal',
        },
      ],
      collected: report.generatedAt,
    }));
  // Proposed-rule readiness: observations of their own, linked to no finding, so no current citation's
  // status depends on them.
  observations.push(...proposedRuleObservations(report, seed));
  const planResource = stableUuid(seed, 'assessment-plan-resource');
  const observationUuid = new Map(observations.map((o) => [o.title, o.uuid]));
  const findings = report.citations.map((c) => {
    const related = c.rules.map((r) => observationUuid.get(r)).filter((u): u is string => u !== undefined);
    return {
      uuid: stableUuid(seed, 'finding', c.id),
      title: `${c.id} ${c.title}`,
      description: `Status: ${c.status}. ${c.counts.compliant} compliant, ${c.counts.nonCompliant} non-compliant and ${c.counts.acknowledged} acknowledged evaluations from ${c.rules.length} rules.${c.attestation ? ` Attested by ${c.attestation.owner} on ${c.attestation.date}: ${c.attestation.statement}` : ''}`,
      target: {
        type: 'objective-id',
        'target-id': oscalIds.get(c.id) ?? c.id,
        status: { state: SATISFIED.has(c.status) ? 'satisfied' : 'not-satisfied', reason: c.status },
      },
      ...(related.length > 0
        ? { 'related-observations': related.map((uuid) => ({ 'observation-uuid': uuid })) }
        : {}),
    };
  });
  return {
    'assessment-results': {
      uuid: stableUuid(seed, 'assessment-results'),
      metadata: {
        title: `HIPAA Security Rule assessment of ${report.stacks.join(', ') || 'the app'}`,
        'last-modified': report.generatedAt,
        version: report.tool.version,
        'oscal-version': OSCAL_VERSION,
      },
      // The plan is written next to this file and embedded, so the reference resolves with either.
      'import-ap': { href: `#${planResource}` },
      results: [
        {
          uuid: stableUuid(seed, 'result'),
          title: 'Synth-time evaluation',
          description: `Rule packs ${report.packs.map((p) => p.name).join(', ')} evaluated at cdk synth.`,
          start: report.generatedAt,
          'reviewed-controls': reviewedControls(),
          ...(observations.length > 0 ? { observations } : {}),
          findings,
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: planResource,
            title: 'HIPAA Security Rule assessment plan',
            rlinks: [{ href: OSCAL_PLAN_FILE, 'media-type': 'application/oscal.ap+json' }],
            base64: {
              filename: OSCAL_PLAN_FILE,
              'media-type': 'application/oscal.ap+json',
              value: Buffer.from(JSON.stringify(renderOscalPlan(report))).toString('base64'),
            },
          },
        ],
      },
    },
  };
}

const NS = 'https://cdk-hipaa-baseline.dev/ns/oscal';

/**
 * One observation per proposed requirement of the report's proposed-rule readiness section, each
 * marked `regulatory-status: proposed rule — not in force` and in the `proposed-rule` class.
 */
function proposedRuleObservations(report: ComplianceReport, seed: string) {
  const readiness = report.proposedRule;
  if (!readiness) return [];
  return readiness.requirements.map((r) => ({
    uuid: stableUuid(seed, 'proposed-rule', r.id),
    title: `${r.title} (${readiness.notice})`,
    description: `${readiness.source}, ${r.nprmSection}: ${r.requirement} Readiness: ${r.status}. ${r.reason}`,
    methods: ['EXAMINE'],
    types: ['control-objective'],
    props: [
      { name: 'regulatory-status', value: readiness.notice, ns: NS, class: 'proposed-rule' },
      { name: 'nprm-section', value: r.nprmSection, ns: NS, class: 'proposed-rule' },
      { name: 'readiness', value: r.status, ns: NS, class: 'proposed-rule' },
    ],
    collected: report.generatedAt,
  }));
}
