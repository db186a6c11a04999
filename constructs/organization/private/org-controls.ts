import { Citation } from '../../core/citations';

/** Node-metadata key under which each organization-wide control is recorded for the compliance report. */
export { ORG_CONTROL_METADATA_KEY } from '../../core/report-metadata';

/** One control that applies to every member account (or every account of the chosen OUs). */
export interface OrgWideControl {
  /** What the control is, e.g. `GuardDuty auto-enable`. */
  readonly control: string;
  /** Which accounts it covers, e.g. `all member accounts, all features`. */
  readonly scope: string;
  /** The HIPAA Security Rule citations it serves. */
  readonly citations: string[];
}

/** The controls the management-account deployment applies. */
export const MANAGEMENT_CONTROLS: readonly OrgWideControl[] = [
  {
    control: 'Organization CloudTrail',
    scope: 'all member accounts, all Regions, management events, log files validated and KMS-encrypted',
    citations: [Citation.AUDIT_CONTROLS, Citation.RETENTION_TIME_LIMIT],
  },
  {
    control: 'Security Hub, GuardDuty, Inspector and Macie delegated administrator',
    scope: 'the delegated-admin account administers all member accounts',
    citations: [Citation.RISK_MANAGEMENT, Citation.ACTIVITY_REVIEW],
  },
];

/** The controls the delegated-admin deployment applies. */
export const DELEGATED_ADMIN_CONTROLS: readonly OrgWideControl[] = [
  {
    control: 'Security Hub central configuration',
    scope: 'policy targets (root or OUs), FSBP/CIS/NIST standards, findings aggregated from all Regions',
    citations: [Citation.RISK_MANAGEMENT, Citation.ACTIVITY_REVIEW],
  },
  {
    control: 'AWS Config organization aggregator',
    scope: 'all member accounts, all Regions',
    citations: [Citation.ACTIVITY_REVIEW, Citation.AUDIT_CONTROLS],
  },
  {
    control: 'IAM Access Analyzer (external and unused access)',
    scope: 'all member accounts; unused access after 90 days',
    citations: [Citation.ACCESS_MANAGEMENT, Citation.ACCESS_CONTROL],
  },
  {
    control: 'GuardDuty auto-enable',
    scope: 'all member accounts, all features',
    citations: [Citation.RISK_MANAGEMENT, Citation.ACTIVITY_REVIEW],
  },
  {
    control: 'Inspector auto-enable',
    scope: 'all member accounts: EC2, ECR, Lambda and Lambda code scanning',
    citations: [Citation.RISK_MANAGEMENT],
  },
  {
    control: 'Macie auto-enable',
    scope: 'all member accounts',
    citations: [Citation.RISK_MANAGEMENT, Citation.ACCESS_CONTROL],
  },
];
