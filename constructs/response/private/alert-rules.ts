import * as events from 'aws-cdk-lib/aws-events';
import type { IncidentSeverity } from '../incident-severity';

/** One alert rule, as data: what it matches, how bad it is, and how the alert reads. */
export interface AlertRuleSpec {
  /** Construct id of the rule. */
  readonly id: string;
  readonly description: string;
  readonly severity: IncidentSeverity;
  readonly eventPattern: events.EventPattern;
  /** The alert text, built from the event. */
  readonly message: () => events.RuleTargetInput;
  /**
   * Also match read-only CloudTrail management events (rule state
   * `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`); by default EventBridge only receives mutating calls.
   */
  readonly allManagementEvents?: boolean;
}

/**
 * IAM API calls that change a policy: the CIS AWS Foundations Benchmark list (control 4.4 in v1.5/v3,
 * "IAM policy changes"), plus SetDefaultPolicyVersion, which can roll a managed policy back to a broader
 * version.
 */
export const IAM_POLICY_CHANGE_EVENTS = [
  'DeleteGroupPolicy',
  'DeleteRolePolicy',
  'DeleteUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'PutUserPolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'SetDefaultPolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
] as const;

/** CloudTrail calls that stop, remove or narrow the audit trail. */
export const TRAIL_TAMPERING_EVENTS = [
  'StopLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
] as const;

/** KMS calls that make data encrypted under a key unreadable. */
export const KEY_DISABLING_EVENTS = ['DisableKey', 'ScheduleKeyDeletion'] as const;

/**
 * GuardDuty severity bands, as AWS defines them (Low 1.0–3.9, Medium 4.0–6.9, High 7.0–8.9,
 * Critical 9.0–10.0). Low findings are not routed.
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html
 */
export const GUARDDUTY_BANDS: readonly { severity: IncidentSeverity; label: string; numeric: unknown[] }[] = [
  { severity: 'critical', label: 'Critical', numeric: ['>=', 9] },
  { severity: 'high', label: 'High', numeric: ['>=', 7, '<', 9] },
  { severity: 'medium', label: 'Medium', numeric: ['>=', 4, '<', 7] },
];

const field = (path: string) => events.EventField.fromPath(path);
const CONSOLE = 'https://console.aws.amazon.com';

function guardDutyMessage(label: string): events.RuleTargetInput {
  const region = field('$.region');
  return events.RuleTargetInput.fromText(
    `[${label.toUpperCase()}] GuardDuty finding ${field('$.detail.type')} (severity ${field('$.detail.severity')}) ` +
      `in account ${field('$.account')}, ${region}: ${field('$.detail.title')} ` +
      `Finding: ${CONSOLE}/guardduty/home?region=${region}#/findings?macros=current&fId=${field('$.detail.id')}`,
  );
}

function securityHubMessage(label: string): events.RuleTargetInput {
  const region = field('$.region');
  const finding = (name: string) => field(`$.detail.findings[0].${name}`);
  return events.RuleTargetInput.fromText(
    `[${label}] Security Hub failed control ${finding('GeneratorId')} in account ${finding('AwsAccountId')}, ` +
      `${region}: ${finding('Title')} Finding: ${CONSOLE}/securityhub/home?region=${region}` +
      `#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A${finding('Id')}`,
  );
}

function cloudTrailMessage(label: string, what: string): events.RuleTargetInput {
  const region = field('$.region');
  return events.RuleTargetInput.fromText(
    `[${label}] ${what}: ${field('$.detail.eventName')} by ${field('$.detail.userIdentity.arn')} ` +
      `(${field('$.detail.userIdentity.type')}) from ${field('$.detail.sourceIPAddress')} in account ` +
      `${field('$.account')}, ${region} at ${field('$.detail.eventTime')}. ` +
      `Event: ${CONSOLE}/cloudtrail/home?region=${region}#/events/${field('$.detail.eventID')}`,
  );
}

function configMessage(): events.RuleTargetInput {
  const region = field('$.detail.awsRegion');
  const rule = field('$.detail.configRuleName');
  return events.RuleTargetInput.fromText(
    `[MEDIUM] AWS Config rule ${rule} is NON_COMPLIANT for ${field('$.detail.resourceType')} ` +
      `${field('$.detail.resourceId')} in account ${field('$.detail.awsAccountId')}, ${region}. ` +
      `Rule: ${CONSOLE}/config/home?region=${region}#/rules/details?configRuleName=${rule}`,
  );
}

