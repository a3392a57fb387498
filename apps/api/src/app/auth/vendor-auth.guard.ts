import { FAGSYSTEM_ID_PATTERN } from '@overblik/domain';
import { createJwtGuard } from '@overblik/platform';
import type { ApiConfig } from '../api.config';
import type { ApiRequest } from './api-request';

const DELIVERY_SCOPE = 'delivery:write';

export interface VendorPrincipal {
  fagsystemId: string;
}
export interface VendorRequest extends ApiRequest {
  vendor?: VendorPrincipal;
}

/** A vendor's token names its fagsystem (`sub`) and carries the scope `delivery:write`. */
export const VendorAuthGuard = createJwtGuard<VendorPrincipal, ApiConfig>({
  name: 'VendorAuthGuard',
  configKeys: {
    jwksUrl: 'VENDOR_JWKS_URL',
    jwks: 'VENDOR_JWKS',
    issuer: 'VENDOR_JWT_ISSUER',
    audience: 'VENDOR_JWT_AUDIENCE',
  },
  // `sub` names the fagsystem
  subjectPattern: FAGSYSTEM_ID_PATTERN,
  scope: DELIVERY_SCOPE,
  scopeTitle: `The token lacks the scope ${DELIVERY_SCOPE}`,
  property: 'vendor',
  principal: (claims) => ({ fagsystemId: String(claims.sub) }),
});
