export {
  acknowledgeFindings,
  type FindingAcknowledgment,
  KNOWN_RULE_PACKS,
  namespacedRuleId,
  type RulePackName,
} from '../../constructs/core/acknowledge';
export * from './gate';
