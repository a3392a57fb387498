import { aSyntheticCpr } from '@overblik/domain';
import { generateDevKeyPair, mintToken, type DevKeyPair } from '@overblik/platform';
import {
  type AppProcess,
  createTestDatabase,
  createTestRedis,
  freePort,
  seedTestReference,
  startApp,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
  type TestRedis,
} from '@overblik/testing';

/**
 * The run-wide scan for CPR numbers a client puts where they do not belong: in a path, an unknown route,
 * an `x-request-id`, a query string or a token's `sub`, sent to the api, the admin and the worker. None
 * of their log lines nor their /metrics text may hold the number afterwards.
 */

jest.setTimeout(180_000);

let db: TestDatabase;
let redis: TestRedis;
let keys: DevKeyPair;
const apps: Record<'api' | 'admin' | 'worker', { process?: AppProcess; url: string }> = {
  api: { url: '' },
  admin: { url: '' },
  worker: { url: '' },
};

/** Every number sent, with and without a hyphen, is scanned for at the end. */
const sent: string[] = [];
function aCpr(seed: number): { plain: string; dashed: string } {
  const plain = aSyntheticCpr(seed);
  const dashed = `${plain.slice(0, 6)}-${plain.slice(6)}`;
  sent.push(plain, dashed);
  return { plain, dashed };
}

const token = (audience: string, scope: string, subject: string, claims: Record<string, unknown> = {}) =>
  mintToken({ privateJwk: keys.privateJwk, issuer: 'overblik-dev', audience, subject, scope, claims });
const orchestrationToken = (subject = 'mitoverblik-orchestration') =>
  token('overblik-overview', 'overview:read', subject);
const vendorToken = (subject: string = TEST_FAGSYSTEM.id) => token('overblik-delivery', 'delivery:write', subject);
const adminToken = (subject = 'admin-1') =>
  token('overblik-admin', 'held:release', subject, { cvr: TEST_MUNICIPALITY.cvr });

async function call(
  app: keyof typeof apps,
  method: string,
  path: string,
  o: { bearer?: string; requestId?: string; body?: unknown } = {},
): Promise<{ status: number; requestId: string | null; text: string; json: Record<string, unknown> | undefined }> {
  const headers: Record<string, string> = {};
  if (o.bearer) headers['authorization'] = `Bearer ${o.bearer}`;
  if (o.requestId) headers['x-request-id'] = o.requestId;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${apps[app].url}${path}`, {
    method,
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, requestId: res.headers.get('x-request-id'), text, json };
}

const output = (): string =>
  Object.values(apps)
    .map((a) => a.process?.output() ?? '')
    .join('\n');

beforeAll(async () => {
  [db, redis, keys] = await Promise.all([createTestDatabase(), createTestRedis(), generateDevKeyPair('cpr-vectors')]);
  await seedTestReference(db.dataSource);
  const [apiPort, adminPort, workerPort] = [await freePort(), await freePort(), await freePort()];
  const env = testEnv(db, {
    QUEUE_PREFIX: redis.prefix,
    VENDOR_JWKS: keys.jwks,
    ORCHESTRATION_JWKS: keys.jwks,
    ADMIN_JWKS: keys.jwks,
    API_PORT: String(apiPort),
    ADMIN_PORT: String(adminPort),
    WORKER_PORT: String(workerPort),
  });
  apps.api.url = `http://127.0.0.1:${apiPort}`;
  apps.admin.url = `http://127.0.0.1:${adminPort}`;
  apps.worker.url = `http://127.0.0.1:${workerPort}`;
  const [api, admin, worker] = await Promise.all([
    startApp('api', env),
    startApp('admin', env),
    startApp('worker', env),
  ]);
  apps.api.process = api;
  apps.admin.process = admin;
  apps.worker.process = worker;
}, 150_000);

afterAll(async () => {
  await Promise.all(Object.values(apps).map((a) => a.process?.stop()));
  await redis?.drop();
  await db?.drop();
});

