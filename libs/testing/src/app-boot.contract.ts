import { spawn } from 'node:child_process';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from './test-database';
import { freePort, startApp } from './processes';
import { TEST_REDIS_URL } from './test-redis';
import { answered, type FuzzRequest, type FuzzResult, sendFuzzRequests } from './malformed-requests';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');
export const TEST_CPR_HASH_KEY = 'test-only-cpr-hash-key-0123456789abcdef';

export interface BootContractOptions {
  app: 'api' | 'admin' | 'worker';
  portVariable: string;
  /** Variables the app needs beyond the shared ones (e.g. key sets). */
  extraEnv?: () => Promise<Record<string, string>>;
  create(env: Record<string, string>): Promise<INestApplication>;
  /** A POST route whose JSON body is parsed before anything else looks at the request (default: any path). */
  jsonPath?: string;
  /** Where `/` sends a person (default /docs). */
  home?: string;
}

/** What the HTTP layer refuses before any route, with the rule each answer names. */
function httpRefusals(jsonPath: string): Array<[string, FuzzRequest, number, string]> {
  const json = { 'content-type': 'application/json' };
  const raw = (text: string): FuzzRequest => ({
    kind: 'raw',
    method: 'RAW',
    path: '',
    raw: Buffer.from(text, 'latin1'),
  });
  return [
    [
      'a bearer token of 100 KB',
      { kind: 'c', method: 'GET', path: '/health/live', headers: { authorization: `Bearer ${'a'.repeat(100_000)}` } },
      431,
      'HTTP-HEADERS-TOO-LARGE',
    ],
    [
      'a control character in a header name',
      raw('GET /health/live HTTP/1.1\r\nHost: x\r\nX-A\u0001: b\r\n\r\n'),
      400,
      'HTTP-REQUEST-MALFORMED',
    ],
    [
      'bytes that are not HTTP',
      raw('\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\r\n\r\n'),
      400,
      'HTTP-REQUEST-MALFORMED',
    ],
    ['a path that does not percent-decode', { kind: 'c', method: 'GET', path: '/v1/%zz' }, 400, 'HTTP-URL-MALFORMED'],
    [
      'JSON cut off',
      { kind: 'c', method: 'POST', path: jsonPath, headers: json, body: '{"a":' },
      400,
      'HTTP-JSON-MALFORMED',
    ],
    [
      'JSON nested 20,000 deep',
      { kind: 'c', method: 'POST', path: jsonPath, headers: json, body: '['.repeat(20_000) + ']'.repeat(20_000) },
      400,
      'HTTP-JSON-TOO-DEEP',
    ],
    ['a method the route does not have', { kind: 'c', method: 'DELETE', path: '/health' }, 404, 'HTTP-ROUTE-UNKNOWN'],
  ];
}

