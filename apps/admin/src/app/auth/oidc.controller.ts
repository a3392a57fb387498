import { Controller, Get, Inject, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '@overblik/platform';
import { type AdminConfig, oidcConfigured } from '../admin.config';
import { PageProblemFilter } from '../web/page-problem.filter';
import { principalOfClaims } from './admin-principal';
import { startSession } from './login.controller';

type OpenIdClient = typeof import('openid-client');
type OidcConfiguration = Awaited<ReturnType<OpenIdClient['discovery']>>;

/**
 * Login through the organisation's OpenID Connect provider: authorization code with PKCE, state and
 * nonce; the ID token's role and CVR claims (ADMIN_OIDC_ROLE_CLAIM, ADMIN_OIDC_CVR_CLAIM) make the principal.
 */
@ApiExcludeController()
@UseFilters(PageProblemFilter)
@Controller('log-ind/oidc')
export class OidcController {
  private discovered?: Promise<{ client: OpenIdClient; configuration: OidcConfiguration }>;

  constructor(@Inject(APP_CONFIG) private readonly config: AdminConfig) {}

  @Get()
  async start(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!oidcConfigured(this.config)) return this.refuse(res, 404, 'Login gennem organisationen er ikke sat op.');
    const { client, configuration } = await this.provider();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    req.session.oidc = { state, codeVerifier, nonce };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.ADMIN_OIDC_REDIRECT_URL!,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    req.session.save(() => res.redirect(303, url.href));
  }

  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const pending = req.session.oidc;
    if (!oidcConfigured(this.config) || !pending)
      return this.refuse(res, 400, 'Login blev ikke startet her. Prøv igen.');
    delete req.session.oidc;
    const { client, configuration } = await this.provider();
    const current = new URL(req.originalUrl, this.config.ADMIN_OIDC_REDIRECT_URL);
    let claims: Record<string, unknown> | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
      });
      claims = tokens.claims() as Record<string, unknown> | undefined;
    } catch {
      return this.refuse(res, 401, 'Login blev afvist. Prøv igen.');
    }
    const principal = claims
      ? principalOfClaims(
          claims['sub'],
          claims['name'],
          claims[this.config.ADMIN_OIDC_ROLE_CLAIM],
          claims[this.config.ADMIN_OIDC_CVR_CLAIM],
        )
      : null;
    if (!principal) return this.refuse(res, 403, 'Dit login giver ikke en rolle i administrationen.');
    await startSession(req, principal);
    res.redirect(303, '/');
  }

  private provider(): Promise<{ client: OpenIdClient; configuration: OidcConfiguration }> {
    this.discovered ??= (async () => {
      const client: OpenIdClient = await import('openid-client');
      const configuration = await client.discovery(
        new URL(this.config.ADMIN_OIDC_ISSUER_URL!),
        this.config.ADMIN_OIDC_CLIENT_ID!,
        this.config.ADMIN_OIDC_CLIENT_SECRET!,
      );
      return { client, configuration };
    })();
    this.discovered.catch(() => (this.discovered = undefined));
    return this.discovered;
  }

  private refuse(res: Response, status: number, message: string): void {
    res.status(status).render('error.njk', { heading: 'Login mislykkedes', message });
  }
}
