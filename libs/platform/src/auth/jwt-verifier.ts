import { createLocalJWKSet, createRemoteJWKSet, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';

export interface JwtVerifierOptions {
  /** A JWKS URL (production) … */
  jwksUrl?: string;
  /** … or an inline JWKS JSON document (development, tests). */
  jwks?: string;
  issuer: string;
  audience: string;
  clockToleranceSec?: number;
  /**
   * How many verified tokens to remember (by their exact text, signature included) until they expire,
   * so a client reusing its token does not pay a signature check per call. 0 turns it off.
   */
  cacheSize?: number;
}

export class TokenError extends Error {
  constructor(readonly reason: 'missing' | 'invalid' | 'expired' | 'scope') {
    super(reason);
    this.name = 'TokenError';
  }
}

/** Verifies bearer tokens (signature against the configured keys, issuer, audience, expiry) with jose. */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;
  /** Verified tokens in insertion order (oldest first), for a bounded cache. */
  private readonly verified = new Map<string, JWTPayload & { scope?: string }>();

  constructor(private readonly options: JwtVerifierOptions) {
    if (options.jwksUrl) this.keys = createRemoteJWKSet(new URL(options.jwksUrl));
    else if (options.jwks) this.keys = createLocalJWKSet(JSON.parse(options.jwks));
    else throw new Error('a JWKS URL or an inline JWKS is required');
  }

  async verify(authorization: string | undefined, requiredScope: string): Promise<JWTPayload & { scope?: string }> {
    if (authorization === undefined || authorization.trim() === '') throw new TokenError('missing');
    // the scheme is case-insensitive (RFC 9110 §11.1); anything else given is an invalid token, not a missing one
    const match = /^bearer +(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw new TokenError(/^bearer$/i.test(authorization.trim()) ? 'missing' : 'invalid');
    const payload = await this.verifyJwt(match[1]);
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (!scopes.includes(requiredScope)) throw new TokenError('scope');
    return payload;
  }

  /** Verify a compact JWT (signature, issuer, audience, expiry, `sub`) without a scope check. */
  async verifyJwt(token: string): Promise<JWTPayload & { scope?: string }> {
    const cached = this.verified.get(token);
    if (cached) {
      if ((cached.exp ?? 0) + (this.options.clockToleranceSec ?? 30) > Date.now() / 1000) return cached;
      this.verified.delete(token);
    }
    const payload = await this.verifySignature(token);
    const size = this.options.cacheSize ?? 1000;
    if (size > 0) {
      if (this.verified.size >= size) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, Object.freeze(payload));
    }
    return payload;
  }

  private async verifySignature(token: string): Promise<JWTPayload & { scope?: string }> {
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) throw new TokenError('invalid');
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSec ?? 30,
        algorithms: ['ES256', 'RS256', 'EdDSA'],
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new TokenError(code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid');
    }
  }
}
