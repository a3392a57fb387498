import { Inject, Injectable } from '@nestjs/common';
import { parseCpr } from '@overblik/domain';
import { APP_CONFIG, JwtVerifier, problem, TokenError } from '@overblik/platform';
import type { ApiConfig } from '../api.config';

export const CITIZEN_ASSERTION_HEADER = 'x-citizen-assertion';
export const CITIZEN_JWT_VERIFIER = Symbol('CITIZEN_JWT_VERIFIER');

/**
 * A signed citizen assertion binds a call to the citizen who logged in: a JWT from the login service
 * (issuer CITIZEN_ASSERTION_ISSUER) with the citizen's CPR in the claim `cpr` and the orchestration client
 * it was issued to in `azp`. It travels in a header that is never logged.
 */
@Injectable()
export class CitizenAssertionVerifier {
  constructor(
    @Inject(CITIZEN_JWT_VERIFIER) private readonly verifier: JwtVerifier,
    @Inject(APP_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Throws a problem unless the assertion (when given, or required) matches this client and this CPR. */
  async check(
    assertion: string | undefined,
    clientId: string,
    cprDigits: string,
    required = this.config.CITIZEN_ASSERTION_REQUIRED,
  ): Promise<boolean> {
    if (assertion === undefined || assertion === '') {
      if (required)
        throw problem(401, 'citizen-assertion-missing', 'A citizen assertion (X-Citizen-Assertion) is required');
      return false;
    }
    let payload;
    try {
      payload = await this.verifier.verifyJwt(assertion);
    } catch (e) {
      if (!(e instanceof TokenError)) throw e;
      throw problem(
        401,
        'citizen-assertion-invalid',
        e.reason === 'expired' ? 'The citizen assertion has expired' : 'The citizen assertion is not valid',
      );
    }
    if (payload['azp'] !== clientId)
      throw problem(403, 'citizen-assertion-client', 'The citizen assertion was issued to another client');
    const claimed = typeof payload['cpr'] === 'string' ? parseCpr(payload['cpr']) : null;
    if (!claimed?.ok || claimed.cpr.digits !== cprDigits)
      throw problem(403, 'citizen-assertion-citizen', 'The citizen assertion is for another citizen');
    return true;
  }
}