describe('a CPR number in the query string', () => {
  it.each<[keyof typeof apps, string, (cpr: string) => string, string]>([
    ['api', 'POST', (cpr) => `/v1/overview?cpr=${cpr}`, '/query/cpr'],
    ['api', 'GET', (cpr) => `/v1/deliveries/by-key/some-key-0001?x=${cpr}`, '/query/x'],
    ['api', 'GET', (cpr) => `/no-such-route?${cpr}`, '/query'],
    ['admin', 'GET', (cpr) => `/v1/held?after=${cpr}`, '/query/after'],
    ['worker', 'GET', (cpr) => `/metrics?cpr=${encodeURIComponent(cpr)}`, '/query/cpr'],
  ])('is refused by the %s (%s) with 400 CPR-IN-URL, the value not echoed', async (app, method, path, pointer) => {
    const cpr = aCpr(500 + sent.length);
    for (const form of [cpr.plain, cpr.dashed]) {
      const res = await call(app, method, path(form), {
        bearer: app === 'admin' ? await adminToken() : await orchestrationToken(),
        body: method === 'POST' ? { cpr: cpr.plain, formaal: 'MIT_OVERBLIK' } : undefined,
      });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({
        type: 'https://overblik.example/problems/cpr-in-url',
        status: 400,
        violations: [{ rule: 'CPR-IN-URL', pointer }],
      });
      expect(res.text).not.toContain(cpr.plain);
      expect(res.text).not.toContain(cpr.dashed);
    }
  });
});

describe('a CPR number in a path, an unknown route or a request id', () => {
  it.each<[keyof typeof apps, string, (cpr: string) => string]>([
    ['api', 'POST', (cpr) => `/v1/overview/${cpr}`],
    ['api', 'GET', (cpr) => `/v1/deliveries/${cpr}`],
    ['api', 'GET', (cpr) => `/${cpr}`],
    ['admin', 'POST', (cpr) => `/v1/held/${cpr}/release`],
    ['admin', 'GET', (cpr) => `/${cpr}/x`],
    ['worker', 'GET', (cpr) => `/workers/${cpr}`],
  ])('%s %s: answered without the number, and the request id is not taken from it', async (app, method, path) => {
    const cpr = aCpr(500 + sent.length);
    for (const form of [cpr.plain, cpr.dashed]) {
      const res = await call(app, method, path(form), {
        requestId: form,
        bearer: app === 'admin' ? await adminToken() : await vendorToken(),
        body: method === 'POST' ? {} : undefined,
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(res.text).not.toContain(cpr.plain);
      expect(res.text).not.toContain(cpr.dashed);
    }
  });

  it.each<keyof typeof apps>(['api', 'admin', 'worker'])(
    'the %s replaces a request id that holds a CPR number on a route that answers',
    async (app) => {
      const cpr = aCpr(500 + sent.length);
      const res = await call(app, 'GET', '/metrics', { requestId: `req-${cpr.dashed}` });
      expect(res.status).toBe(200);
      expect(res.requestId).not.toContain(cpr.dashed);
    },
  );

  it('keeps a well-formed request id', async () => {
    const res = await call('api', 'GET', '/metrics', { requestId: 'caller-request-0001' });
    expect(res.requestId).toBe('caller-request-0001');
  });
});

describe("a CPR number as a token's sub", () => {
  it.each<[string, keyof typeof apps, string, (cpr: string) => Promise<string>]>([
    ['an orchestration client', 'api', '/v1/overview', (cpr) => orchestrationToken(cpr)],
    ['a vendor', 'api', '/v1/deliveries', (cpr) => vendorToken(cpr)],
    ['a municipal administrator', 'admin', '/v1/held', (cpr) => adminToken(cpr)],
  ])('is refused for %s with 401 AUTH-TOKEN-SUB-INVALID', async (_who, app, path, mint) => {
    const cpr = aCpr(500 + sent.length);
    for (const form of [cpr.plain, cpr.dashed, `client-${cpr.plain}`]) {
      const method = path === '/v1/held' ? 'GET' : 'POST';
      const res = await call(app, method, path, {
        bearer: await mint(form),
        body: method === 'POST' ? { cpr: cpr.plain, formaal: 'MIT_OVERBLIK', items: [] } : undefined,
      });
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({
        status: 401,
        violations: [{ rule: 'AUTH-TOKEN-SUB-INVALID', pointer: '/headers/authorization' }],
      });
      expect(res.text).not.toContain(cpr.plain);
    }
  });
});

describe('privacy of the run', () => {
  it('wrote none of these numbers into a log line of the api, the admin or the worker, nor into /metrics', async () => {
    const metrics = (
      await Promise.all((['api', 'admin', 'worker'] as const).map((app) => call(app, 'GET', '/metrics')))
    ).map((m) => {
      expect(m.status).toBe(200);
      return m.text;
    });
    const logs = output();
    // the requests were logged (at info), with the number masked
    for (const app of ['api', 'admin', 'worker']) expect(logs).toContain(`"app":"${app}"`);
    expect(logs).toContain('"path":"/v1/overview/******-****"');
    expect(logs).toMatch(/"statusCode":400/);
    expect(sent.length).toBeGreaterThan(20);
    for (const number of sent) {
      expect(logs).not.toContain(number);
      for (const text of metrics) expect(text).not.toContain(number);
    }
  });
});
