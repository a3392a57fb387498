import { createJwtGuard, TokenError } from '@overblik/platform';
import type { AdminConfig } from '../admin.config';

const HELD_SCOPE = 'held:release';

export interface MunicipalAdmin {
  subject: string;
  /** The administrator's municipality. */
  cvr: string;
}

/** A municipal administrator's token: scope `held:release`, claim `cvr` = the municipality. */
export const MunicipalAdminGuard = createJwtGuard<MunicipalAdmin, AdminConfig>({
  name: 'MunicipalAdminGuard',
  configKeys: {
    jwksUrl: 'ADMIN_JWKS_URL',
    jwks: 'ADMIN_JWKS',
    issuer: 'ADMIN_JWT_ISSUER',
    audience: 'ADMIN_JWT_AUDIENCE',
  },
  scope: HELD_SCOPE,
  scopeTitle: `The token needs the scope ${HELD_SCOPE} and a municipality (cvr)`,
  property: 'admin',
  principal: (claims) => {
    const cvr = (claims as { cvr?: unknown }).cvr;
    if (typeof cvr !== 'string' || !/^\d{8}$/.test(cvr)) throw new TokenError('scope');
    return { subject: String(claims.sub), cvr };
  },
});
