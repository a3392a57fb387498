import { AUTH_RULES, type AuthRuleId } from '@overblik/domain';
import { problem, type ProblemException } from '../http/problem-details';
import type { TokenError } from './jwt-verifier';

const TOKEN_ANSWERS: Record<Exclude<TokenError['reason'], 'scope'>, [AuthRuleId, string]> = {
  missing: ['AUTH-TOKEN-MISSING', 'A bearer token is required'],
  invalid: ['AUTH-TOKEN-INVALID', 'The bearer token is not valid'],
  expired: ['AUTH-TOKEN-EXPIRED', 'The bearer token has expired'],
  'not-yet-valid': ['AUTH-TOKEN-NOT-YET-VALID', 'The bearer token is not valid yet (iat or nbf in the future)'],
  'sub-invalid': ['AUTH-TOKEN-SUB-INVALID', 'The bearer token does not name a caller of the expected shape (sub)'],
};

/**
 * The answer to a refused bearer token: 401 (403 for a missing scope) problem+json of type `token-<reason>`
 * with the rule id and the pointer `/headers/authorization`. Neither the token nor its claims are echoed.
 */
export function tokenProblem(error: TokenError, scopeTitle: string): ProblemException {
  const [rule, title] =
    error.reason === 'scope' ? (['AUTH-TOKEN-SCOPE', scopeTitle] as const) : TOKEN_ANSWERS[error.reason];
  return problem(error.reason === 'scope' ? 403 : 401, `token-${error.reason}`, title, {
    violations: [{ rule, pointer: '/headers/authorization', message: AUTH_RULES[rule].en }],
  });
}
