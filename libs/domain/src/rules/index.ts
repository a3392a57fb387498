export {
  DELIVERY_RULES,
  jsonPointer,
  pointerTokens,
  type DeliveryRuleId,
  type RuleSeverity,
  type RuleViolation,
} from './rule-violation';
export { AUTH_RULES, REQUEST_RULES, type AuthRuleId, type RequestRuleId, type RuleText } from './access-rules';
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
