import { Citation } from '../../core/citations';
import { DetectionCitation } from './citations';

/**
 * The GuardDuty detector features the toolkit turns on, by CloudFormation `Features[].Name`, with the
 * citation each one serves. `RUNTIME_MONITORING` replaces the older `EKS_RUNTIME_MONITORING`; the two
 * cannot be set together, so only the former is used.
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html
 */
export const GUARDDUTY_FEATURES = {
  /** S3 Protection: CloudTrail data events on S3 objects (reads, writes, deletes). */
  S3_DATA_EVENTS: Citation.ACTIVITY_REVIEW,
  /** EKS Protection: Kubernetes audit logs. */
  EKS_AUDIT_LOGS: Citation.ACTIVITY_REVIEW,
  /** Malware Protection for EC2: scans of EBS volumes when a finding suggests malware. */
  EBS_MALWARE_PROTECTION: DetectionCitation.MALWARE_PROTECTION,
  /** RDS Protection: anomalous log-in attempts to Aurora and RDS databases. */
  RDS_LOGIN_EVENTS: DetectionCitation.LOGIN_MONITORING,
  /** Lambda Protection: network activity of Lambda functions. */
  LAMBDA_NETWORK_LOGS: Citation.ACTIVITY_REVIEW,
  /** Runtime Monitoring: OS-level events on EKS, ECS (Fargate) and EC2 workloads. */
  RUNTIME_MONITORING: DetectionCitation.MALWARE_PROTECTION,
} as const;

/**
 * The `AdditionalConfiguration` of `RUNTIME_MONITORING`: GuardDuty installs and updates its security
 * agent itself on each compute type.
 */
export const RUNTIME_AGENT_MANAGEMENT = {
  /** The GuardDuty EKS add-on. */
  EKS_ADDON_MANAGEMENT: DetectionCitation.MALWARE_PROTECTION,
  /** The sidecar agent on ECS Fargate tasks. */
  ECS_FARGATE_AGENT_MANAGEMENT: DetectionCitation.MALWARE_PROTECTION,
  /** The agent on EC2 instances, through Systems Manager. */
  EC2_AGENT_MANAGEMENT: DetectionCitation.MALWARE_PROTECTION,
} as const;

/** A detector feature name. */
export type GuardDutyFeatureName = keyof typeof GUARDDUTY_FEATURES;
/** A runtime-monitoring agent-management name. */
export type RuntimeAgentName = keyof typeof RUNTIME_AGENT_MANAGEMENT;

/** Every protection that can be switched off, features first. */
export const GUARDDUTY_PROTECTION_NAMES: readonly string[] = [
  ...Object.keys(GUARDDUTY_FEATURES),
  ...Object.keys(RUNTIME_AGENT_MANAGEMENT),
];

/** The citation a protection serves. */
export function protectionCitation(name: string): string {
  return (
    (GUARDDUTY_FEATURES as Record<string, string>)[name] ??
    (RUNTIME_AGENT_MANAGEMENT as Record<string, string>)[name] ??
    DetectionCitation.MALWARE_PROTECTION
  );
}

/** The detector's `Features` with everything enabled except `disabled`. */
export function detectorFeatures(disabled: readonly string[]): {
  name: string;
  status: string;
  additionalConfiguration?: { name: string; status: string }[];
}[] {
  const status = (name: string) => (disabled.includes(name) ? 'DISABLED' : 'ENABLED');
  return (Object.keys(GUARDDUTY_FEATURES) as GuardDutyFeatureName[]).map((name) =>
    name === 'RUNTIME_MONITORING'
      ? {
          name,
          status: status(name),
          additionalConfiguration: (Object.keys(RUNTIME_AGENT_MANAGEMENT) as RuntimeAgentName[]).map(
            (agent) => ({ name: agent, status: status(name) === 'DISABLED' ? 'DISABLED' : status(agent) }),
          ),
        }
      : { name, status: status(name) },
  );
}
