/**
 * The compliance report model: what `cdk synth` writes to `cdk.out/compliance/report.json` and every
 * other format is rendered from. Its JSON Schema is `report.schema.json` beside this file.
 */

import type { AssetInventory, ProposedRuleReadiness } from '../inventory/inventory-model';

export type * from '../inventory/inventory-model';

/** Status of one rule on one resource after acknowledgments. */
export type EvaluationStatus = 'compliant' | 'non-compliant' | 'acknowledged';

/** Status of a HIPAA citation in this app. */
export type CitationStatus =
  | 'met'
  | 'met-with-exceptions'
  | 'not-met'
  | 'technical-met-attestation-outstanding'
  | 'not-applicable'
  | 'attested'
  | 'attestation-expired'
  | 'attestation-required'
  | 'not-evidenced';

/** State of an acknowledged exception on the report date. */
export type ExceptionState = 'active' | 'expiring-soon' | 'expired' | 'no-expiry';

/** A CloudFormation resource the report refers to. */
export interface ResourceRef {
  readonly stack: string;
  readonly logicalId: string;
  readonly constructPath: string;
  readonly type: string;
}

/** One acknowledgment as it applies to an evaluation. */
export interface AcknowledgmentRef {
  readonly id: string;
  readonly reason: string;
  readonly acknowledgedAt: string;
  readonly owner?: string;
  readonly ticket?: string;
  readonly expires?: string;
  /** `built-in`: made by the toolkit or aws-cdk-lib for a constraint of AWS; `user`: the app's exception. */
  readonly source?: 'built-in' | 'user';
  /** The source line that made it (`file:line`), when known. */
  readonly location?: string;
}

/** One row of the evaluation matrix. */
export interface EvaluationRow {
  readonly pack: string;
  readonly ruleId: string;
  readonly baseRuleId: string;
  readonly level: string;
  readonly status: EvaluationStatus;
  readonly resource: ResourceRef;
  readonly acknowledgment?: AcknowledgmentRef;
  readonly ruleError?: boolean;
  /** Template evidence: the value the rule needed cannot be known at synth (never counted as passing). */
  readonly unverified?: boolean;
  /** Template evidence: what is wrong, by property path. */
  readonly problems?: readonly { readonly path: string; readonly message: string }[];
  /** Template evidence: the security settings the rule read, by property path (what `diff` compares). */
  readonly observed?: Readonly<Record<string, unknown>>;
}

/** A rule of a registered pack, with counts over the app. */
export interface RuleSummary {
  readonly id: string;
  readonly pack: string;
  readonly info: string;
  readonly level: string;
  readonly citations: readonly string[];
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly acknowledged: number;
  /** Resources the rule ran on and found not applicable. */
  readonly notApplicable: number;
}

/** A person's attestation from the attestations file. */
export interface Attestation {
  readonly citation: string;
  readonly statement: string;
  readonly owner: string;
  readonly evidence: string;
  readonly date: string;
  readonly expires?: string;
  /** Where it came from, e.g. `compliance/attestations.yaml:12`. */
  readonly source: string;
}

/** One row of the HIPAA citation index. */
export interface CitationRow {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly safeguard: string;
  readonly required: boolean;
  readonly automation: string;
  readonly strategies: readonly number[];
  readonly status: CitationStatus;
  /** Why the status is what it is, in a sentence. */
  readonly statusReason: string;
  /** The evidence model applied: sufficient rules, those that evaluated nothing, what must be attested. */
  readonly evidence: {
    readonly sufficient: readonly string[];
    readonly missing: readonly string[];
    readonly attest?: string;
  };
  /** Every rule citing it (sufficient and supporting). */
  readonly rules: readonly string[];
  readonly resources: readonly string[];
  readonly constructs: readonly string[];
  readonly configRules: readonly string[];
  readonly counts: {
    readonly compliant: number;
    readonly nonCompliant: number;
    readonly acknowledged: number;
  };
  readonly attestation?: Attestation;
  readonly manualAttestations: readonly {
    readonly constructPath: string;
    readonly setting: string;
    readonly reason: string;
  }[];
  readonly relaxations: readonly {
    readonly constructPath: string;
    readonly setting: string;
    readonly reason: string;
  }[];
  /** Controls applied organization-wide that serve this citation (`<control> (<scope>)`). */
  readonly orgWideControls: readonly string[];
}

