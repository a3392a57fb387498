import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { generateDevKeyPair, loadConfig, mintToken, type DevKeyPair } from '@overblik/platform';
import {
  createTestDatabase,
  OTHER_MUNICIPALITY,
  seedTestReference,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
} from '@overblik/testing';
import { adminConfigSchema } from '../admin.config';
import { createAdminApp } from '../admin.app';
import { ADMIN_ACCESS, type AdminAccessOptions } from './admin-access.decorator';
import type { AdminRole } from './admin-principal';
import { isPagePath } from './session';

/** Routes that anyone may call: health, documentation, metrics, the login and logout. */
const OPEN_ROUTES = [
  /^\/health(\/|$)/,
  /^\/docs(\/|$)/,
  /^\/openapi\.json$/,
  /^\/metrics$/,
  /^\/log-ind(\/|$)/,
  /^\/log-ud$/,
];

interface Route {
  method: string;
  path: string;
  access: AdminAccessOptions | undefined;
}

/** Every route the app's controllers declare, from Nest's metadata: a new route is in the matrix by itself. */
function routesOf(app: INestApplication): Route[] {
  const scanner = new MetadataScanner();
  const routes: Route[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type) continue;
      const bases = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of scanner.getAllMethodNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name] as object;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const access = Reflect.getMetadata(ADMIN_ACCESS, handler) as AdminAccessOptions | undefined;
        for (const base of bases)
          for (const p of ([] as string[]).concat(paths)) {
            const full = `/${[base, p]
              .map((s) => s.replace(/^\/+|\/+$/g, ''))
              .filter(Boolean)
              .join('/')}`;
            routes.push({ method, path: full, access });
          }
      }
    }
  }
  return routes;
}

/** The route's path with its parameters filled in: `cvr` with the given municipality, ids with a number. */
function concrete(path: string, cvr: string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => (name === 'cvr' ? cvr : name === 'id' ? '1' : 'x'));
}

type Caller = { label: string; role: AdminRole; cvr: string | null; municipality: string };
const own = TEST_MUNICIPALITY.cvr;
const other = OTHER_MUNICIPALITY.cvr;
const CALLERS: Caller[] = [
  { label: 'municipal administrator, own municipality', role: 'MUNICIPAL_ADMIN', cvr: own, municipality: own },
  { label: 'municipal administrator, other municipality', role: 'MUNICIPAL_ADMIN', cvr: own, municipality: other },
  { label: 'operator', role: 'OPERATOR', cvr: null, municipality: other },
  { label: 'auditor', role: 'AUDITOR', cvr: null, municipality: other },
];

/** What the route's declared access says this caller gets: a refusal's rule, or null for "let in". */
function expectedRefusal(access: AdminAccessOptions, caller: Caller): string | null {
  if (!access.roles.includes(caller.role)) return 'ADMIN-ROLE-FORBIDDEN';
  if (access.write && caller.role === 'AUDITOR') return 'ADMIN-ROLE-FORBIDDEN';
  if (caller.role === 'MUNICIPAL_ADMIN' && access.municipalityParam && caller.municipality !== caller.cvr)
    return 'ADMIN-MUNICIPALITY-FORBIDDEN';
  return null;
}

let db: TestDatabase;
let keys: DevKeyPair;
let app: INestApplication;
let routes: Route[];

const tokenOf = (caller: Caller) =>
  mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-admin',
    subject: `matrix-${caller.role.toLowerCase()}`,
    scope: 'admin held:release',
    claims: caller.cvr ? { role: caller.role, cvr: caller.cvr } : { role: caller.role },
  });

/** A call as a browser would make it (html for a page), or as an API client (json: refusals name their rule). */
function call(method: string, path: string, accept: 'browser' | 'json' = 'browser') {
  const agent = request(app.getHttpServer());
  const m = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const req = agent[m](path).set('accept', accept === 'browser' && isPagePath(path) ? 'text/html' : 'application/json');
  return m === 'get' || m === 'delete' ? req : req.send({});
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  keys = await generateDevKeyPair('tenancy-matrix');
  app = await createAdminApp(
    loadConfig(adminConfigSchema, testEnv(db, { ADMIN_JWKS: keys.jwks, ADMIN_COOKIE_SECURE: 'false' })),
  );
  await app.init();
  routes = routesOf(app);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('tenancy matrix: every route × every role × own and other municipality', () => {
  it('finds the routes of every controller (the pages, the JSON API, health)', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(
      expect.arrayContaining(['GET /', 'GET /v1/held', 'POST /v1/held/:id/release', 'GET /health/live']),
    );
  });

  it('declares who may call every route that is not open to all', () => {
    const undeclared = routes
      .filter((r) => !r.access && !OPEN_ROUTES.some((open) => open.test(r.path)))
      .map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
  });

  it('refuses every guarded route without a login (401, or a page sends you to the login)', async () => {
    const outcomes: string[] = [];
    for (const r of routes.filter((x) => x.access)) {
      const path = concrete(r.path, own);
      const res = await call(r.method, path);
      const ok = isPagePath(path) ? res.status === 303 && res.headers['location'] === '/log-ind' : res.status === 401;
      if (!ok) outcomes.push(`${r.method} ${path}: ${res.status}`);
    }
    expect(outcomes).toEqual([]);
  });

  it.each(CALLERS.map((c) => [c.label, c] as const))(
    'answers the %s as each route declares',
    async (_label, caller) => {
      const token = await tokenOf(caller);
      const wrong: string[] = [];
      let checked = 0;
      for (const r of routes.filter((x) => x.access)) {
        // "other municipality" only means something where the route names one
        if (caller.municipality !== own && caller.role === 'MUNICIPAL_ADMIN' && !r.access!.municipalityParam) continue;
        const path = concrete(r.path, caller.municipality);
        const res = await call(r.method, path, 'json').set('authorization', `Bearer ${token}`);
        const refusal = expectedRefusal(r.access!, caller);
        checked++;
        if (refusal) {
          if (res.status !== 403 || !res.text.includes(refusal))
            wrong.push(`${r.method} ${path}: ${res.status}, expected 403 ${refusal}`);
        } else if (res.status === 401 || res.status === 403 || res.status >= 500) {
          wrong.push(`${r.method} ${path}: ${res.status}, expected to be let in`);
        }
      }
      expect(checked).toBeGreaterThan(0);
      expect(wrong).toEqual([]);
    },
  );
});
