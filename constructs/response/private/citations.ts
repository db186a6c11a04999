/**
 * HIPAA Security Rule citations the incident-response and backup constructs need beyond those in
 * `constructs/core/citations.ts`. Kept beside the constructs that use them; move them into the shared
 * `Citation` table if other folders start citing them too.
 *
 * @see https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C
 */
export const ResponseCitation = {
  /** 164.308(a)(6)(i) Security incident procedures: policies and procedures to address security incidents. */
  INCIDENT_PROCEDURES: '164.308(a)(6)(i)',
  /**
   * 164.308(a)(6)(ii) Response and reporting: identify and respond to suspected or known incidents,
   * mitigate their harmful effects, and document them and their outcomes.
   */
  RESPONSE_AND_REPORTING: '164.308(a)(6)(ii)',
  /** 164.308(a)(7)(i) Contingency plan: respond to an emergency that damages systems holding ePHI. */
  CONTINGENCY_PLAN: '164.308(a)(7)(i)',
  /** 164.308(a)(7)(ii)(D) Testing and revision procedures: periodically test the contingency plans. */
  TESTING_AND_REVISION: '164.308(a)(7)(ii)(D)',
  /** 164.312(a)(2)(ii) Emergency access procedure: obtain necessary ePHI during an emergency. */
  EMERGENCY_ACCESS: '164.312(a)(2)(ii)',
} as const;
