/**
 * Overview benchmark (not a test): POST /v1/overview against the bulk-loaded national slice, beside the
 * raw HTTP floor (node:http + the same statement) and the raw ceiling of the same statement through pgbench, in the same run.
 * The headline (`headline`, first in the JSON, and one line on stderr) is the ratio to the raw HTTP floor,
 * beside the ratio to the raw SQL ceiling.
 *   npm run generate:bulk -- --seed 42 --citizens 1000000 --database-url postgres://postgres@127.0.0.1:5432/overblik_bench
 *   npm run bench:overview -- [--duration 20] [--connections 128] [--rate 1000] [--sample 5000] [--pgbench-clients 8] [--rounds 3] [--round-seconds 10] [--load-tool wrk|autocannon] [--encoding gzip|identity] [--cpu-prof] [--pin]
 * Phases: warm-up; the maximum (closed loop: wrk where installed, as pgbench's client is C too; else
 * autocannon) and the raw ceiling (the same statement through pgbench) in turns, --rounds times, the
 * ratio being the median of the rounds' ratios; open-loop latency at half the median maximum and at
 * --rate (paced-load.ts); the raw HTTP floor (raw-http-floor.ts: node:http + the same statement, same
 * bodies, closed loop); then pgbench of the read model alone. Peak RSS is the API process's VmHWM.
 * Every request asks for --encoding (gzip by default, what the orchestration layer's HTTP client asks for;
 * identity: the answer's bytes as they are). Requests go to 127.0.0.1 only, bounded in count and time. One run at a time (.data/overview-bench.lock);
 * the API listens on BENCH_API_PORT (default 3901); --api-env NAME=value passes configuration to it. Citizens are drawn at random from the loaded
 * set (their CPR numbers are re-made from the seed, never stored or printed).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import autocannon from 'autocannon';
import { generateDevKeyPair, mintToken } from '@overblik/platform';
import { danishDay } from '@overblik/domain';
import type { AnswerEncoding } from '@overblik/overview-answer';
import { createDataSource, OVERVIEW_READ_SQL, OverviewAnswerRepository, withDatabase } from '@overblik/persistence';
import { type AppProcess, startApp } from '@overblik/testing';
import { BENCH_CPR_HASH_KEY, BENCH_DATASET_FILE, type BenchDataset } from '../src/generator/bulk-load.cli';
import { BENCH_CITIZEN_KEY_TABLE } from '../src/generator/bulk-load/bulk-load.repository';
import { DEFAULT_AS_OF, generateCitizen } from '../src/generator/citizen.generator';
import { mixSeed, Prng } from '../src/generator/prng';
import {
  eventLoopOf,
  type EventLoopFigures,
  type Histogram,
  histogramDelta,
  histogramOf,
  serviceStages,
} from './metrics-text';
import { pacedLoad, type PacedLoadResult } from './paced-load';
import { pinApiAlone } from './pinning';
import { startRawFloor } from './raw-floor-process';
import { PGBENCH, pgbenchConnection } from './pgbench';
import { machineStealMs, peakRssMb, postgresCpuMs, postgresCpuSinceMs, processCpuMs, processTree } from './proc-stats';
import { type ClosedLoopResult, wrkAvailable, wrkLoad } from './wrk-load';

const ROOT = path.resolve(__dirname, '../..');
const SERVER = process.env['DATABASE_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const PORT = Number(process.env['BENCH_API_PORT'] ?? 3901);
const BASE = `http://127.0.0.1:${PORT}`;
const LOCK_FILE = path.join(ROOT, '.data', 'overview-bench.lock');

/**
 * One overview benchmark at a time on this machine: two at once share the cores (and would fight over
 * the port), so both would measure nonsense. A lock file holds the running benchmark's pid.
 */
function takeLock(): () => void {
  mkdirSync(path.dirname(LOCK_FILE), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(LOCK_FILE, String(process.pid), { flag: 'wx' });
      return () => rmSync(LOCK_FILE, { force: true });
    } catch {
      const holder = Number(readFileSync(LOCK_FILE, 'utf8'));
      let alive = false;
      try {
        process.kill(holder, 0);
        alive = true;
      } catch {
        alive = false;
      }
      if (alive) throw new Error(`another overview benchmark (pid ${holder}) is running; wait for it (${LOCK_FILE})`);
      rmSync(LOCK_FILE, { force: true });
    }
  }
  throw new Error(`could not take ${LOCK_FILE}`);
}
const run = promisify(execFile);

