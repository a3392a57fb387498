import { rulesOfKind } from './catalogue';

/**
 * The rules of who may call and what a token's fagsystem may write (a view of RULE_CATALOGUE). Token
 * rules answer 401/403 with the pointer `/headers/authorization`; ownership rules refuse an item at the
 * field they name.
 */
export const AUTH_RULES = rulesOfKind('token', 'ownership');

export type AuthRuleId = keyof typeof AUTH_RULES;
