import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { FAGSYSTEM_ID_PATTERN } from '@overblik/domain';
import { JwtVerifier, TokenError } from '@overblik/platform';

export const SANDBOX_ISSUER = 'overblik-sandbox';
export const SANDBOX_AUDIENCE = 'overblik-delivery';
export const DELIVERY_SCOPE = 'delivery:write';

/** The session's key and the one token it accepts. */
export interface SessionCredentials {
  /** The session token (an Ed25519 JWT): sub the fagsystem, scope delivery:write, claim `sandbox`. */
  token: string;
  /** Checks an Authorization header; throws TokenError as the api's guard does. */
  verify(authorization: string | undefined): Promise<{ fagsystemId: string }>;
}

/**
 * Makes a session key (Ed25519, in memory only) and the session token for the vendor's fagsystem. Only a
 * token signed by this key, for this fagsystem and naming this session in `sandbox`, is accepted.
 */
export async function sessionCredentials(
  sessionId: string,
  fagsystemId: string,
  ttlSeconds: number,
): Promise<SessionCredentials> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const kid = `sandbox-${sessionId}`;
  const token = await new SignJWT({ scope: DELIVERY_SCOPE, sandbox: sessionId })
    .setProtectedHeader({ alg: 'EdDSA', kid })
    .setIssuer(SANDBOX_ISSUER)
    .setAudience(SANDBOX_AUDIENCE)
    .setSubject(fagsystemId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(privateKey);
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const verifier = new JwtVerifier({
    jwks: JSON.stringify({ keys: [jwk] }),
    issuer: SANDBOX_ISSUER,
    audience: SANDBOX_AUDIENCE,
    subjectPattern: FAGSYSTEM_ID_PATTERN,
  });
  return {
    token,
    async verify(authorization) {
      const payload = await verifier.verify(authorization, DELIVERY_SCOPE);
      if (payload['sandbox'] !== sessionId || payload.sub !== fagsystemId) throw new TokenError('invalid');
      return { fagsystemId };
    },
  };
}
