import type { TemplateRule } from '../template/rule';
import { CloudTrailPhiDataEvents } from './cloudtrail/phi-data-events';
import { CloudTrailTrailCoverage } from './cloudtrail/trail-coverage';
import { AlarmHasActions } from './cloudwatch/alarm-has-actions';
import { ConfigRecorderCoverage } from './config/recorder-coverage';
import { GuardDutyDetectorFeatures } from './guardduty/detector-features';
import { SecurityHubStandards } from './securityhub/hub-standards';

/** The detection and incident-response template evidence rules, in report order. */
export const DETECTION_RULES: readonly TemplateRule[] = [
  CloudTrailTrailCoverage,
  CloudTrailPhiDataEvents,
  GuardDutyDetectorFeatures,
  SecurityHubStandards,
  ConfigRecorderCoverage,
  AlarmHasActions,
];
