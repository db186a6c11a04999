import { Citation } from '../../../constructs/core/citations';
import type { Attestation, CitationStatus } from '../report/model';
import { templateRuleId } from '../template/rule';
import type { HipaaControl } from './controls';

/**
 * What evidences one citation. A citation is met only when every `sufficient` template evidence rule
 * evaluated at least one resource of the app and passed; every other rule citing it (cdk-nag mappings,
 * template rules not listed here) is supporting evidence: its failure makes the citation not met, its
 * passing alone never makes it met.
 */
export interface CitationEvidence {
  /** Template evidence rule ids (without the `TemplateEvidence-` prefix) that together suffice for the technical part. */
  readonly sufficient: readonly string[];
  /**
   * What a person must attest for the part infrastructure cannot show (a plan, a review, a procedure).
   *
   * @default - the template evidence is the whole of what the citation asks of infrastructure
   */
  readonly attest?: string;
}

/**
 * The evidence model per citation. Citations absent here have no sufficient template evidence: they are
 * attested or read "attestation required", whatever supporting checks pass. `lib/compliance/rules/`
 * holds the rules; the catalog test checks every rule named here is registered and cites the citation.
 */
export const CITATION_EVIDENCE: Readonly<Record<string, CitationEvidence>> = {
  '164.308(a)(1)(ii)(A)': {
    sufficient: ['SecurityHubStandards', 'ConfigRecorderCoverage'],
    attest: 'A documented, current risk analysis of where ePHI is stored and flows, and its threats.',
  },
  [Citation.RISK_MANAGEMENT]: {
    sufficient: ['PatchBaselineDeadlines', 'SecurityHubStandards'],
    attest: 'A risk management plan that tracks each identified risk to a reasonable level.',
  },
  [Citation.ACTIVITY_REVIEW]: {
    sufficient: ['CloudTrailTrailCoverage', 'GuardDutyDetectorFeatures', 'AlarmHasActions'],
    attest: 'Named people review audit logs, access reports and findings on a stated schedule.',
  },
  [Citation.ACCESS_MANAGEMENT]: {
    sufficient: ['IamRolePermissionsBoundary', 'IamNoAdminAccess'],
    attest: 'Written policies on who is granted access to ePHI and how.',
  },
  '164.308(a)(5)(ii)(B)': {
    sufficient: ['GuardDutyDetectorFeatures', 'PatchBaselineDeadlines'],
    attest: 'Procedures for guarding against, detecting and reporting malicious software.',
  },
  '164.308(a)(5)(ii)(C)': {
    sufficient: ['CloudTrailTrailCoverage', 'AlarmHasActions'],
  },
  '164.308(a)(5)(ii)(D)': {
    sufficient: ['AccountPasswordPolicyStrength'],
    attest: 'Workforce procedures for creating, changing and safeguarding passwords.',
  },
  '164.308(a)(6)(i)': {
    sufficient: ['AlarmHasActions', 'GuardDutyDetectorFeatures'],
    attest: 'Documented security incident procedures, with an owner.',
  },
  '164.308(a)(6)(ii)': {
    sufficient: ['AlarmHasActions', 'GuardDutyDetectorFeatures'],
    attest: 'Incidents are identified, responded to, mitigated and documented with their outcomes.',
  },
  '164.308(a)(7)(i)': {
    sufficient: ['BackupVaultProtection', 'BackupPlanRetention'],
    attest: 'A contingency plan for emergencies that damage systems holding ePHI.',
  },
  [Citation.DATA_BACKUP]: {
    sufficient: ['BackupVaultProtection', 'BackupPlanRetention', 'S3BucketVersioning'],
  },
  [Citation.DISASTER_RECOVERY]: {
    sufficient: ['BackupVaultProtection', 'BackupPlanRetention', 'BackupCopyOffsite', 'S3PhiReplication'],
    attest: 'A disaster recovery plan naming who restores what, in which order.',
  },
  '164.308(a)(7)(ii)(D)': {
    sufficient: ['BackupPlanRetention'],
    attest: 'Contingency plans are tested and revised; restore-test results are reviewed.',
  },
  '164.308(a)(8)': {
    sufficient: ['SecurityHubStandards', 'ConfigRecorderCoverage'],
    attest: 'A periodic technical and nontechnical evaluation of the security program.',
  },
  [Citation.BACKUP_AND_STORAGE]: {
    sufficient: ['BackupVaultProtection'],
  },
  [Citation.ACCESS_CONTROL]: {
    sufficient: [
      'S3PublicAccessBlock',
      'IamRolePermissionsBoundary',
      'SecurityGroupAdminPorts',
      'VpcEndpointPolicyPerimeter',
    ],
  },
  [Citation.ENCRYPTION_AT_REST]: {
    sufficient: ['KmsKeyRotation', 'S3BucketEncryption'],
  },
  [Citation.AUDIT_CONTROLS]: {
    sufficient: [
      'CloudTrailTrailCoverage',
      'CloudTrailPhiDataEvents',
      'LogGroupRetention',
      'VpcFlowLogsAll',
      'VpcResolverQueryLogging',
    ],
  },
  [Citation.INTEGRITY]: {
    sufficient: ['S3BucketVersioning', 'CloudTrailTrailCoverage'],
  },
  [Citation.AUTHENTICATION]: {
    sufficient: ['IamMfaEnforcementAttached'],
  },
  [Citation.TRANSMISSION_SECURITY]: {
    sufficient: ['S3TlsOnlyPolicy'],
  },
  '164.312(e)(2)(i)': {
    sufficient: ['S3TlsOnlyPolicy'],
  },
  [Citation.ENCRYPTION_IN_TRANSIT]: {
    sufficient: ['S3TlsOnlyPolicy'],
  },
  [Citation.RETENTION_TIME_LIMIT]: {
    sufficient: ['LogGroupRetention'],
    attest:
      'Policies, procedures and records of required actions are kept six years from their last effective date.',
  },
};

