import catalog from './hipaa-controls.json';

/** Administrative, physical or technical safeguard (45 CFR 164.308, .310, .312) or documentation (.316). */
export type Safeguard = 'administrative' | 'physical' | 'technical' | 'documentation';

/** How far infrastructure can evidence a control. */
export type Automation = 'automated' | 'partial' | 'organizational';

/** One HIPAA Security Rule standard or implementation specification in the project's control catalog. */
export interface HipaaControl {
  /** The citation, e.g. `164.312(a)(2)(iv)`. */
  readonly id: string;
  readonly title: string;
  readonly kind: 'standard' | 'implementation-specification';
  /** The standard an implementation specification belongs to. */
  readonly parent: string | null;
  readonly safeguard: Safeguard;
  /** Required (true) or addressable (false). */
  readonly required: boolean;
  readonly summary: string;
  readonly automation: Automation;
  readonly awsControls: readonly string[];
  /** Which of the ten strategies (1–10) the control serves. */
  readonly strategies: readonly number[];
  /** A control id safe for OSCAL documents. */
  readonly oscalControlId: string;
}

/** All 59 standards and implementation specifications of the HIPAA Security Rule. */
export const HIPAA_CONTROLS: readonly HipaaControl[] = catalog.controls as HipaaControl[];

/** The ten security strategies the toolkit is organized around. */
export const STRATEGIES: Readonly<Record<number, string>> = {
  1: 'Continuous risk assessment',
  2: 'Multi-factor authentication',
  3: 'Patching and updates',
  4: 'Staff training (attestation)',
  5: 'Encryption',
  6: 'Security policies',
  7: 'Least-privilege access',
  8: 'Threat detection',
  9: 'Mobile-device access',
  10: 'Incident response',
};

const CITATION_PATTERN = /164\.3\d{2}\([a-z]\)(?:\(\d+\))?(?:\((?:i|ii|iii|iv|v|vi)\))?(?:\([A-Z]\))?/g;

/** The HIPAA citations named in a text such as a rule's info line, in order, without duplicates. */
export function citationsIn(text: string): string[] {
  return [...new Set(text.match(CITATION_PATTERN) ?? [])];
}