interface Options {
  duration: number;
  connections: number;
  rate: number;
  sample: number;
  cpuProf: boolean;
  pin: boolean;
  pgbenchClients: number;
  loadTool: LoadTool;
  encoding: AnswerEncoding;
  rounds: number;
  roundSeconds: number;
  apiEnv: Record<string, string>;
}

type LoadTool = 'wrk' | 'autocannon';

function options(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '20' },
      /**
       * Calls in flight in the closed loop. The API's calls wait for a shared read statement and the
       * access log's group commit, so 32 left its core partly idle and measured the waits, not the
       * maximum; 128 keeps it busy, 256 adds little (docs/performance.md).
       */
      connections: { type: 'string', default: '128' },
      rate: { type: 'string', default: '1000' },
      sample: { type: 'string', default: '5000' },
      'pgbench-clients': { type: 'string', default: '8' },
      /** The maximum and the raw ceiling measured in turns, this many rounds of --round-seconds each. */
      rounds: { type: 'string', default: '3' },
      'round-seconds': { type: 'string', default: '10' },
      /** The closed-loop load tool: wrk (C, Debian's package) by default where installed, else autocannon (in this process). */
      'load-tool': { type: 'string' },
      /** What every request takes (Accept-Encoding): gzip, the stored answers joined as they are stored, or identity. */
      encoding: { type: 'string', default: 'gzip' },
      'cpu-prof': { type: 'boolean', default: false },
      /** The API (and then the raw floor) alone on core 0, PostgreSQL, Redis and the load tool on the rest (pinning.ts). */
      pin: { type: 'boolean', default: false },
      /** Extra API environment for experiments, e.g. --api-env ACCESS_LOG_FLUSH_MS=20 (repeatable). */
      'api-env': { type: 'string', multiple: true, default: [] },
    },
  });
  const n = (v: string | undefined, min: number, max: number, name: string): number => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min || x > max) throw new Error(`--${name} must be a whole number ${min}–${max}`);
    return x;
  };
  return {
    duration: n(values.duration, 1, 120, 'duration'),
    connections: n(values.connections, 1, 256, 'connections'),
    rate: n(values.rate, 1, 20_000, 'rate'),
    sample: n(values.sample, 10, 50_000, 'sample'),
    pgbenchClients: n(values['pgbench-clients'], 1, 64, 'pgbench-clients'),
    loadTool: loadToolOf(values['load-tool']),
    encoding: encodingOf(values.encoding),
    rounds: n(values.rounds, 1, 9, 'rounds'),
    roundSeconds: n(values['round-seconds'], 3, 120, 'round-seconds'),
    cpuProf: values['cpu-prof'] ?? false,
    pin: values.pin ?? false,
    apiEnv: Object.fromEntries(
      (values['api-env'] ?? []).map((kv) => {
        const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(kv);
        if (!m) throw new Error(`--api-env wants NAME=value, got ${kv}`);
        return [m[1], m[2]];
      }),
    ) as Record<string, string>,
  };
}

function encodingOf(asked: string | undefined): AnswerEncoding {
  if (asked !== 'gzip' && asked !== 'identity') throw new Error('--encoding is gzip or identity');
  return asked;
}

function loadToolOf(asked: string | undefined): LoadTool {
  if (asked === undefined) return wrkAvailable() ? 'wrk' : 'autocannon';
  if (asked !== 'wrk' && asked !== 'autocannon') throw new Error('--load-tool is wrk or autocannon');
  if (asked === 'wrk' && !wrkAvailable()) throw new Error('wrk is not installed (apt-get install wrk)');
  return asked;
}

interface CpuSnapshot {
  api: number;
  postgres: Map<number, number>;
  loadTool: number;
  at: number;
}

