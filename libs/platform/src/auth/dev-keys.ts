import { exportJWK, generateKeyPair, type JWK, SignJWT, importJWK } from 'jose';

export interface DevKeyPair {
  privateJwk: JWK;
  jwks: string;
}

/** A fresh ES256 key pair with its public half as a JWKS document (for development and tests). */
export async function generateDevKeyPair(kid: string): Promise<DevKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { privateJwk, jwks: JSON.stringify({ keys: [publicJwk] }) };
}

export interface MintOptions {
  privateJwk: JWK;
  issuer: string;
  audience: string;
  subject: string;
  scope: string;
  expiresIn?: string | number;
  claims?: Record<string, unknown>;
}

export async function mintToken(o: MintOptions): Promise<string> {
  const key = await importJWK(o.privateJwk, 'ES256');
  return new SignJWT({ scope: o.scope, ...o.claims })
    .setProtectedHeader({ alg: 'ES256', kid: o.privateJwk.kid })
    .setIssuer(o.issuer)
    .setAudience(o.audience)
    .setSubject(o.subject)
    .setIssuedAt()
    .setExpirationTime(o.expiresIn ?? '1h')
    .sign(key);
}
