import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { JwtVerifier, TokenError, tokenProblem } from '@overblik/platform';
import type { ApiRequest } from './api-request';

export const VENDOR_JWT_VERIFIER = Symbol('VENDOR_JWT_VERIFIER');
export const DELIVERY_SCOPE = 'delivery:write';

export interface VendorPrincipal {
  fagsystemId: string;
}
export interface VendorRequest extends ApiRequest {
  vendor?: VendorPrincipal;
}

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
      throw tokenProblem(e, `The token lacks the scope ${DELIVERY_SCOPE}`);
    }
  }
}
