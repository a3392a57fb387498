import { Body, Controller, Get, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '@overblik/platform';
import { type AdminConfig, oidcConfigured } from '../admin.config';
import { PageProblemFilter } from '../web/page-problem.filter';
import type { AdminPrincipal } from './admin-principal';
import { LoginService } from './login.service';
import { SESSION_COOKIE } from './session';

/** The login page (local users; the organisation's OpenID Connect provider where configured) and logout. */
@ApiExcludeController()
@UseFilters(PageProblemFilter)
@Controller()
export class LoginController {
  constructor(
    private readonly logins: LoginService,
    @Inject(APP_CONFIG) private readonly config: AdminConfig,
  ) {}

  @Get('log-ind')
  page(@Req() req: Request, @Res() res: Response): void {
    if (req.session.principal) return res.redirect(303, '/');
    req.session.started = true;
    this.render(res, 200, {}, '');
  }

  @Post('log-ind')
  async login(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    if (!this.logins.localLogin) return this.render(res, 404, { username: 'Lokalt login er slået fra.' }, '');
    const outcome = await this.logins.login(body?.['username'], body?.['password']);
    if (!outcome.ok) {
      const username = typeof body?.['username'] === 'string' ? body['username'].slice(0, 64) : '';
      return this.render(res, 400, outcome.errors, username);
    }
    await startSession(req, outcome.principal);
    res.redirect(303, '/');
  }

  @Post('log-ud')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const principal = req.session.principal;
    if (principal) await this.logins.logout(principal);
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/log-ind');
  }

  private render(res: Response, status: number, errors: Record<string, string>, username: string): void {
    res.status(status).render('login.njk', {
      errors,
      username,
      localLogin: this.logins.localLogin,
      oidc: oidcConfigured(this.config),
    });
  }
}

/** A new session id for the logged-in user (no fixation), saved before the redirect. */
export async function startSession(req: Request, principal: AdminPrincipal): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
  req.session.principal = principal;
  await new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
}
