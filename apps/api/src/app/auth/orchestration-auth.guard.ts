import { createJwtGuard } from '@overblik/platform';
import type { ApiConfig } from '../api.config';
import type { ApiRequest } from './api-request';

const OVERVIEW_SCOPE = 'overview:read';

export interface ClientPrincipal {
  clientId: string;
}
export interface ClientRequest extends ApiRequest {
  client?: ClientPrincipal;
}

/** The orchestration layer's client-credentials token names the client (`sub`) and carries `overview:read`. */
export const OrchestrationAuthGuard = createJwtGuard<ClientPrincipal, ApiConfig>({
  name: 'OrchestrationAuthGuard',
  configKeys: {
    jwksUrl: 'ORCHESTRATION_JWKS_URL',
    jwks: 'ORCHESTRATION_JWKS',
    issuer: 'ORCHESTRATION_JWT_ISSUER',
    audience: 'ORCHESTRATION_JWT_AUDIENCE',
  },
  scope: OVERVIEW_SCOPE,
  scopeTitle: `The token lacks the scope ${OVERVIEW_SCOPE}`,
  property: 'client',
  principal: (claims) => ({ clientId: String(claims.sub) }),
});