/** A control applied organization-wide (from an `OrganizationSecurity` construct in the app). */
export interface OrgControlRow {
  readonly control: string;
  readonly scope: string;
  readonly citations: readonly string[];
  /** The construct that applies it. */
  readonly constructPath: string;
}

/** One entry of the exceptions register. */
export interface ExceptionRow {
  readonly id: string;
  readonly acknowledgedAt: string;
  readonly reason: string;
  readonly owner?: string;
  readonly ticket?: string;
  readonly expires?: string;
  /** `built-in`: made by the toolkit or aws-cdk-lib for a constraint of AWS; `user`: the app's exception. */
  readonly source?: 'built-in' | 'user';
  /** The source line that made it (`file:line`), when known. */
  readonly location?: string;
  readonly state: ExceptionState;
  /** How many evaluations it covers in this app (0: it covers nothing right now). */
  readonly findings: number;
}

/** A data store in the inventory. */
export interface DataStoreRow extends ResourceRef {
  readonly encrypted: boolean;
  /** The key reference as synthesized (a logical id, an ARN or an alias), when a KMS key is used. */
  readonly key?: string;
  readonly phi: boolean;
}

/** A log destination in the inventory. */
export interface LogDestinationRow extends ResourceRef {
  /** Days kept, or null when kept indefinitely. */
  readonly retentionDays: number | null;
}

/** Who one alert topic pages, and for what (from the alarm and alert constructs). */
export interface PagingRow {
  /** Construct path of the topic. */
  readonly topic: string;
  /** What reaches the topic. */
  readonly alerts: string;
  /** The HIPAA citation the alerts serve. */
  readonly citation: string;
  /** Who is paged; empty when nobody is. */
  readonly subscribers: readonly string[];
}

/** Counts for the summary. */
export interface Counts {
  readonly evaluations: number;
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly acknowledged: number;
}

/** The whole report. */
export interface ComplianceReport {
  readonly schemaVersion: '1.0';
  readonly generatedAt: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly stacks: readonly string[];
  readonly packs: readonly { readonly name: string; readonly rules: number }[];
  readonly summary: Counts & {
    readonly citations: Readonly<Record<CitationStatus, number>>;
    readonly bySafeguard: Readonly<Record<string, Readonly<Record<CitationStatus, number>>>>;
    readonly byStrategy: readonly {
      readonly strategy: number;
      readonly name: string;
      readonly citations: Readonly<Record<CitationStatus, number>>;
    }[];
    readonly exceptions: Readonly<Record<ExceptionState, number>>;
  };
  readonly rules: readonly RuleSummary[];
  readonly evaluations: readonly EvaluationRow[];
  readonly citations: readonly CitationRow[];
  readonly exceptions: readonly ExceptionRow[];
  readonly attestations: readonly Attestation[];
  /** Controls applied organization-wide, and where (empty for a single-account app). */
  readonly orgWideControls: readonly OrgControlRow[];
  /** Who each alert topic pages. Absent in reports written before the paging table existed. */
  readonly paging?: readonly PagingRow[];
  readonly inventory: {
    readonly dataStores: readonly DataStoreRow[];
    readonly logDestinations: readonly LogDestinationRow[];
    readonly phiTagged: readonly ResourceRef[];
  };
  /**
   * Every PHI-relevant asset and the network map, from the synthesized templates (also written alone to
   * `inventory.json`). Absent in reports written before it existed, or built without templates.
   */
  readonly assets?: AssetInventory;
  /** Readiness for HHS's proposed Security Rule update: a proposal, never a current citation's status. */
  readonly proposedRule?: ProposedRuleReadiness;
}
