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
});
