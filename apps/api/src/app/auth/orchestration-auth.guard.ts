import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { JwtVerifier, TokenError, tokenProblem } from '@overblik/platform';
import type { ApiRequest } from './api-request';

export const ORCHESTRATION_JWT_VERIFIER = Symbol('ORCHESTRATION_JWT_VERIFIER');
export const OVERVIEW_SCOPE = 'overview:read';

export interface ClientPrincipal {
  clientId: string;
}
export interface ClientRequest extends ApiRequest {
  client?: ClientPrincipal;
}

/** The orchestration layer's client-credentials token names the client (`sub`) and carries `overview:read`. */
@Injectable()
export class OrchestrationAuthGuard implements CanActivate {
  constructor(@Inject(ORCHESTRATION_JWT_VERIFIER) private readonly verifier: JwtVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ClientRequest>();
    try {
      const payload = await this.verifier.verify(req.headers.authorization, OVERVIEW_SCOPE);
      req.client = { clientId: String(payload.sub) };
      return true;
    } catch (e) {
      if (!(e instanceof TokenError)) throw e;
      throw tokenProblem(e, `The token lacks the scope ${OVERVIEW_SCOPE}`);
    }
  }
}