/** CPU per answered call in each process during one phase (one or more spans of it): what the machine pays for one overview. */
function cpuPerCall(
  spans: ReadonlyArray<readonly [CpuSnapshot, CpuSnapshot]>,
  calls: number,
): { apiMs: number; postgresMs: number; loadToolMs: number; apiBusyShare: number } {
  const r = (x: number): number => Number((x / Math.max(1, calls)).toFixed(3));
  let api = 0;
  let postgres = 0;
  let loadTool = 0;
  let elapsed = 0;
  for (const [a, b] of spans) {
    api += b.api - a.api;
    postgres += postgresCpuSinceMs(a.postgres, b.postgres);
    loadTool += b.loadTool - a.loadTool;
    elapsed += b.at - a.at;
  }
  return {
    apiMs: r(api),
    postgresMs: r(postgres),
    loadToolMs: r(loadTool),
    apiBusyShare: Number((api / Math.max(1, elapsed)).toFixed(2)),
  };
}

/** The middle item by `value` (the lower of the two middle ones for an even count). */
function middleOf<T>(items: readonly T[], value: (item: T) => number): T | undefined {
  return [...items].sort((a, b) => value(a) - value(b))[Math.floor((items.length - 1) / 2)];
}

const median = (values: readonly number[]): number => middleOf(values, (v) => v) ?? NaN;

const FLOOR_PORT = PORT + 1;

/** Start apps/api with warn-level logs (a log line per call would measure the logger) and wait until it answers. */
async function startApi(env: Record<string, string>, cpuProfDir?: string): Promise<AppProcess> {
  const taken = await fetch(`${BASE}/health/live`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`something already answers on ${BASE}; set BENCH_API_PORT to another port`);
  return startApp('api', env, {
    timeoutMs: 90_000,
    logLevel: env['LOG_LEVEL'] ?? 'warn',
    readyUrl: `${BASE}/health/live`,
    nodeArgs: cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [],
  });
}

