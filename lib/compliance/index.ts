export {
  acknowledgeFindings,
  type FindingAcknowledgment,
  KNOWN_RULE_PACKS,
  namespacedRuleId,
  type RulePackName,
} from '../../constructs/core/acknowledge';
export * from './evaluate';
export * from './gate';
export * from './strict-plugin';
