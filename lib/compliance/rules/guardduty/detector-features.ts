import { Citation } from '../../../../constructs/core/citations';
import { DetectionCitation } from '../../../../constructs/detection/private/citations';
import {
  GUARDDUTY_FEATURES,
  RUNTIME_AGENT_MANAGEMENT,
} from '../../../../constructs/detection/private/guardduty-features';
import type { Resolved } from '../../template/resolve';
import { expectEqual, fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';

type Entry = Record<string, Resolved>;

const entries = (value: Resolved | undefined): Entry[] | undefined =>
  Array.isArray(value) ? (value.filter((v) => v !== null && typeof v === 'object') as Entry[]) : undefined;

/** Problems for every required feature (or agent) missing from `list` or not ENABLED. */
function featureProblems(path: string, list: Resolved | undefined, required: readonly string[]): Problem[] {
  if (list !== undefined && isSpecial(list)) return [unverified(path, list, 'a list of enabled features')];
  const present = entries(list) ?? [];
  return required.flatMap((name) => {
    const entry = present.find((e) => e.Name === name);
    if (!entry) return [fail(path, `${path} must enable ${name}, which is absent`)];
    if (isSpecial(entry.Status)) return [unverified(`${path}[${name}].Status`, entry.Status, '"ENABLED"')];
    return entry.Status === 'ENABLED'
      ? []
      : [fail(`${path}[${name}].Status`, `${name} must be ENABLED, got ${JSON.stringify(entry.Status)}`)];
  });
}

/**
 * Every GuardDuty detector is enabled, publishes findings every 15 minutes, and enables every protection
 * plan and runtime agent the toolkit relies on. A protection disabled on purpose (ThreatDetection's
 * `disabledProtections`) is acknowledged on the detector with its reason.
 */
export const GuardDutyDetectorFeatures: TemplateRule = {
  id: 'GuardDutyDetectorFeatures',
  citations: [
    Citation.ACTIVITY_REVIEW,
    DetectionCitation.MALWARE_PROTECTION,
    DetectionCitation.LOGIN_MONITORING,
    '164.308(a)(6)(i)',
    '164.308(a)(6)(ii)',
  ],
  severity: 'error',
  resourceTypes: ['AWS::GuardDuty::Detector'],
  rationale:
    'Each protection plan watches one path to ePHI (S3 data events, database logins, malware on volumes, runtime behaviour); a deleted or disabled feature silently stops that detection.',
  fix: 'Use ThreatDetection (or set Enable true, FindingPublishingFrequency FIFTEEN_MINUTES, and every feature ENABLED); disable a protection only through disabledProtections with a reason.',
  check: (view) => {
    const features = view.get('Features');
    const runtime = entries(features)?.find((e) => e.Name === 'RUNTIME_MONITORING');
    return [
      ...expectEqual(view, 'Enable', true),
      ...expectEqual(view, 'FindingPublishingFrequency', 'FIFTEEN_MINUTES'),
      ...featureProblems('Features', features, Object.keys(GUARDDUTY_FEATURES)),
      ...(runtime
        ? featureProblems(
            'Features[RUNTIME_MONITORING].AdditionalConfiguration',
            runtime.AdditionalConfiguration,
            Object.keys(RUNTIME_AGENT_MANAGEMENT),
          )
        : []),
    ];
  },
};
