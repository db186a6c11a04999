export * from './backup/resilient-backup';
export * from './compute/ebs-encryption-by-default';
export * from './compute/hardened-function';
export * from './compute/hardened-instance';
export * from './compute/hardened-launch-template';
export * from './compute/hardened-repository';
export * from './compute/session-manager-preferences';
export * from './core/acknowledge';
export * from './core/citations';
export * from './core/encryption-at-rest';
export * from './core/phi-classification';
export * from './core/phi-data-guard';
export * from './core/report-metadata';
export * from './core/retention';
export * from './core/validation';
export * from './detection/audit-trail';
export * from './detection/config-compliance';
export * from './detection/risk-assessment';
export * from './detection/security-alarms';
export * from './detection/security-hub';
export * from './detection/threat-detection';
export * from './encryption/log-service-access';
export * from './encryption/phi-key';
export * from './identity/access-roles';
export * from './identity/account-password-policy';
export * from './identity/app-user-pool';
export * from './identity/identity-center-permission-sets';
export {
  collectManualAttestations,
  type ManualAttestation,
  type RecordedManualAttestation,
} from './identity/manual-attestation';
export * from './identity/mfa-enforcement';
export * from './identity/permissions-boundary';
export * from './network/phi-vpc';
export * from './organization/organization-security';
export * from './organization/service-control-policies';
export * from './patching/default-host-management';
export * from './patching/patch-baselines';
export * from './patching/patch-group';
export * from './patching/patch-schedule';
export * from './response/incident-response';
export * from './response/incident-runbooks';
export * from './response/incident-severity';
export * from './storage/access-logs-bucket';
export * from './storage/audit-log-group';
export * from './storage/phi-bucket';
export * from './storage/phi-database';
export * from './storage/phi-table';
