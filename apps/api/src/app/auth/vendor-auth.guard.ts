import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { JwtVerifier, problem, TokenError } from '@overblik/platform';
import type { ApiRequest } from './api-request';

export const VENDOR_JWT_VERIFIER = Symbol('VENDOR_JWT_VERIFIER');
export const DELIVERY_SCOPE = 'delivery:write';

export interface VendorPrincipal {
  fagsystemId: string;
}
export interface VendorRequest extends ApiRequest {
  vendor?: VendorPrincipal;
}

const MESSAGES: Record<TokenError['reason'], [number, string, string]> = {
  missing: [401, 'token-missing', 'A bearer token is required'],
  invalid: [401, 'token-invalid', 'The bearer token is not valid'],
  expired: [401, 'token-expired', 'The bearer token has expired'],
  scope: [403, 'token-scope', `The token lacks the scope ${DELIVERY_SCOPE}`],
};

/** A vendor's token names its fagsystem (`sub`) and carries the scope `delivery:write`. */
@Injectable()
export class VendorAuthGuard implements CanActivate {
  constructor(@Inject(VENDOR_JWT_VERIFIER) private readonly verifier: JwtVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<VendorRequest>();
    try {
      const payload = await this.verifier.verify(req.headers.authorization, DELIVERY_SCOPE);
      req.vendor = { fagsystemId: String(payload.sub) };
      return true;
    } catch (e) {
      if (!(e instanceof TokenError)) throw e;
      const [status, type, title] = MESSAGES[e.reason];
      throw problem(status, type, title);
    }
  }
}
