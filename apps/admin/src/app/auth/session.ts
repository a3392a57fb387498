import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import connectPgSimple from 'connect-pg-simple';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import nunjucks from 'nunjucks';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { WORKSPACE_ROOT_OF_ADMIN } from '../web/paths';
import type { AdminConfig } from '../admin.config';
import { type AdminPrincipal, ROLE_TITLES } from './admin-principal';
import { ADMIN_ACCESS_RULES, adminProblem } from './admin-access.decorator';
import { navigationFor } from '../web/navigation';

declare module 'express-session' {
  interface SessionData {
    principal?: AdminPrincipal;
    /** Set on the login page so the session (and its CSRF token) exists before the login. */
    started?: boolean;
    oidc?: { state: string; codeVerifier: string; nonce: string };
  }
}

export const SESSION_COOKIE = 'overblik_admin';
export const CSRF_COOKIE = 'overblik_admin_csrf';

/** Paths that are pages for people (HTML answers, a login redirect); the rest is the JSON API. */
export function isPagePath(p: string): boolean {
  return !/^\/(v1|docs|openapi\.json|health|metrics|assets)(\/|$)/.test(p);
}

/**
 * Sessions (PostgreSQL, HTTP-only cookie), CSRF protection of every change made with a session, form
 * bodies, the dkfds assets and the Danish page templates.
 */
export function installWeb(app: NestExpressApplication, config: AdminConfig): void {
  const pool = (app.get(DataSource).driver as unknown as { master: Pool }).master;
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool,
    tableName: 'admin_session',
    createTableIfMissing: false,
    pruneSessionInterval: false,
  });
  const idleMs = config.ADMIN_SESSION_IDLE_MINUTES * 60_000;
  app.set('trust proxy', 'loopback');
  app.useBodyParser('urlencoded', { extended: false, limit: '100kb' });
  app.use(cookieParser());
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: config.ADMIN_SESSION_SECRET,
      store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.ADMIN_COOKIE_SECURE, maxAge: idleMs, path: '/' },
    }),
  );
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => config.ADMIN_SESSION_SECRET,
    getSessionIdentifier: (req) => req.session.id,
    cookieName: CSRF_COOKIE,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: config.ADMIN_COOKIE_SECURE, path: '/' },
    getCsrfTokenFromRequest: (req) =>
      (req.body as { _csrf?: string } | undefined)?._csrf ?? (req.headers['x-csrf-token'] as string | undefined),
    // a bearer token is not sent by a browser on its own; without a session there is nothing to forge
    // (the login form excepted: its session starts on the login page)
    skipCsrfProtection: (req) =>
      req.headers.authorization !== undefined || (!req.session?.principal && !req.session?.started),
  });
  app.use((req: Request, res: Response, next: NextFunction) =>
    doubleCsrfProtection(req, res, (error?: unknown) => {
      if (!error) return next();
      if (isPagePath(req.path)) {
        res.status(403).render('error.njk', {
          heading: 'Formularen er udløbet',
          message: ADMIN_ACCESS_RULES['ADMIN-CSRF-INVALID'].da,
        });
        return;
      }
      next(adminProblem(403, 'ADMIN-CSRF-INVALID'));
    }),
  );
  // what every page's template gets: who is logged in, the navigation and (when a form needs it) the CSRF token
  app.use((req: Request, res: Response, next: NextFunction) => {
    const principal = req.session?.principal ?? null;
    res.locals['principal'] = principal;
    res.locals['roleTitle'] = principal ? ROLE_TITLES[principal.role] : '';
    res.locals['nav'] = navigationFor(principal, req.path);
    Object.defineProperty(res.locals, 'csrfToken', {
      enumerable: true,
      configurable: true,
      get: () => (req.session ? generateCsrfToken(req, res) : ''),
    });
    next();
  });
  app.useStaticAssets(path.join(WORKSPACE_ROOT_OF_ADMIN, 'node_modules/dkfds/dist'), {
    prefix: '/assets/dkfds/',
    index: false,
    maxAge: '1h',
  });
  app.useStaticAssets(path.join(__dirname, '../web/assets'), { prefix: '/assets/admin/', index: false, maxAge: '1h' });
  const env = nunjucks.configure(path.join(__dirname, '../web/views'), {
    autoescape: true,
    throwOnUndefined: false,
    noCache: config.NODE_ENV !== 'production',
    express: app.getHttpAdapter().getInstance(),
  });
  env.addFilter('dato', (iso: unknown) => danishDate(iso));
  app.setViewEngine('njk');
}

/** `2026-11-16` or an ISO timestamp as `16.11.2026` (Danish time for a timestamp). */
export function danishDate(value: unknown): string {
  if (value instanceof Date) return value.toLocaleDateString('da-DK', { timeZone: 'Europe/Copenhagen' });
  if (typeof value !== 'string') return '';
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return `${day[3]}.${day[2]}.${day[1]}`;
  const d = new Date(value);
  return Number.isNaN(d.getTime())
    ? value
    : d.toLocaleString('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' });
}
