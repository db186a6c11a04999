import type { TemplateRule } from '../template/rule';
import { CloudTrailTrailCoverage } from './cloudtrail/trail-coverage';
import { GuardDutyDetectorFeatures } from './guardduty/detector-features';

/** The detection and incident-response template evidence rules, in report order. */
export const DETECTION_RULES: readonly TemplateRule[] = [CloudTrailTrailCoverage, GuardDutyDetectorFeatures];
