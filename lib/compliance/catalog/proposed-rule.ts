/**
 * The requirements of HHS's proposed update to the HIPAA Security Rule (notice of proposed rulemaking,
 * 90 FR 898, January 6, 2025) that infrastructure can evidence, as data. The report scores each one
 * (lib/compliance/inventory/readiness.ts) in a section of its own, marked as a proposal: none of it is
 * in force, and none of it changes a current citation's status.
 *
 * Section numbers are those of the proposed regulatory text (the NPRM renumbers 164.308 and 164.312);
 * check them against the final rule when it is published.
 *
 * @see https://www.federalregister.gov/documents/2025/01/06/2024-30983/hipaa-security-rule-to-strengthen-the-cybersecurity-of-electronic-protected-health-information
 */

/** The Federal Register citation of the proposal. */
export const PROPOSED_RULE_SOURCE = 'HIPAA Security Rule NPRM, 90 FR 898 (January 6, 2025)';

/** The notice every rendering of the readiness section carries. */
export const PROPOSED_RULE_NOTICE = 'proposed rule — not in force';

/** Ids of the proposed requirements the report scores (one scorer each in readiness.ts). */
export type ProposedRequirementId =
  | 'asset-inventory-and-network-map'
  | 'restore-within-72-hours'
  | 'backup-separation'
  | 'patch-deadlines'
  | 'vulnerability-scan-cadence'
  | 'mfa-everywhere'
  | 'encryption-at-rest'
  | 'network-segmentation'
  | 'annual-compliance-audit'
  | 'penetration-test';

/** One proposed requirement. */
export interface ProposedRequirement {
  readonly id: ProposedRequirementId;
  readonly title: string;
  /** The section of the proposed regulatory text. */
  readonly nprmSection: string;
  /** What the proposal would require, in a sentence. */
  readonly requirement: string;
}

/** Every proposed requirement the report scores, in the order it shows them. */
export const PROPOSED_REQUIREMENTS: readonly ProposedRequirement[] = [
  {
    id: 'asset-inventory-and-network-map',
    title: 'Technology asset inventory and network map',
    nprmSection: 'proposed 164.308(a)(1)',
    requirement:
      'A written inventory of technology assets that create, receive, maintain or transmit ePHI, and a network map of ePHI movement, reviewed at least every 12 months.',
  },
  {
    id: 'restore-within-72-hours',
    title: 'Restore critical systems within 72 hours',
    nprmSection: 'proposed 164.308(a)(13)',
    requirement:
      'Contingency procedures to restore critical relevant electronic information systems and data within 72 hours of a loss, tested.',
  },
  {
    id: 'backup-separation',
    title: 'Separate backup controls',
    nprmSection: 'proposed 164.312(i)',
    requirement:
      'Backups of ePHI kept with security controls separate from those of the systems they back up, so one compromise cannot destroy both.',
  },
  {
    id: 'patch-deadlines',
    title: 'Patch deadlines',
    nprmSection: 'proposed 164.308(a)(4)',
    requirement:
      'Apply patches for critical-risk vulnerabilities within 15 days and high-risk within 30 days.',
  },
  {
    id: 'vulnerability-scan-cadence',
    title: 'Vulnerability scanning',
    nprmSection: 'proposed 164.312(h)(2)(i)',
    requirement:
      'Automated vulnerability scans of relevant electronic information systems at least every 6 months.',
  },
  {
    id: 'mfa-everywhere',
    title: 'Multi-factor authentication',
    nprmSection: 'proposed 164.312(f)',
    requirement: 'Multi-factor authentication for all access to relevant electronic information systems.',
  },
  {
    id: 'encryption-at-rest',
    title: 'Encryption of ePHI at rest',
    nprmSection: 'proposed 164.312(b)',
    requirement: 'Encrypt all ePHI at rest (no longer addressable), with limited exceptions.',
  },
  {
    id: 'network-segmentation',
    title: 'Network segmentation',
    nprmSection: 'proposed 164.308(a)(10)',
    requirement: 'Segment the network so that ePHI systems are reachable only from where they must be.',
  },
  {
    id: 'annual-compliance-audit',
    title: 'Annual compliance audit',
    nprmSection: 'proposed 164.308(a)(14)',
    requirement: 'An audit of compliance with the Security Rule at least once every 12 months.',
  },
  {
    id: 'penetration-test',
    title: 'Penetration testing',
    nprmSection: 'proposed 164.312(h)(2)(ii)',
    requirement:
      'Penetration testing of relevant electronic information systems at least once every 12 months.',
  },
];
