/**
 * HIPAA Security Rule citations the edge constructs need beyond those in `constructs/core/citations.ts`.
 * Kept beside the constructs that use them; move them into the shared `Citation` table if other folders
 * start citing them too.
 *
 * @see https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C
 */
export const EdgeCitation = {
  /** 164.312(a)(2)(iii) Automatic logoff: end sessions after a predetermined time of inactivity. */
  AUTOMATIC_LOGOFF: '164.312(a)(2)(iii)',
} as const;
