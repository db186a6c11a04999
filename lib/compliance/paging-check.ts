import type {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { PAGING_METADATA_KEY, type PagingRecord } from '../../constructs/core/report-metadata';

/** The rule id under which the gate reports an alert topic that pages nobody. */
export const UNPAGED_TOPIC_RULE_ID = 'ComplianceGate-TopicPagesNobody';

/**
 * Fails synth, in a gated app, for every alert topic of the toolkit (incidents, CIS alarms, break-glass
 * alarm) that has no subscriber: an alarm that reaches nobody is not a response procedure
 * (164.308(a)(6)(ii)). Outside a gated app the constructs only warn (`cdk-hipaa-baseline:unsubscribed-topic`).
 * The gate's own finding: it cannot be acknowledged.
 */
export class PagingCheck implements IPolicyValidationPlugin {
  public readonly name = 'ComplianceGate-Paging';
  public readonly ruleIds = [UNPAGED_TOPIC_RULE_ID];

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const root = (context as { appConstruct?: IConstruct }).appConstruct;
    const unpaged = root ? unpagedTopics(root) : [];
    const violations = unpaged.map((record) => ({
      ruleName: UNPAGED_TOPIC_RULE_ID,
      description:
        `${record.topic} (${record.alerts}) pages nobody (${record.citation}): give it a subscriber — an ` +
        "email, an HTTPS endpoint or an existing topic (the construct's subscribers prop, or `alerts` in cdk.json for the reference app).",
      severity: 'error',
      violatingResources: [
        { constructPath: record.topic, locations: ['Subscription'], resourceLogicalId: '', templatePath: '' },
      ],
    }));
    return { success: violations.length === 0, violations };
  }
}

/** Every paging record in the tree whose topic has no subscriber. */
export function unpagedTopics(root: IConstruct): PagingRecord[] {
  return root.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === PAGING_METADATA_KEY))
    .map((m) => m.data as PagingRecord)
    .filter((record) => record.subscribers.length === 0);
}
