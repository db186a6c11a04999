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

/**
 * Renders the citation index as an OSCAL assessment-results document: one finding per HIPAA citation
 * (satisfied only when a check that ran, or a current attestation, supports it) and one observation per
 * rule that evidences a citation.
 *
 * @see https://pages.nist.gov/OSCAL/reference/1.0.6/assessment-results/json-outline/
 */
export function renderOscal(report: ComplianceReport): object {
  const seed = `${report.generatedAt}|${report.stacks.join(',')}`;
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
      'import-ap': { href: '#hipaa-security-rule-assessment-plan' },
      results: [
        {
          uuid: stableUuid(seed, 'result'),
          title: 'Synth-time evaluation',
          description: `Rule packs ${report.packs.map((p) => p.name).join(', ')} evaluated at cdk synth.`,
          start: report.generatedAt,
          'reviewed-controls': {
            'control-selections': [
              { 'include-controls': HIPAA_CONTROLS.map((c) => ({ 'control-id': c.oscalControlId })) },
            ],
          },
          ...(observations.length > 0 ? { observations } : {}),
          findings,
        },
      ],
    },
  };
}
