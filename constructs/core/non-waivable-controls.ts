import { Citation } from './citations';

/**
 * A control no acknowledgment made by an app may switch off: acknowledging any of its rule ids fails synth.
 * The toolkit's own built-in acknowledgments (constraints of AWS itself, e.g. S3 log delivery needing
 * SSE-S3) are listed as built-in in the compliance report and are the only exemption.
 */
export interface NonWaivableControl {
  /** The control, in a few words. */
  readonly control: string;
  /** The HIPAA Security Rule citation the control serves. */
  readonly citation: string;
  /** The rule ids (`<pack>-<rule>`, no namespace, no finding suffix) that check it. */
  readonly ruleIds: readonly string[];
  /** Why it cannot be waived, and why some near rules are deliberately not listed. */
  readonly why: string;
}

/**
 * The non-waivable controls, as data: each with its citation and the concrete rule ids of the
 * HIPAA.Security, NIST.800.53.R5, AwsSolutions and TemplateEvidence packs that check it.
 *
 * @see https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C
 */
export const NON_WAIVABLE_CONTROLS: readonly NonWaivableControl[] = [
  {
    control: 'PHI encryption at rest',
    citation: Citation.ENCRYPTION_AT_REST,
    ruleIds: [
      'TemplateEvidence-S3BucketEncryption',
      'HIPAA.Security-RDSStorageEncrypted',
      'NIST.800.53.R5-RDSStorageEncrypted',
      'AwsSolutions-RDS2',
      'HIPAA.Security-EFSEncrypted',
      'NIST.800.53.R5-EFSEncrypted',
      'AwsSolutions-EFS1',
      'AwsSolutions-EC26',
      'HIPAA.Security-OpenSearchEncryptedAtRest',
      'NIST.800.53.R5-OpenSearchEncryptedAtRest',
      'AwsSolutions-OS8',
      'AwsSolutions-SQS2',
    ],
    why: 'Unencrypted ePHI at rest is a reportable exposure once a disk, snapshot or bucket leaks. S3DefaultEncryptionKMS is not listed: it asks for KMS on every bucket, and AWS log delivery (ALB, S3 server access logs) only writes to SSE-S3 buckets; TemplateEvidence-S3BucketEncryption requires KMS where the bucket holds PHI.',
  },
  {
    control: 'TLS-only access',
    citation: Citation.TRANSMISSION_SECURITY,
    ruleIds: [
      'TemplateEvidence-S3TlsOnlyPolicy',
      'TemplateEvidence-SnsTopicEncryption',
      'TemplateEvidence-SqsQueueEncryption',
      'HIPAA.Security-S3BucketSSLRequestsOnly',
      'NIST.800.53.R5-S3BucketSSLRequestsOnly',
      'AwsSolutions-S10',
      'AwsSolutions-SNS3',
      'AwsSolutions-SQS4',
      'HIPAA.Security-ELBTlsHttpsListenersOnly',
      'NIST.800.53.R5-ELBTlsHttpsListenersOnly',
      'AwsSolutions-ELB5',
    ],
    why: 'A request over plain HTTP exposes ePHI and credentials to anyone on the path; there is no AWS service in the baseline that needs it.',
  },
  {
    control: 'CloudTrail on',
    citation: Citation.AUDIT_CONTROLS,
    ruleIds: [
      'TemplateEvidence-CloudTrailTrailCoverage',
      'TemplateEvidence-CloudTrailPhiDataEvents',
      'HIPAA.Security-CloudTrailLogFileValidationEnabled',
      'NIST.800.53.R5-CloudTrailLogFileValidationEnabled',
      'HIPAA.Security-CloudTrailEncryptionEnabled',
      'NIST.800.53.R5-CloudTrailEncryptionEnabled',
    ],
    why: 'Without a trail, who read or changed ePHI cannot be reconstructed after an incident (164.312(b)); a trail without validation or encryption is not trustworthy evidence.',
  },
  {
    control: 'MFA enforcement',
    citation: Citation.AUTHENTICATION,
    ruleIds: ['TemplateEvidence-IamMfaEnforcementAttached', 'AwsSolutions-COG2'],
    why: 'A password alone does not authenticate a person well enough to reach ePHI (164.312(d)).',
  },
  {
    control: 'Permissions boundary',
    citation: Citation.ACCESS_MANAGEMENT,
    ruleIds: ['TemplateEvidence-IamRolePermissionsBoundary'],
    why: 'The boundary is the ceiling that keeps every role, including ones created later, from granting itself access to ePHI or switching off the audit trail (164.308(a)(4)(i), 164.312(a)(1)).',
  },
];

/**
 * Rule id prefixes of the compliance gate's own findings (a pack that did not run, an expired exception,
 * a bad attestations file, a non-eligible service in a PHI stack, an unaccountable or forbidden
 * acknowledgment). They guard the gate itself, so acknowledging one is an error, under any namespace.
 */
export const GATE_RULE_PREFIXES: readonly string[] = [
  'ComplianceGate-',
  'ComplianceReport-',
  'HipaaEligible-',
  'ExceptionPolicy-',
];

/** The rule id without its `Pack::` namespace and finding suffix: `AwsSolutions::AwsSolutions-IAM5[...]` → `AwsSolutions-IAM5`. */
export function bareRuleId(id: string): string {
  const bracket = id.indexOf('[');
  const head = bracket >= 0 ? id.slice(0, bracket) : id;
  const separator = head.indexOf('::');
  return (separator >= 0 ? head.slice(separator + 2) : head).trim();
}

/** True when `id` (namespaced or not) names a finding of the compliance gate itself. */
export function isGateFinding(id: string): boolean {
  const bare = bareRuleId(id);
  return GATE_RULE_PREFIXES.some((prefix) => bare.startsWith(prefix));
}

/** The non-waivable control `id` (namespaced or not, with or without a finding suffix) checks, if any. */
export function nonWaivableControlOf(id: string): NonWaivableControl | undefined {
  const bare = bareRuleId(id);
  return NON_WAIVABLE_CONTROLS.find((c) => c.ruleIds.includes(bare));
}

/**
 * Why an acknowledgment of `id` is not allowed, or `undefined` when it may be acknowledged.
 *
 * @param id a rule id, namespaced or not, with or without a finding suffix
 */
export function nonWaivableReason(id: string): string | undefined {
  const bare = bareRuleId(id);
  if (isGateFinding(bare))
    return `${bare} is a finding of the compliance gate itself and cannot be acknowledged; fix its cause`;
  const control = nonWaivableControlOf(bare);
  if (control)
    return `${bare} checks ${control.control} (${control.citation}), a non-waivable control; fix the resource instead`;
  return undefined;
}
