import { Citation } from '../../../../constructs/core/citations';
import { DetectionCitation } from '../../../../constructs/detection/private/citations';
import { expectEqual, fail, type Problem, type TemplateRule } from '../../template/rule';
import type { TemplateResource, TemplateSet } from '../../template/template-set';

/** Resource types AWS Config needs beside the recorder, in the same template (one account and Region). */
const COMPANIONS = [
  { type: 'AWS::Config::DeliveryChannel', why: 'configuration history and snapshots are delivered' },
  { type: 'AWS::Config::ConformancePack', why: 'the HIPAA conformance pack evaluates what is recorded' },
] as const;

const companionsBySet = new WeakMap<TemplateSet, ReadonlyMap<string, readonly TemplateResource[]>>();

/** The set's companion resources by `type` and stack name, in template order, indexed once per set. */
function companionsIn(set: TemplateSet, type: string, stackName: string): readonly TemplateResource[] {
  let index = companionsBySet.get(set);
  if (!index) {
    const byKey = new Map<string, TemplateResource[]>();
    for (const companion of COMPANIONS) {
      for (const resource of set.ofType(companion.type)) {
        const key = `${companion.type}\u0000${resource.stackName}`;
        const list = byKey.get(key);
        if (list) list.push(resource);
        else byKey.set(key, [resource]);
      }
    }
    index = byKey;
    companionsBySet.set(set, index);
  }
  return index.get(`${type}\u0000${stackName}`) ?? [];
}

/**
 * Every AWS Config recorder records all supported resource types including global ones (IAM), and its
 * template also holds a delivery channel and a conformance pack. A recorder outside the home Region, which
 * leaves global types to the home Region's recorder, is acknowledged by ConfigCompliance with that reason.
 */
export const ConfigRecorderCoverage: TemplateRule = {
  id: 'ConfigRecorderCoverage',
  citations: [
    DetectionCitation.RISK_ANALYSIS,
    Citation.ACTIVITY_REVIEW,
    DetectionCitation.EVALUATION,
    Citation.AUDIT_CONTROLS,
  ],
  severity: 'error',
  resourceTypes: ['AWS::Config::ConfigurationRecorder'],
  rationale:
    'A recorder limited to some resource types leaves changes to the others (IAM users, roles and policies included) without a configuration history, and without a delivery channel and conformance pack nothing is kept or evaluated.',
  fix: 'Use ConfigCompliance (or set RecordingGroup.AllSupported and IncludeGlobalResourceTypes true, and add an AWS::Config::DeliveryChannel and the HIPAA AWS::Config::ConformancePack to the same stack).',
  check: (view, set) => {
    const problems: Problem[] = [
      ...expectEqual(view, 'RecordingGroup.AllSupported', true),
      ...expectEqual(view, 'RecordingGroup.IncludeGlobalResourceTypes', true),
    ];
    for (const { type, why } of COMPANIONS) {
      const found = companionsIn(set, type, view.resource.stackName);
      view.note(
        type,
        found.map((r) => r.label),
      );
      if (found.length === 0)
        problems.push(
          fail('Properties', `${type} is missing from ${view.resource.stackName}: ${why} nowhere`),
        );
    }
    return problems;
  },
};
