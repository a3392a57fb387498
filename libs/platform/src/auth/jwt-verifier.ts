import { createLocalJWKSet, createRemoteJWKSet, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { CLIENT_IDENTIFIER_PATTERN, isSafeClientIdentifier } from '@overblik/domain';

export interface JwtVerifierOptions {
  /** A JWKS URL (production) … */
  jwksUrl?: string;
  /** … or an inline JWKS JSON document (development, tests). */
  jwks?: string;
  issuer: string;
  audience: string;
  /** How long after `exp` a token is still taken (clock skew); default 30 s. */
  clockToleranceSec?: number;
  /** How far in the future `iat` and `nbf` may lie (clock skew); default 60 s. Beyond it: `not-yet-valid`. */
  maxFutureSkewSec?: number;
  /**
   * The shape `sub` must have (default: letters, digits and `. _ : @ -`, at most 128). A `sub` that is not a
   * string, has another shape or holds a CPR-like number is `sub-invalid`. `null`: any non-empty string,
   * for a token whose `sub` is neither used nor logged.
   */
  subjectPattern?: RegExp | null;
  /**
   * How many verified tokens to remember (by their exact text, signature included) until they expire,
   * so a client reusing its token does not pay a signature check per call. 0 turns it off.
   */
  cacheSize?: number;
}

export class TokenError extends Error {
  constructor(readonly reason: 'missing' | 'invalid' | 'expired' | 'not-yet-valid' | 'sub-invalid' | 'scope') {
    super(reason);
    this.name = 'TokenError';
  }
}

/**
 * Verifies bearer tokens with jose: signature against the configured keys, issuer, audience, expiry,
 * `iat`/`nbf` not beyond the allowed skew into the future, and a `sub` of the expected shape.
 */
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

  /** Verify a compact JWT (signature, issuer, audience, expiry, `iat`/`nbf`, `sub`) without a scope check. */
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
    const tolerance = this.options.clockToleranceSec ?? 30;
    const futureSkew = this.options.maxFutureSkewSec ?? 60;
    let payload: JWTPayload & { scope?: string };
    try {
      // jose applies one tolerance to exp and nbf: give it the future skew (for nbf), check exp below
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: futureSkew,
        algorithms: ['ES256', 'RS256', 'EdDSA'],
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (e) {
      const { code, claim } = e as { code?: string; claim?: string };
      if (code === 'ERR_JWT_EXPIRED') throw new TokenError('expired');
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'nbf') throw new TokenError('not-yet-valid');
      throw new TokenError('invalid');
    }
    const now = Date.now() / 1000;
    if ((payload.exp ?? 0) + tolerance <= now) throw new TokenError('expired');
    if (typeof payload.iat === 'number' && payload.iat > now + futureSkew) throw new TokenError('not-yet-valid');
    const pattern = this.options.subjectPattern;
    const subOk =
      pattern === null
        ? typeof payload.sub === 'string' && payload.sub !== ''
        : isSafeClientIdentifier(payload.sub, pattern ?? CLIENT_IDENTIFIER_PATTERN);
    if (!subOk) throw new TokenError('sub-invalid');
    return payload;
  }
}
