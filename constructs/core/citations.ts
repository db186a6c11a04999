/**
 * HIPAA Security Rule (45 CFR Part 164 Subpart C) citations used in error messages, acknowledgments and
 * the compliance report. One constant per implementation specification or standard the toolkit
 * enforces, so a citation is spelled the same way everywhere.
 *
 * @see https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C
 */
export const Citation = {
  /** 164.308(a)(1)(ii)(B) Risk management: security measures that reduce risk to a reasonable level. */
  RISK_MANAGEMENT: '164.308(a)(1)(ii)(B)',
  /** 164.308(a)(1)(ii)(D) Information system activity review: review audit logs and access reports. */
  ACTIVITY_REVIEW: '164.308(a)(1)(ii)(D)',
  /** 164.308(a)(4)(i) Information access management. */
  ACCESS_MANAGEMENT: '164.308(a)(4)(i)',
  /** 164.308(a)(6)(ii) Response and reporting: identify, respond to and document security incidents. */
  RESPONSE_AND_REPORTING: '164.308(a)(6)(ii)',
  /** 164.308(a)(7)(ii)(A) Data backup plan: retrievable exact copies of ePHI. */
  DATA_BACKUP: '164.308(a)(7)(ii)(A)',
  /** 164.308(a)(7)(ii)(B) Disaster recovery plan: restore any loss of data. */
  DISASTER_RECOVERY: '164.308(a)(7)(ii)(B)',
  /** 164.310(d)(2)(iv) Data backup and storage before equipment is moved. */
  BACKUP_AND_STORAGE: '164.310(d)(2)(iv)',
  /** 164.312(a)(1) Access control: only authorized persons and software reach ePHI. */
  ACCESS_CONTROL: '164.312(a)(1)',
  /** 164.312(a)(2)(iv) Encryption and decryption of ePHI at rest. */
  ENCRYPTION_AT_REST: '164.312(a)(2)(iv)',
  /** 164.312(b) Audit controls: record and examine activity in systems holding ePHI. */
  AUDIT_CONTROLS: '164.312(b)',
  /** 164.312(c)(1) Integrity: protect ePHI from improper alteration or destruction. */
  INTEGRITY: '164.312(c)(1)',
  /** 164.312(d) Person or entity authentication. */
  AUTHENTICATION: '164.312(d)',
  /** 164.312(e)(1) Transmission security. */
  TRANSMISSION_SECURITY: '164.312(e)(1)',
  /** 164.312(e)(2)(i) Integrity controls: transmitted ePHI is not improperly modified without detection. */
  INTEGRITY_IN_TRANSIT: '164.312(e)(2)(i)',
  /** 164.312(e)(2)(ii) Encryption of ePHI in transit. */
  ENCRYPTION_IN_TRANSIT: '164.312(e)(2)(ii)',
  /** 164.316(b)(2)(i) Time limit: keep required documentation six years. */
  RETENTION_TIME_LIMIT: '164.316(b)(2)(i)',
} as const;

/** A citation string from {@link Citation}. */
export type CitationId = (typeof Citation)[keyof typeof Citation];
