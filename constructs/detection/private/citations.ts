/**
 * HIPAA Security Rule citations the detection constructs need beyond those in
 * `constructs/core/citations.ts`. Kept beside the constructs that use them; move them into the shared
 * `Citation` table if other folders start citing them too.
 *
 * @see https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C
 */
export const DetectionCitation = {
  /** 164.308(a)(1)(ii)(A) Risk analysis: an accurate and thorough assessment of risks to ePHI. */
  RISK_ANALYSIS: '164.308(a)(1)(ii)(A)',
  /** 164.308(a)(5)(ii)(B) Protection from malicious software: guard against, detect and report it. */
  MALWARE_PROTECTION: '164.308(a)(5)(ii)(B)',
  /** 164.308(a)(5)(ii)(C) Log-in monitoring: monitor log-in attempts and report discrepancies. */
  LOGIN_MONITORING: '164.308(a)(5)(ii)(C)',
  /** 164.308(a)(6)(ii) Response and reporting: identify, respond to and document security incidents. */
  RESPONSE_AND_REPORTING: '164.308(a)(6)(ii)',
  /** 164.308(a)(8) Evaluation: periodic technical evaluation of how well safeguards meet the rule. */
  EVALUATION: '164.308(a)(8)',
} as const;
