/**
 * HIPAA citations the posture collector serves beyond those in `constructs/core/citations.ts`.
 *
 * @see https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C
 */
export const PostureCitation = {
  /** 164.308(a)(8) Evaluation: periodic technical evaluation of how well safeguards hold up. */
  EVALUATION: '164.308(a)(8)',
} as const;
