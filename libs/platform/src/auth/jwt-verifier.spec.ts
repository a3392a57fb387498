import { importJWK, SignJWT } from 'jose';
import { aSyntheticCpr } from '@overblik/domain';
import { generateDevKeyPair, mintToken } from './dev-keys';
import { JwtVerifier, TokenError } from './jwt-verifier';

describe('JwtVerifier', () => {
  const options = { issuer: 'overblik-dev', audience: 'overblik-overview' };

  it.each([0, 1000])(
    'accepts a valid token again and again, and refuses a tampered one (cache size %i)',
    async (cacheSize) => {
      const keys = await generateDevKeyPair('k1');
      const verifier = new JwtVerifier({ ...options, jwks: keys.jwks, cacheSize });
      const token = await mintToken({
        privateJwk: keys.privateJwk,
        ...options,
        subject: 'client',
        scope: 'overview:read',
      });
      for (let i = 0; i < 3; i++)
        expect((await verifier.verify(`Bearer ${token}`, 'overview:read')).sub).toBe('client');
      const [h, p, sig] = token.split('.');
      const tampered = `${h}.${p}.${sig!.slice(0, -2)}${sig!.endsWith('AA') ? 'BB' : 'AA'}`;
      await expect(verifier.verify(`Bearer ${tampered}`, 'overview:read')).rejects.toEqual(new TokenError('invalid'));
      await expect(verifier.verify(`Bearer ${token}`, 'delivery:write')).rejects.toEqual(new TokenError('scope'));
    },
  );

  it('does not keep accepting a remembered token after it expires', async () => {
    const keys = await generateDevKeyPair('k2');
    const verifier = new JwtVerifier({ ...options, jwks: keys.jwks, clockToleranceSec: 0 });
    const token = await mintToken({
      privateJwk: keys.privateJwk,
      ...options,
      subject: 'client',
      scope: 'overview:read',
      expiresIn: '2s',
    });
    await verifier.verify(`Bearer ${token}`, 'overview:read');
    await new Promise((r) => setTimeout(r, 2100));
    await expect(verifier.verify(`Bearer ${token}`, 'overview:read')).rejects.toEqual(new TokenError('expired'));
  });

  it('refuses a token signed with a key it does not know', async () => {
    const [keys, other] = await Promise.all([generateDevKeyPair('k3'), generateDevKeyPair('k4')]);
    const verifier = new JwtVerifier({ ...options, jwks: keys.jwks });
    const forged = await mintToken({
      privateJwk: other.privateJwk,
      ...options,
      subject: 'client',
      scope: 'overview:read',
    });
    await expect(verifier.verify(`Bearer ${forged}`, 'overview:read')).rejects.toEqual(new TokenError('invalid'));
  });

  it.each([
    ['no header', 'missing', undefined],
    ['an empty header', 'missing', ''],
    ['the scheme alone', 'missing', 'Bearer'],
    ['another scheme', 'invalid', 'Basic dXNlcjpwdw=='],
    ['a token that is not a JWT', 'invalid', 'Bearer not-a-jwt'],
  ])('takes %s as a token that is %s', async (_what, reason, header) => {
    const keys = await generateDevKeyPair('k5');
    const verifier = new JwtVerifier({ ...options, jwks: keys.jwks });
    await expect(verifier.verify(header, 'overview:read')).rejects.toEqual(
      new TokenError(reason as 'missing' | 'invalid'),
    );
  });

  it('takes the scheme in any case', async () => {
    const keys = await generateDevKeyPair('k6');
    const verifier = new JwtVerifier({ ...options, jwks: keys.jwks });
    const token = await mintToken({
      privateJwk: keys.privateJwk,
      ...options,
      subject: 'client',
      scope: 'overview:read',
    });
    expect((await verifier.verify(`bearer ${token}`, 'overview:read')).sub).toBe('client');
    expect((await verifier.verify(`BEARER ${token}`, 'overview:read')).sub).toBe('client');
  });

  describe('claims a client chooses', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const CPR = aSyntheticCpr(11);
    /** A token signed with the right key whose claims are exactly these (plus iss, aud, scope). */
    async function signed(privateJwk: Parameters<typeof importJWK>[0], claims: Record<string, unknown>) {
      return new SignJWT({ iss: options.issuer, aud: options.audience, scope: 'overview:read', ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid })
        .sign(await importJWK(privateJwk, 'ES256'));
    }

    it.each<[string, TokenError['reason'] | 'accepted', () => Record<string, unknown>]>([
      ['iat now', 'accepted', () => ({ sub: 'client', iat: now(), exp: now() + 600 })],
      ['iat 30 s in the future (clock skew)', 'accepted', () => ({ sub: 'client', iat: now() + 30, exp: now() + 600 })],
      ['iat an hour in the future', 'not-yet-valid', () => ({ sub: 'client', iat: now() + 3600, exp: now() + 7200 })],
      ['iat 2 minutes in the future', 'not-yet-valid', () => ({ sub: 'client', iat: now() + 120, exp: now() + 600 })],
      ['nbf 30 s in the future', 'accepted', () => ({ sub: 'client', nbf: now() + 30, exp: now() + 600 })],
      ['nbf 45 s in the future', 'accepted', () => ({ sub: 'client', nbf: now() + 45, exp: now() + 600 })],
      ['nbf an hour in the future', 'not-yet-valid', () => ({ sub: 'client', nbf: now() + 3600, exp: now() + 7200 })],
      ['exp 10 s ago (clock skew)', 'accepted', () => ({ sub: 'client', exp: now() - 10 })],
      ['exp 45 s ago', 'expired', () => ({ sub: 'client', exp: now() - 45 })],
      ['a sub that is a number', 'sub-invalid', () => ({ sub: 42, exp: now() + 600 })],
      ['a sub that is a CPR number', 'sub-invalid', () => ({ sub: CPR, exp: now() + 600 })],
      ['a sub that holds a CPR number', 'sub-invalid', () => ({ sub: `client-${CPR}`, exp: now() + 600 })],
      ['a sub with a space', 'sub-invalid', () => ({ sub: 'a client', exp: now() + 600 })],
      ['an empty sub', 'sub-invalid', () => ({ sub: '', exp: now() + 600 })],
      ['no sub', 'invalid', () => ({ exp: now() + 600 })],
    ])('%s: %s', async (_name, outcome, claims) => {
      const keys = await generateDevKeyPair('k7');
      const verifier = new JwtVerifier({ ...options, jwks: keys.jwks });
      const verified = verifier.verify(`Bearer ${await signed(keys.privateJwk, claims())}`, 'overview:read');
      if (outcome === 'accepted') await expect(verified).resolves.toMatchObject({ sub: 'client' });
      else await expect(verified).rejects.toEqual(new TokenError(outcome));
    });

    it("refuses a vendor's sub that is not a fagsystem id", async () => {
      const keys = await generateDevKeyPair('k8');
      const verifier = new JwtVerifier({ ...options, jwks: keys.jwks, subjectPattern: /^[a-z0-9][a-z0-9-]{1,62}$/ });
      const ok = await signed(keys.privateJwk, { sub: 'fs-jobnet', exp: now() + 600 });
      const bad = await signed(keys.privateJwk, { sub: 'FS JOBNET', exp: now() + 600 });
      await expect(verifier.verify(`Bearer ${ok}`, 'overview:read')).resolves.toMatchObject({ sub: 'fs-jobnet' });
      await expect(verifier.verify(`Bearer ${bad}`, 'overview:read')).rejects.toEqual(new TokenError('sub-invalid'));
    });
  });
});