const apiCall = (source: string, eventSource: string, names: readonly string[]): events.EventPattern => ({
  source: [source],
  detailType: ['AWS API Call via CloudTrail'],
  detail: { eventSource: [eventSource], eventName: [...names] },
});

/**
 * Every alert rule of an {@link IncidentResponse}. IAM and console sign-in events reach EventBridge only
 * in us-east-1 (global services); the other rules see their own Region only.
 *
 * @param configRuleNamePatterns EventBridge wildcard patterns for the Config rules whose non-compliance
 *   is reported
 */
export function alertRuleSpecs(configRuleNamePatterns: readonly string[]): AlertRuleSpec[] {
  return [
    ...GUARDDUTY_BANDS.map(
      (band): AlertRuleSpec => ({
        id: `GuardDuty${band.label}Findings`,
        description: `GuardDuty findings of ${band.label} severity`,
        severity: band.severity,
        eventPattern: {
          source: ['aws.guardduty'],
          detailType: ['GuardDuty Finding'],
          detail: { severity: [{ numeric: band.numeric }] },
        },
        message: () => guardDutyMessage(band.label),
      }),
    ),
    ...(['CRITICAL', 'HIGH'] as const).map(
      (label): AlertRuleSpec => ({
        id: `SecurityHub${label === 'CRITICAL' ? 'Critical' : 'High'}Failures`,
        description: `New, active Security Hub findings of ${label} severity whose control check failed`,
        severity: label === 'CRITICAL' ? 'critical' : 'high',
        eventPattern: {
          source: ['aws.securityhub'],
          detailType: ['Security Hub Findings - Imported'],
          detail: {
            findings: {
              Severity: { Label: [label] },
              Workflow: { Status: ['NEW'] },
              RecordState: ['ACTIVE'],
              Compliance: { Status: ['FAILED'] },
            },
          },
        },
        message: () => securityHubMessage(label),
      }),
    ),
    {
      id: 'RootUserActivity',
      description: 'Any use of the root user, read-only calls included',
      severity: 'critical',
      eventPattern: {
        detailType: ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'],
        detail: {
          userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] },
          eventType: [{ 'anything-but': 'AwsServiceEvent' }],
        },
      },
      message: () => cloudTrailMessage('CRITICAL', 'Root user activity'),
      allManagementEvents: true,
    },
    {
      id: 'ConsoleSignInWithoutMfa',
      description: 'Successful console sign-in of an IAM user or the root user without MFA',
      severity: 'high',
      eventPattern: {
        source: ['aws.signin'],
        detailType: ['AWS Console Sign In via CloudTrail'],
        detail: {
          eventName: ['ConsoleLogin'],
          userIdentity: { type: ['IAMUser', 'Root'] },
          additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] },
          responseElements: { ConsoleLogin: ['Success'] },
        },
      },
      message: () => cloudTrailMessage('HIGH', 'Console sign-in without MFA'),
    },
    {
      id: 'AuditTrailTampering',
      description: 'CloudTrail trails stopped, deleted or changed',
      severity: 'critical',
      eventPattern: apiCall('aws.cloudtrail', 'cloudtrail.amazonaws.com', TRAIL_TAMPERING_EVENTS),
      message: () => cloudTrailMessage('CRITICAL', 'Audit trail changed'),
    },
    {
      id: 'KeyDisabledOrScheduledForDeletion',
      description: 'KMS keys disabled or scheduled for deletion',
      severity: 'critical',
      eventPattern: apiCall('aws.kms', 'kms.amazonaws.com', KEY_DISABLING_EVENTS),
      message: () => cloudTrailMessage('CRITICAL', 'KMS key disabled or scheduled for deletion'),
    },
    {
      id: 'IamPolicyChange',
      description: 'IAM policies created, changed, attached or detached (CIS list)',
      severity: 'high',
      eventPattern: apiCall('aws.iam', 'iam.amazonaws.com', IAM_POLICY_CHANGE_EVENTS),
      message: () => cloudTrailMessage('HIGH', 'IAM policy changed'),
    },
    {
      id: 'ConformancePackNonCompliance',
      description: 'Config rules of the conformance packs turning NON_COMPLIANT',
      severity: 'medium',
      eventPattern: {
        source: ['aws.config'],
        detailType: ['Config Rules Compliance Change'],
        detail: {
          messageType: ['ComplianceChangeNotification'],
          configRuleName: configRuleNamePatterns.map((pattern) => ({ wildcard: pattern })),
          newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
        },
      },
      message: configMessage,
    },
  ];
}
