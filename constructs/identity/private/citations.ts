/**
 * HIPAA Security Rule citations the identity constructs need beyond those in `constructs/core/citations.ts`.
 * Kept beside the constructs that use them; move them into the shared `Citation` table if other folders
 * start citing them too.
 *
 * @see https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C
 */
export const IdentityCitation = {
  /** 164.308(a)(5)(ii)(D) Password management: creating, changing and safeguarding passwords. */
  PASSWORD_MANAGEMENT: '164.308(a)(5)(ii)(D)',
  /** 164.312(a)(2)(ii) Emergency access procedure: obtaining ePHI during an emergency (break-glass). */
  EMERGENCY_ACCESS: '164.312(a)(2)(ii)',
  /** 164.312(a)(2)(iii) Automatic logoff: end sessions after a predetermined time. */
  AUTOMATIC_LOGOFF: '164.312(a)(2)(iii)',
} as const;
