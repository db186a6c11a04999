import { HIPAA_CONTROLS, type HipaaControl } from '../compliance/catalog/controls';
import { CITATION_EVIDENCE } from '../compliance/catalog/sufficiency';
import {
  DEFAULT_REVIEW_INTERVAL_DAYS,
  PLACEHOLDER_PREFIX,
  REVIEW_INTERVAL_DAYS,
} from '../compliance/report/attestations';

/** The citations `attest init` writes an entry for: every administrative safeguard (164.308) in the catalog. */
export function attestableControls(): readonly HipaaControl[] {
  return HIPAA_CONTROLS.filter((c) => c.safeguard === 'administrative');
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const quoted = (value: string) => JSON.stringify(value);

/**
 * The attestations template: one entry per administrative citation, every value a `FILL IN:` placeholder
 * that fails validation until replaced, so an untouched template never counts as attested.
 */
export function renderAttestationsTemplate(controls: readonly HipaaControl[] = attestableControls()): string {
  const intervals = Object.entries(REVIEW_INTERVAL_DAYS)
    .map(([citation, days]) => `${citation}: ${days}`)
    .join(', ');
  const header = [
    '# Attestations for controls only a person can evidence (written by `hipaa-baseline attest init`).',
    `# Every value starting with "${PLACEHOLDER_PREFIX}" fails validation (and synth): replace it, or delete the`,
    '# entry until you can attest it. date: the day of the attestation (YYYY-MM-DD, not in the future).',
    `# Each attestation expires ${DEFAULT_REVIEW_INTERVAL_DAYS} days after its date (${intervals}), or earlier at an`,
    '# optional `expires:` date; an expired attestation changes the citation status in the compliance report.',
    'attestations:',
  ];
  const entries = controls.flatMap((control) => {
    const asks = CITATION_EVIDENCE[control.id]?.attest ?? control.summary;
    return [
      `  # ${control.id} ${control.title}`,
      `  - citation: ${quoted(control.id)}`,
      `    statement: ${quoted(`${PLACEHOLDER_PREFIX} what you attest, e.g. ${asks}`)}`,
      `    owner: ${quoted(`${PLACEHOLDER_PREFIX} the person or role who attests`)}`,
      `    evidence: ${quoted(`${PLACEHOLDER_PREFIX} a link to, or the name of, the evidence`)}`,
      `    date: ${quoted(`${PLACEHOLDER_PREFIX} YYYY-MM-DD`)}`,
    ];
  });
  return `${[...header, ...entries].join('\n')}\n`;
}
