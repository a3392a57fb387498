export { jsonPointer, pointerTokens, type RuleViolation } from './rule-violation';
export { AUTH_RULES, type AuthRuleId } from './access-rules';
export { RULE_CATALOGUE, type RuleEntry } from './catalogue';
export { schemaViolations } from './schema-violations';
export { normalizeDeliveryItem, validateDeliveryItem, type KleLookup, type RuleContext } from './delivery-rules';
export { foreignDokumentViolations, type LinkedDokument } from './dokument-link.rule';
