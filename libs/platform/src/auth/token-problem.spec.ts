import { TokenError } from './jwt-verifier';
import { tokenProblem } from './token-problem';

describe('tokenProblem', () => {
  it.each<[TokenError['reason'], number, string]>([
    ['missing', 401, 'AUTH-TOKEN-MISSING'],
    ['invalid', 401, 'AUTH-TOKEN-INVALID'],
    ['expired', 401, 'AUTH-TOKEN-EXPIRED'],
    ['not-yet-valid', 401, 'AUTH-TOKEN-NOT-YET-VALID'],
    ['sub-invalid', 401, 'AUTH-TOKEN-SUB-INVALID'],
    ['scope', 403, 'AUTH-TOKEN-SCOPE'],
  ])('answers a %s token %i with rule %s at /headers/authorization', (reason, status, rule) => {
    const { problem } = tokenProblem(new TokenError(reason), 'The token lacks delivery:write');
    expect(problem).toMatchObject({
      type: `https://overblik.example/problems/token-${reason}`,
      status,
      violations: [{ rule, pointer: '/headers/authorization' }],
    });
  });
});
