export {
  DELIVERY_RULES,
  jsonPointer,
  pointerTokens,
  type DeliveryRuleId,
  type RuleSeverity,
  type RuleViolation,
} from './rule-violation';
export { AUTH_RULES, type AuthRuleId } from './access-rules';
export {
  RULE_CATALOGUE,
  isRuleId,
  rulesOfKind,
  type RuleEntry,
  type RuleId,
  type RuleKind,
  type RuleText,
} from './catalogue';
export { schemaViolations } from './schema-violations';
export {
  deliveryRuleViolations,
  hasErrors,
  normalizeDeliveryItem,
  validateDeliveryItem,
  type KleLookup,
  type RuleContext,
} from './delivery-rules';
export {
  FOREIGN_DOKUMENT_RULE,
  foreignDokumentReason,
  foreignDokumentViolations,
  type ForeignDokumentReason,
  type LinkedDokument,
  type LinkingSag,
} from './dokument-link.rule';
