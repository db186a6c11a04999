import type { IConstruct } from 'constructs';

/** Construct metadata key for a deliberate relaxation of a default (shown in the compliance report). */
export const RELAXATION_METADATA_KEY = 'cdk-hipaa-baseline:relaxation';
/** Construct metadata key for a setting only a person can attest (shown in the compliance report). */
export const MANUAL_ATTESTATION_METADATA_KEY = 'cdk-hipaa-baseline:attestation';
/** Construct metadata key for a control applied organization-wide (written by `OrganizationSecurity`). */
export const ORG_CONTROL_METADATA_KEY = 'cdk-hipaa-baseline:org-control';
/** Construct metadata key for who an alert topic pages (shown in the compliance report's paging table). */
export const PAGING_METADATA_KEY = 'cdk-hipaa-baseline:paging';
/** Construct metadata key for the owner, ticket and expiry of an acknowledged finding. */
export const EXCEPTION_METADATA_KEY = 'cdk-hipaa-baseline:exception';

/** A relaxation of a secure default, made through a named prop. */
export interface RelaxationRecord {
  /** The HIPAA citation the default serves. */
  readonly citation: string;
  /** The prop that relaxed it, e.g. `internetEgress`. */
  readonly setting: string;
  /** Why, in the user's words or the construct's. */
  readonly reason: string;
}

/** A setting CloudFormation cannot express, so a person must attest to it. */
export interface ManualAttestationRecord {
  /** The HIPAA citation the setting serves. */
  readonly citation: string;
  /** The setting, e.g. `IAM Identity Center MFA mode`. */
  readonly setting: string;
  /** Why it cannot be set in code. */
  readonly reason: string;
}

/** Records a relaxation on `construct` for the compliance report. */
export function recordRelaxation(construct: IConstruct, record: RelaxationRecord): void {
  construct.node.addMetadata(RELAXATION_METADATA_KEY, { ...record });
}

/** Records a setting that requires manual attestation on `construct` for the compliance report. */
export function recordManualAttestation(construct: IConstruct, record: ManualAttestationRecord): void {
  construct.node.addMetadata(MANUAL_ATTESTATION_METADATA_KEY, { ...record });
}

/** Who an alert topic pages, and for what. */
export interface PagingRecord {
  /** Construct path of the topic. */
  readonly topic: string;
  /** What reaches the topic, e.g. `critical incidents: root user activity, …`. */
  readonly alerts: string;
  /** The HIPAA citation the alerts serve. */
  readonly citation: string;
  /** Who is paged, e.g. `email security-oncall@example.org`; empty when nobody is. */
  readonly subscribers: readonly string[];
}

/** Records who an alert topic pages on `construct` for the compliance report. */
export function recordPaging(construct: IConstruct, record: PagingRecord): void {
  construct.node.addMetadata(PAGING_METADATA_KEY, { ...record, subscribers: [...record.subscribers] });
}