export function testEnv(db: TestDatabase, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    CPR_HASH_KEY: TEST_CPR_HASH_KEY,
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** Run an app's main.ts as a user would, with the given environment; resolves with exit code and output. */
export function runMain(
  app: string,
  env: Record<string, string>,
  options: { killAfterReadyMs?: number; signal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string; elapsedAfterSignalMs?: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`],
      { cwd: WORKSPACE_ROOT, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let signalledAt: number | undefined;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (options.signal && signalledAt === undefined && stdout.includes('Nest application successfully started')) {
        setTimeout(() => {
          signalledAt = Date.now();
          child.kill(options.signal);
        }, options.killAfterReadyMs ?? 200);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`apps/${app} did not exit in time; stderr: ${stderr.slice(0, 2000)}`));
    }, options.timeoutMs ?? 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, elapsedAfterSignalMs: signalledAt ? Date.now() - signalledAt : undefined });
    });
  });
}

/** The boot behaviour every app shares: health, OpenAPI, problem+json, fail-fast config, graceful stop. */
export function describeAppBoot(options: BootContractOptions): void {
  describe(`${options.app} boots`, () => {
    let db: TestDatabase;
    let app: INestApplication;
    let extra: Record<string, string> = {};
    const env = (more: Record<string, string> = {}): Record<string, string> => testEnv(db, { ...extra, ...more });

    beforeAll(async () => {
      db = await createTestDatabase();
      extra = (await options.extraEnv?.()) ?? {};
      app = await options.create(env());
      await app.init();
    });
    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    it('reports PostgreSQL and Redis up on /health', async () => {
      const res = await request(app.getHttpServer()).get('/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { postgresql: { status: 'up' }, redis: { status: 'up' } } });
    });

    it('answers liveness without touching the databases', async () => {
      await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    });

    it('serves its OpenAPI 3.1 document', async () => {
      const res = await request(app.getHttpServer()).get('/openapi.json').expect(200);
      expect(res.body.openapi).toBe('3.1.0');
      expect(Object.keys(res.body.paths)).toContain('/health');
    });

    it('sends a person from / to its pages, and its Swagger UI loads with and without a trailing slash', async () => {
      const server = app.getHttpServer();
      const home = await request(server).get('/');
      expect([302, 303]).toContain(home.status);
      expect(home.headers['location']).toBe(options.home ?? '/docs');
      const slash = await request(server).get('/docs/');
      const page = slash.status === 302 ? slash.headers['location'] : '/docs/';
      expect(page).toBe('/docs');
      const html = await request(server).get(page).expect(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      const assets = [...html.text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
      expect(assets.length).toBeGreaterThanOrEqual(3);
      for (const asset of assets) {
        const path = new URL(asset, `http://app${page}`).pathname;
        const res = await request(server).get(path);
        expect({ asset: path, status: res.status }).toEqual({ asset: path, status: 200 });
      }
    });

    it('answers an unknown path with problem+json and echoes a request id', async () => {
      const res = await request(app.getHttpServer())
        .get('/no-such-path')
        .set('x-request-id', 'test-request-0001')
        .expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['x-request-id']).toBe('test-request-0001');
      expect(res.body).toMatchObject({
        status: 404,
        title: 'Not found',
        rule: 'HTTP-ROUTE-UNKNOWN',
        instance: 'urn:request:test-request-0001',
      });
    });

    it('writes a request line for an unknown path, with its request id and without the query, and none for a health probe', async () => {
      const port = await freePort();
      const running = await startApp(options.app, env({ [options.portVariable]: String(port) }));
      try {
        const res = await fetch(`http://127.0.0.1:${port}/no-such-path?secret=1`, {
          headers: { 'x-request-id': 'boot-contract-404-0001' },
        });
        expect(res.status).toBe(404);
        // health probes (every few seconds from an orchestrator) get no line
        expect(
          (
            await fetch(`http://127.0.0.1:${port}/health/live`, {
              headers: { 'x-request-id': 'boot-contract-probe-0001' },
            })
          ).status,
        ).toBe(200);
      } finally {
        await running.stop();
      }
      const lines = running
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map(
          (l) =>
            JSON.parse(l) as { req?: { id?: string; method?: string; path?: string }; res?: { statusCode?: number } },
        );
      const line = lines.find((l) => l.req?.id === 'boot-contract-404-0001');
      expect(line).toMatchObject({ req: { method: 'GET', path: '/no-such-path' }, res: { statusCode: 404 } });
      expect(lines.some((l) => l.req?.id === 'boot-contract-probe-0001')).toBe(false);
      expect(running.output()).not.toContain('secret=1');
    });

    it('answers what the HTTP layer refuses as problem+json with its rule, on the server it listens with', async () => {
      const port = await freePort();
      const running = await startApp(options.app, env({ [options.portVariable]: String(port) }));
      const cases = httpRefusals(options.jsonPath ?? '/no-such-path');
      let results: FuzzResult[];
      try {
        results = await sendFuzzRequests(
          port,
          cases.map(([, req]) => req),
          { concurrency: 1 },
        );
      } finally {
        await running.stop();
      }
      const got = results.map((r, i) => {
        const answer = r.answer;
        if (!answered(answer)) return [cases[i]![0], answer.failure];
        const body = JSON.parse(answer.body || '{}') as { rule?: string; status?: number };
        return [cases[i]![0], answer.status, answer.contentType.split(';')[0], body.rule, body.status];
      });
      expect(got).toEqual(
        cases.map(([what, , status, rule]) => [what, status, 'application/problem+json', rule, status]),
      );
    });

    it('stops at boot naming a missing variable', async () => {
      const withoutDb = env();
      delete (withoutDb as Partial<Record<string, string>>)['DATABASE_URL'];
      const result = await runMain(options.app, withoutDb);
      expect(result.code).toBe(78);
      expect(result.stderr).toContain('DATABASE_URL is missing');
    });

    it('stops at boot naming a bad variable', async () => {
      const result = await runMain(options.app, env({ [options.portVariable]: 'not-a-port' }));
      expect(result.code).toBe(78);
      expect(result.stderr).toContain(options.portVariable);
    });

    it('shuts down gracefully on SIGTERM', async () => {
      const result = await runMain(options.app, env({ [options.portVariable]: '0', LOG_LEVEL: 'info' }), {
        signal: 'SIGTERM',
      });
      expect(result.code).toBe(0);
      expect(result.elapsedAfterSignalMs).toBeLessThan(10_000);
      const lines = result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { app: string; msg: string });
      expect(lines.every((l) => l.app === options.app)).toBe(true);
    });
  });
}
