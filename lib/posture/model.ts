/**
 * The live-posture model: what AWS Config and Security Hub observe in deployed accounts, merged with what
 * `cdk synth` intended. A {@link PostureReport} pairs an ordinary {@link ComplianceReport} (so every report
 * renderer works unchanged) with a {@link PostureSection} written beside it as `posture.json`.
 */
import type { CitationStatus, ComplianceReport } from '../compliance/report/model';
import type { PatchVerdict, RestoreVerdict } from './recovery-checks';

/** Pack name of evaluation rows observed through AWS Config conformance packs. */
export const CONFIG_PACK = 'AWSConfig';
/** Pack name of evaluation rows observed through Security Hub control findings. */
export const SECURITY_HUB_PACK = 'SecurityHub';
/** Pack name of evaluation rows judged from AWS Backup restore jobs. */
export const BACKUP_PACK = 'AWSBackup';
/** Pack name of evaluation rows judged from Systems Manager Patch Manager patch states. */
export const PATCH_PACK = 'PatchManager';

/** What the deployed accounts show for a HIPAA citation. */
export type ObservedStatus = 'compliant' | 'non-compliant' | 'not-observed';

/** Where an observation came from. */
export type PostureSource = 'config' | 'securityhub' | 'backup' | 'ssm' | 'sts' | 'attribution' | 'collector';

/** Why part of the collection failed. Each code has one clear, one-line message. */
export type GapCode =
  | 'missing-credentials'
  | 'expired-credentials'
  | 'access-denied'
  | 'securityhub-not-enabled'
  | 'conformance-pack-not-found'
  | 'no-conformance-pack'
  | 'throttled'
  | 'timeout'
  /** No connection could be made to the endpoint (refused, unreachable host, DNS failure). */
  | 'unreachable'
  | 'service-error'
  | 'malformed-response'
  /** The overall `--deadline` stopped the call: what it had not collected is missing. */
  | 'deadline-exceeded'
  /** Security Hub answered, but no standard is enabled: no control can be observed. */
  | 'no-securityhub-standard'
  /** The conformance packs answered with no per-resource result: nothing was evaluated. */
  | 'no-config-results'
  /** AWS Config has no configuration recorder: conformance-pack results cannot be current. */
  | 'no-config-recorder'
  /** The configuration recorder exists but is not recording: results are stale. */
  | 'config-recorder-stopped'
  | 'error';

/** Something that could not be collected (or was collected empty), and why. Its presence makes the posture incomplete. */
export interface CollectionGap {
  readonly source: PostureSource;
  /** The account, or `unknown` when it could not be determined. */
  readonly account: string;
  readonly region: string;
  /** The API operation that failed, e.g. `GetFindings`. */
  readonly operation: string;
  readonly code: GapCode;
  /** The IAM action the caller lacks, for `access-denied`. */
  readonly permission?: string;
  /** One line a person can act on. */
  readonly message: string;
}

/** The three kinds of drift, in the order they are listed. */
export type DriftKind =
  /** A citation the synthesized app met is observed failing. */
  | 'citation-failing'
  /** A resource of the app, compliant at synth, is observed failing. */
  | 'resource-failing'
  /** A resource observed in AWS that no stack of the app deployed. */
  | 'not-in-app';

/** One difference between what the app intended and what AWS observes. */
export interface DriftEntry {
  readonly kind: DriftKind;
  /** The HIPAA citation, for `citation-failing`. */
  readonly citation?: string;
  /** The synthesized status, for `citation-failing`. */
  readonly intended?: CitationStatus;
  /** The construct path (app resources) or `aws:<type>/<id>` (others). */
  readonly resource?: string;
  readonly resourceType?: string;
  readonly account?: string;
  readonly region?: string;
  /** Config rules or Security Hub controls observed failing. */
  readonly rules: readonly string[];
  /** One line saying what differs. */
  readonly detail: string;
}

/** Intended and observed status of one HIPAA citation. */
export interface CitationPosture {
  readonly id: string;
  /** Status in the synthesized report, or null when no report was merged. */
  readonly intended: CitationStatus | null;
  readonly observed: ObservedStatus;
  /** True when the app met the citation at synth and AWS observes it failing. */
  readonly drift: boolean;
}

/** What was collected from one account and region. */
export interface TargetSummary {
  readonly account: string;
  readonly region: string;
  readonly conformancePacks: readonly string[];
  readonly configRules: number;
  readonly configResults: number;
  readonly securityHubStandards: readonly string[];
  /** Failed control findings kept: one per control and resource (duplicates across standards merged). */
  readonly securityHubFindings: number;
}

/** The posture section written to `posture.json`. Drift comes first: it is what a reader acts on. */
export interface PostureSection {
  /** Drift, most actionable first: failing citations, failing app resources, resources outside the app. */
  readonly drift: readonly DriftEntry[];
  readonly schemaVersion: '1.0';
  /**
   * True only when every source answered and something was observed. False when anything could not be
   * collected, when the deployed accounts showed nothing to observe (no recorder, no standard, no
   * conformance-pack result), or when `--deadline` stopped the run: the posture must not be read as
   * compliant, and no citation is shown as met on synthesized evidence alone.
   */
  readonly complete: boolean;
  /** The negation of {@link complete}, kept for readers of earlier `posture.json` files. */
  readonly partial: boolean;
  /** Why the posture is incomplete, one line each (empty when complete): what was not observed and why. */
  readonly incompleteReasons: readonly string[];
  /** What could not be collected, per account, region and operation. */
  readonly gaps: readonly CollectionGap[];
  readonly collectedAt: string;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** Where the intended (synthesized) report came from, or null when none was merged. */
  readonly intendedFrom: string | null;
  readonly intendedGeneratedAt: string | null;
  readonly summary: {
    readonly observed: number;
    readonly compliant: number;
    readonly nonCompliant: number;
    /** Config results with INSUFFICIENT_DATA, and findings without a control id: counted, not rows. */
    readonly skipped: number;
    /** Observed resources whose origin (app or not) could not be established. */
    readonly unattributed: number;
    readonly drift: number;
    readonly requests: number;
  };
  readonly citations: readonly CitationPosture[];
  readonly targets: readonly TargetSummary[];
  /** How Config rules and Security Hub controls were mapped to HIPAA citations. */
  readonly citationMapping: string;
  /** Measured recovery and patch deadlines, per account and Region (see {@link RecoveryPosture}). */
  readonly recovery: RecoveryPosture;
}

/**
 * What AWS Backup and Patch Manager showed: the latest restore per resource type against the recovery
 * objective (164.308(a)(7)(ii)(B), (D)), and each managed instance's patch state against the proposed
 * rule's deadlines (164.308(a)(1)(ii)(B)). Every verdict is also an evaluation row of the report.
 */
export interface RecoveryPosture {
  readonly recoveryObjectiveHours: number;
  readonly restoreWindowDays: number;
  readonly restores: readonly RestoreVerdict[];
  readonly patches: readonly PatchVerdict[];
}

/** A posture report: a compliance report every renderer accepts, plus the posture section. */
export interface PostureReport {
  readonly report: ComplianceReport;
  readonly posture: PostureSection;
}