/** The headers of every request: JSON, the encoding taken, the bearer token where there is one. */
function requestHeaders(token: string, encoding: AnswerEncoding): Record<string, string> {
  return {
    'content-type': 'application/json',
    'accept-encoding': encoding,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
}

/** Closed loop: `connections` clients, each sending its next request when the last one answered. */
async function load(
  tool: LoadTool,
  token: string,
  bodies: readonly string[],
  o: { connections: number; duration: number; encoding: AnswerEncoding; url?: string },
): Promise<ClosedLoopResult> {
  const url = o.url ?? `${BASE}/v1/overview`;
  const headers = requestHeaders(token, o.encoding);
  if (tool === 'wrk') return wrkLoad({ url, headers, bodies, connections: o.connections, duration: o.duration });
  let next = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: o.connections,
    duration: o.duration,
    headers,
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    total: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/**
 * The raw ceiling: the API's own statement per call (`OVERVIEW_READ_SQL`), for random citizens of the
 * whole loaded set, through pgbench with prepared statements. `answer` is the statement the API runs
 * (the stored answer, or the read model where none is valid); `readModel` the read model alone.
 */
async function pgbench(
  url: string,
  citizens: number,
  clients: number,
  duration: number,
  statement: keyof typeof OVERVIEW_READ_SQL,
  day: string,
): Promise<{ tps: number; latencyAvgMs: number; statement: string }> {
  const dir = path.join(ROOT, '.data');
  mkdirSync(dir, { recursive: true });
  const scriptFile = path.join(dir, `overview-raw-${statement}.pgbench.sql`);
  const sql = OVERVIEW_READ_SQL[statement]
    .replaceAll('$1', `(select k.citizen_key from ${BENCH_CITIZEN_KEY_TABLE} k where k.n = :n)`)
    .replaceAll('$2', ':day')
    .replace(/\s+/g, ' ');
  writeFileSync(scriptFile, `\\set n random(1, ${citizens})\n${sql};\n`);
  const { stdout } = await run(
    PGBENCH,
    [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(clients),
      '-j',
      '2',
      '-T',
      String(duration),
      '-D',
      `day=${day}`,
      '-f',
      scriptFile,
      ...pgbenchConnection(url),
    ],
    { maxBuffer: 10_000_000 },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
  return { tps: Math.round(tps), latencyAvgMs: latency, statement: sql };
}

/** The server settings the figures depend on most, printed with them (a deployment tunes them; the bench does not). */
const POSTGRES_SETTINGS = [
  'shared_buffers',
  'synchronous_commit',
  'wal_buffers',
  'max_wal_size',
  'checkpoint_timeout',
  'commit_delay',
  'huge_pages',
] as const;

async function postgresSettings(db: {
  query(sql: string, values: unknown[]): Promise<unknown>;
}): Promise<Record<string, string>> {
  const rows = (await db.query(
    `select name, current_setting(name) as value from pg_settings where name = any($1::text[]) union all select 'server_version', current_setting('server_version')`,
    [POSTGRES_SETTINGS],
  )) as Array<{ name: string; value: string }>;
  return Object.fromEntries(rows.map((r) => [r.name, r.value]));
}

async function main(): Promise<void> {
  const o = options();
  if (!existsSync(BENCH_DATASET_FILE))
    throw new Error(`${BENCH_DATASET_FILE} is missing: run npm run generate:bulk first`);
  const dataset = JSON.parse(readFileSync(BENCH_DATASET_FILE, 'utf8')) as BenchDataset;
  const url = process.env['BENCH_DATABASE_URL'] ?? withDatabase(SERVER, dataset.database);
  const secret = process.env['CPR_HASH_KEY'] ?? BENCH_CPR_HASH_KEY;

  // the loaded database may predate the API's newest migrations (e.g. the access log)
  const db = createDataSource({ url, poolSize: 2, applicationName: 'overblik-bench' });
  await db.initialize();
  const applied = await db.runMigrations();
  const day = danishDay();
  const [{ version }] = (await db.query(
    'select version::text as version from configuration_version where id = 1',
  )) as Array<{ version: string }>;
  const storedBefore = await new OverviewAnswerRepository(db).coverage(version ?? '0', day);
  const postgres = await postgresSettings(db);
  await db.destroy();

  // random citizens from the loaded set; the body names their home municipality for coverage
  const rng = new Prng(mixSeed(dataset.seed, 0xbe7c4));
  const bodies: string[] = [];
  for (let i = 0; i < o.sample; i++) {
    const citizen = generateCitizen(rng.int(0, dataset.citizens - 1), {
      seed: dataset.seed,
      dirtyShare: dataset.dirty,
      asOf: dataset.asOf ?? DEFAULT_AS_OF,
    });
    bodies.push(JSON.stringify({ cpr: citizen.cpr, formaal: 'MIT_OVERBLIK', kommuner: [citizen.municipalityCvr] }));
  }

  const keys = await generateDevKeyPair('bench-overview');
  const profDir = o.cpuProf ? path.join(ROOT, '.data', 'prof') : undefined;
  if (profDir) mkdirSync(profDir, { recursive: true });
  const api = await startApi(
    {
      DATABASE_URL: url,
      REDIS_URL: REDIS,
      CPR_HASH_KEY: secret,
      ORCHESTRATION_JWKS: keys.jwks,
      VENDOR_JWKS: keys.jwks,
      LOG_LEVEL: 'warn',
      API_PORT: String(PORT),
      QUEUE_PREFIX: `bench-overview-${Date.now().toString(36)}`,
      // the benchmark client is one client asking for many citizens: lift its abuse limits
      OVERVIEW_RATE_LIMIT_PER_SECOND: '1000000',
      OVERVIEW_DISTINCT_CITIZENS_PER_MINUTE: '100000000',
      OVERVIEW_SLOWDOWN_MS: '0',
      ...o.apiEnv,
    },
    profDir,
  );
  const figures: Record<string, unknown> = {};
  const rounds: Array<{ result: ClosedLoopResult; pgbenchTps: number; ratio: number }> = [];
  const unpinApi = o.pin ? pinApiAlone(api.child.pid!) : () => undefined;
  try {
    const token = await mintToken({
      privateJwk: keys.privateJwk,
      issuer: 'overblik-dev',
      audience: 'overblik-overview',
      subject: 'bench-orchestration',
      scope: 'overview:read',
      expiresIn: '1h',
    });
    // one call to see that the endpoint answers as the contract says
    // and that both encodings give the same answer (fetch decompresses gzip; the wire bytes are Content-Length)
    const probeAs = async (encoding: AnswerEncoding) => {
      const r = await fetch(`${BASE}/v1/overview`, {
        method: 'POST',
        headers: requestHeaders(token, encoding),
        body: bodies[0],
      });
      const text = await r.text();
      if (r.status !== 200)
        throw new Error(`POST /v1/overview (${encoding}) answered ${r.status}: ${text.slice(0, 500)}`);
      if ((r.headers.get('content-encoding') ?? 'identity') !== encoding)
        throw new Error(`asked for ${encoding}, got ${r.headers.get('content-encoding')}`);
      return { text, wireBytes: Number(r.headers.get('content-length')) };
    };
    const [plain, gzipped] = [await probeAs('identity'), await probeAs('gzip')];
    if (plain.text !== gzipped.text) throw new Error('the gzip answer and the answer as it is differ');
    const probeJson = JSON.parse(plain.text) as { kommuner?: Array<{ sager?: unknown[] }> };
    figures['probe'] = {
      status: 200,
      bytes: plain.wireBytes,
      gzipBytes: gzipped.wireBytes,
      kommuner: probeJson.kommuner?.length ?? 0,
      sager: (probeJson.kommuner ?? []).reduce((n, k) => n + (k.sager?.length ?? 0), 0),
    };

    const snapshot = async (): Promise<{
      text: string;
      handler: Histogram;
      batches: Histogram;
      reads: Histogram;
      stored: number;
      rendered: number;
      loop: EventLoopFigures;
    }> => {
      const text = await (await fetch(`${BASE}/metrics`)).text();
      const answers = (source: string) =>
        Number(new RegExp(`^overblik_overview_answers_total\\{source="${source}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
      return {
        text,
        handler: histogramOf(text, 'overblik_overview_seconds'),
        batches: histogramOf(text, 'overblik_access_log_batch_size'),
        reads: histogramOf(text, 'overblik_overview_read_statement_citizens'),
        stored: answers('stored'),
        rendered: answers('rendered'),
        loop: eventLoopOf(text),
      };
    };
    const serverSide = (a: Awaited<ReturnType<typeof snapshot>>, b: Awaited<ReturnType<typeof snapshot>>) => {
      const h = histogramDelta(a.handler, b.handler);
      const batches = histogramDelta(a.batches, b.batches);
      const reads = histogramDelta(a.reads, b.reads);
      return {
        calls: h.count,
        meanMs: Number((h.mean * 1000).toFixed(2)),
        p50Seconds: h.p50,
        p99Seconds: h.p99,
        meanAccessLogBatch: Number(batches.mean.toFixed(1)),
        // citizens per read statement (calls that find every read lane busy share one)
        meanReadStatement: Number(reads.mean.toFixed(1)),
        answersStored: b.stored - a.stored,
        answersRendered: b.rendered - a.rendered,
        // where the service's time went, per stage of a call
        stages: serviceStages(a.text, b.text),
        // the API's event loop between the two scrapes (prom-client resets its delay monitor on each scrape)
        eventLoopDelayMs: { p99: b.loop.lagP99Ms, max: b.loop.lagMaxMs },
        gc: {
          pauses: b.loop.gcCount - a.loop.gcCount,
          totalMs: Math.round(b.loop.gcMs - a.loop.gcMs),
          majorPauses: b.loop.majorGcCount - a.loop.majorGcCount,
        },
      };
    };
    await load(o.loadTool, token, bodies, { connections: 8, duration: 5, encoding: o.encoding }); // warm-up: JIT, pools, configuration snapshot
    const cpu = (): CpuSnapshot => {
      const self = process.cpuUsage();
      const apiCpu = processTree(api.child.pid).reduce((sum, pid) => sum + processCpuMs(pid), 0);
      return {
        api: apiCpu,
        postgres: postgresCpuMs(dataset.database),
        loadTool: (self.user + self.system) / 1000,
        at: Date.now(),
      };
    };
    // the maximum in rounds, each followed by the raw ceiling (pgbench) at once: a shared machine's speed
    // drifts within minutes, so each round's ratio compares neighbours in time
    const m0 = await snapshot();
    const spans: Array<[CpuSnapshot, CpuSnapshot]> = [];
    for (let round = 0; round < o.rounds; round++) {
      const c0 = cpu();
      const result = await load(o.loadTool, token, bodies, {
        connections: o.connections,
        duration: o.roundSeconds,
        encoding: o.encoding,
      });
      const c1 = cpu();
      c1.loadTool += result.loadToolCpuMs ?? 0;
      spans.push([c0, c1]);
      const ceiling = await pgbench(url, dataset.citizens, o.pgbenchClients, o.roundSeconds, 'answer', day);
      rounds.push({
        result,
        pgbenchTps: ceiling.tps,
        ratio: Number((result.requestsPerSecond / ceiling.tps).toFixed(2)),
      });
    }
    const middle = middleOf(rounds, (r) => r.result.requestsPerSecond);
    if (!middle) throw new Error('no round of the maximum ran');
    const max = middle.result;
    figures['max'] = {
      ...max,
      rounds: rounds.map((r) => ({
        requestsPerSecond: r.result.requestsPerSecond,
        p50Ms: r.result.p50Ms,
        p99Ms: r.result.p99Ms,
        pgbenchTps: r.pgbenchTps,
        ratio: r.ratio,
      })),
    };
    const m1 = await snapshot(); // server-side figures of the maximum: its rounds (the API idles while pgbench runs)
    figures['answersAtMax'] = { stored: m1.stored - m0.stored, rendered: m1.rendered - m0.rendered };
    // open-loop latency below saturation (half the measured maximum), then at the target rate;
    // the service's own timing (from after authentication to the answer) of each paced phase
    const paced = (rate: number): Promise<PacedLoadResult> =>
      pacedLoad({
        url: `${BASE}/v1/overview`,
        headers: requestHeaders(token, o.encoding),
        bodies,
        rate,
        durationSeconds: o.duration,
      });
    const s0 = await snapshot();
    const c2 = cpu();
    const half = await paced(Math.max(1, Math.round(max.requestsPerSecond / 2)));
    const c3 = cpu();
    figures['halfMaxRate'] = half;
    const s1 = await snapshot();
    figures['cpuPerCall'] = {
      max: cpuPerCall(
        spans,
        rounds.reduce((n, r) => n + r.result.total, 0),
      ),
      halfMaxRate: cpuPerCall([[c2, c3]], half.ok),
    };
    const steal0 = machineStealMs();
    figures['fixedRate'] = await paced(o.rate);
    const s2 = await snapshot();
    // the hypervisor running something else while our cores had work (all cores together)
    figures['machineStealMsPerSecondAtFixedRate'] = Math.round((machineStealMs() - steal0) / o.duration);
    figures['serverSide'] = { max: serverSide(m0, m1), halfMaxRate: serverSide(s0, s1), fixedRate: serverSide(s1, s2) };
    figures['apiPeakRssMb'] = peakRssMb(api.child.pid);
  } finally {
    unpinApi();
    await api.stop();
  }
  if (api.child.exitCode !== 0 && api.child.signalCode === null && api.child.exitCode !== null)
    console.error(`api exited with ${api.child.exitCode}`);

  // the raw HTTP floor: the same bodies, the same statement, nothing else (raw-http-floor.ts)
  const floor = (await startRawFloor({ port: FLOOR_PORT, env: { DATABASE_URL: url, CPR_HASH_KEY: secret } })).child;
  const unpinFloor = o.pin ? pinApiAlone(floor.pid!) : () => undefined;
  try {
    const floorUrl = `http://127.0.0.1:${FLOOR_PORT}/`;
    await load(o.loadTool, '', bodies, { connections: 8, duration: 3, url: floorUrl, encoding: o.encoding });
    const snap = (): CpuSnapshot => ({
      api: processCpuMs(floor.pid),
      postgres: postgresCpuMs(dataset.database),
      loadTool: 0,
      at: Date.now(),
    });
    const f0 = snap();
    const floorMax = await load(o.loadTool, '', bodies, {
      connections: o.connections,
      duration: o.duration,
      url: floorUrl,
      encoding: o.encoding,
    });
    const f1 = snap();
    const perCall = cpuPerCall([[f0, f1]], floorMax.total);
    // the same paced load as the API's fixed-rate phase: the latency the load tool, the machine and the
    // statement alone give at that rate, so the API's p99 reads against a floor measured in the same run
    const floorFixed = await pacedLoad({
      url: floorUrl,
      headers: requestHeaders('', o.encoding),
      bodies,
      rate: o.rate,
      durationSeconds: o.duration,
    });
    figures['rawHttpFloor'] = {
      ...floorMax,
      cpuPerCall: { processMs: perCall.apiMs, postgresMs: perCall.postgresMs },
      fixedRate: floorFixed,
    };
  } finally {
    unpinFloor();
    floor.kill('SIGTERM');
  }
  // the ceiling of the ratio: the median of the rounds' pgbench runs
  const raw = { tps: median(rounds.map((r) => r.pgbenchTps)) };
  const rawReadModel = await pgbench(url, dataset.citizens, o.pgbenchClients, o.duration, 'readModel', day);
  const max = figures['max'] as ClosedLoopResult;
  const fixed = figures['fixedRate'] as PacedLoadResult;
  const ratio = median(rounds.map((r) => r.ratio));
  const floorMax = (figures['rawHttpFloor'] as ClosedLoopResult).requestsPerSecond;
  const headline = headlineOf(max.requestsPerSecond, floorMax, ratio, raw.tps);
  console.log(
    JSON.stringify(
      {
        headline,
        dataset: {
          database: dataset.database,
          seed: dataset.seed,
          citizens: dataset.citizens,
          indexShare: dataset.indexShare,
        },
        migrationsApplied: applied.map((m) => m.name),
        postgres,
        sampleCitizens: o.sample,
        loadTool: o.loadTool,
        encoding: o.encoding,
        apiEnv: o.apiEnv,
        pinned: o.pin,
        ...figures,
        storedAnswersBeforeRun: storedBefore,
        raw: {
          pgbenchClients: o.pgbenchClients,
          statement: "the API's own (stored answer, else read model)",
          medianTps: raw.tps,
          roundsTps: rounds.map((r) => r.pgbenchTps),
        },
        rawReadModelOnly: { tps: rawReadModel.tps, latencyAvgMs: rawReadModel.latencyAvgMs },
        // the median of the rounds' ratios (each round's maximum against the pgbench run right after it)
        ratioApiToRaw: ratio,
        ratioApiToRawHttpFloor: headline.ratioApiToRawHttpFloor,
        // how near the raw ceiling an HTTP service with nothing but the statement gets on this machine
        ratioRawHttpFloorToRaw: Number((floorMax / raw.tps).toFixed(2)),
        targets: {
          'max ≥ 2000 requests/s': max.requestsPerSecond >= 2000,
          [`p99 ≤ 20 ms at ${o.rate}/s`]:
            fixed.p99Ms <= 20 && fixed.non2xx === 0 && fixed.errors === 0 && fixed.achievedPerSecond >= o.rate * 0.98,
          'ratio ≥ 0.5': ratio >= 0.5,
        },
        cpuProfile: profDir ?? null,
      },
      null,
      2,
    ),
  );
  // the headline once more as one line, on stderr so that stdout stays one JSON document
  console.error(headline.text);
}

/**
 * The headline of a run: the API's maximum against the raw HTTP floor (node:http with the same
 * statement, measured in the same run), beside the ratio to the raw SQL ceiling (pgbench of the
 * statement alone, the median of the rounds' ratios).
 */
function headlineOf(
  apiPerSecond: number,
  floorPerSecond: number,
  ratioToRawSql: number,
  rawSqlTps: number,
): { ratioApiToRawHttpFloor: number; ratioApiToRaw: number; text: string } {
  const ratioApiToRawHttpFloor = floorPerSecond > 0 ? Number((apiPerSecond / floorPerSecond).toFixed(2)) : 0;
  const perSecond = (n: number): string => Math.round(n).toLocaleString('en-US');
  return {
    ratioApiToRawHttpFloor,
    ratioApiToRaw: ratioToRawSql,
    text:
      `overview: ${perSecond(apiPerSecond)} calls/s = ${ratioApiToRawHttpFloor.toFixed(2)} × the raw HTTP floor ` +
      `(node:http + the same statement, ${perSecond(floorPerSecond)}/s, same run); ` +
      `${ratioToRawSql.toFixed(2)} × the raw SQL ceiling (pgbench, ${perSecond(rawSqlTps)} tps)`,
  };
}

let releaseLock: (() => void) | undefined;
try {
  releaseLock = takeLock();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
main()
  .then(() => releaseLock?.())
  .catch((e: unknown) => {
    releaseLock?.();
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
