/**
 * HIPAA Security Rule citations used by the patching and compute constructs that are not (yet) in
 * `constructs/core/citations.ts`. Spelled once here so messages, acknowledgments and the compliance
 * report agree.
 *
 * @see https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C
 */
export const SafeguardCitation = {
  /** 164.308(a)(5)(ii)(B) Protection from malicious software: guard against, detect and report it. */
  MALWARE_PROTECTION: '164.308(a)(5)(ii)(B)',
  /** 164.312(a)(2)(iii) Automatic logoff: end an electronic session after a period of inactivity. */
  AUTOMATIC_LOGOFF: '164.312(a)(2)(iii)',
} as const;