/** How the rules of one citation fared in the app, by rule id (full, e.g. `TemplateEvidence-S3BucketVersioning`). */
export interface RuleTally {
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly acknowledged: number;
}

/** The inputs of {@link judgeCitation}. */
export interface CitationFacts {
  readonly control: HipaaControl;
  /** Counts over every evaluation of every rule citing the citation (sufficient and supporting). */
  readonly counts: RuleTally;
  /** Counts per template evidence rule id (full id), for the sufficient rules. */
  readonly tally: (ruleId: string) => RuleTally | undefined;
  /** True when the template evidence pack ran (only then can "no resource of that kind" be concluded). */
  readonly templatePackRan: boolean;
  /** Toolkit constructs in the app that implement the citation. */
  readonly implementingConstructs: number;
  readonly attestation: Attestation | undefined;
  readonly now: Date;
}

/** A citation's status, why, and which sufficient rules evaluated nothing. */
export interface CitationVerdict {
  readonly status: CitationStatus;
  readonly reason: string;
  /** The sufficient rules (full ids). */
  readonly sufficient: readonly string[];
  /** Sufficient rules that evaluated no resource in this app. */
  readonly missing: readonly string[];
  /** What a person must attest, when the citation needs it. */
  readonly attest?: string;
}

/**
 * Judges one citation: a failing check (sufficient or supporting) makes it not met; it is met only when
 * every sufficient rule evaluated a resource and passed, and, where the citation needs one, a current
 * attestation exists. Supporting evidence alone never makes a citation met.
 */
export function judgeCitation(facts: CitationFacts): CitationVerdict {
  const evidence = CITATION_EVIDENCE[facts.control.id];
  const sufficient = (evidence?.sufficient ?? []).map((id) => templateRuleId({ id }));
  const attest =
    evidence?.attest ?? (facts.control.automation === 'organizational' ? facts.control.summary : undefined);
  const base = { sufficient, ...(attest ? { attest } : {}) };
  const attestationState = stateOf(facts.attestation, facts.now);
  const evaluated = (id: string) => total(facts.tally(id)) > 0;
  const missing = sufficient.filter((id) => !evaluated(id));

  if (facts.counts.nonCompliant > 0)
    return {
      ...base,
      missing,
      status: 'not-met',
      reason: `${facts.counts.nonCompliant} unacknowledged failing evaluation(s) of rules citing it`,
    };
  if (sufficient.length === 0) return { ...base, missing, ...attestationOnly(attestationState) };
  if (missing.length === sufficient.length && facts.templatePackRan && facts.implementingConstructs === 0)
    return {
      ...base,
      missing,
      status: 'not-applicable',
      reason: `no resource of the kinds ${sufficient.join(', ')} evaluate is in the app`,
    };
  if (missing.length > 0)
    return {
      ...base,
      missing,
      status: 'not-evidenced',
      reason: `sufficient evidence incomplete: ${missing.join(', ')} evaluated no resource`,
    };
  const withExceptions =
    sufficient.some((id) => (facts.tally(id)?.acknowledged ?? 0) > 0) || facts.counts.acknowledged > 0;
  const technical = withExceptions ? 'met-with-exceptions' : 'met';
  const technicalReason = `${sufficient.join(', ')} evaluated every resource of their kinds and passed${withExceptions ? ', with acknowledged exceptions' : ''}`;
  if (!attest || attestationState === 'current')
    return {
      ...base,
      missing,
      status: technical,
      reason: attest ? `${technicalReason}; attested by ${facts.attestation?.owner}` : technicalReason,
    };
  return {
    ...base,
    missing,
    status: 'technical-met-attestation-outstanding',
    reason: `${technicalReason}; ${attestationState === 'expired' ? `the attestation expired on ${facts.attestation?.expires}` : 'no attestation yet'}: ${attest}`,
  };
}

/** The report row's fields for a verdict: status, why, and the evidence model applied. */
export function verdictFields(verdict: CitationVerdict): {
  status: CitationStatus;
  statusReason: string;
  evidence: { sufficient: readonly string[]; missing: readonly string[]; attest?: string };
} {
  return {
    status: verdict.status,
    statusReason: verdict.reason,
    evidence: {
      sufficient: verdict.sufficient,
      missing: verdict.missing,
      ...(verdict.attest ? { attest: verdict.attest } : {}),
    },
  };
}

function attestationOnly(state: 'current' | 'expired' | 'none'): { status: CitationStatus; reason: string } {
  if (state === 'current')
    return { status: 'attested', reason: 'attested; no template rule suffices for it' };
  if (state === 'expired') return { status: 'attestation-expired', reason: 'the attestation has expired' };
  return {
    status: 'attestation-required',
    reason: 'no template rule suffices for it; supporting checks (cdk-nag mappings) never make it met',
  };
}

function stateOf(attestation: Attestation | undefined, now: Date): 'current' | 'expired' | 'none' {
  if (!attestation) return 'none';
  return attestation.expires && isPastDay(attestation.expires, now) ? 'expired' : 'current';
}

const total = (t: RuleTally | undefined) => (t ? t.compliant + t.nonCompliant + t.acknowledged : 0);

/** True when the whole day `date` (UTC, `YYYY-MM-DD`) is before `now`. */
export function isPastDay(date: string, now: Date): boolean {
  return new Date(`${date}T23:59:59.999Z`).getTime() < now.getTime();
}
