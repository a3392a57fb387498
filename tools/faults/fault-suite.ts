// The fault suite: real api and worker processes on a PostgreSQL cluster and a Redis server of its own,
// a vendor client that retries as vendors are told to, and one fault per run: the worker killed, the api
// killed mid-batch and mid-stream, PostgreSQL crashed and started again, Redis stopped. After each run it
// counts what happened to every item the platform accepted (tally.ts).
import { aDeliveryItem, aDokument, aParty, aSag, type IndexObject } from '@overblik/domain';
import { createDataSource, ensureDatabase } from '@overblik/persistence';
import { generateDevKeyPair, mintToken } from '@overblik/platform';
import {
  type AppProcess,
  freePort,
  seedTestReference,
  startApp,
  TEST_CPR_HASH_KEY,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
} from '@overblik/testing';
import type { DataSource } from 'typeorm';
import { OwnPostgres, OwnRedis } from './own-services';
import { type AcceptedItem, type FaultTally, tallyFault } from './tally';
import { type DeliveryAnswer, VendorClient } from './vendor-client';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface SuiteSize {
  /** Batch deliveries per run, and items in each. */
  batches: number;
  itemsPerBatch: number;
  /** Lines of the streamed load. */
  streamLines: number;
  /** How long Redis stays stopped, and PostgreSQL down. */
  redisDownMs: number;
  postgresDownMs: number;
  /** How long the platform may take to apply everything after the fault. */
  settleMs: number;
}

export const FULL: SuiteSize = {
  batches: 60,
  itemsPerBatch: 50,
  streamLines: 6_000,
  redisDownMs: 30_000,
  postgresDownMs: 5_000,
  settleMs: 120_000,
};

export const SHORT: SuiteSize = {
  batches: 16,
  itemsPerBatch: 20,
  streamLines: 600,
  redisDownMs: 5_000,
  postgresDownMs: 2_000,
  settleMs: 60_000,
};

export type FaultName =
  | 'none'
  | 'worker-killed'
  | 'api-killed-batch'
  | 'api-killed-stream'
  | 'postgres-restart'
  | 'redis-stopped';
export const FAULTS: readonly FaultName[] = [
  'none',
  'worker-killed',
  'api-killed-batch',
  'api-killed-stream',
  'postgres-restart',
  'redis-stopped',
];

/** The faults that must cut requests under way: each makes the vendor client ask again. */
const CUTS_REQUESTS: readonly FaultName[] = ['api-killed-batch', 'api-killed-stream', 'postgres-restart'];

interface Platform {
  pg: OwnPostgres;
  redis: OwnRedis;
  dbUrl: string;
  db: DataSource;
  apiPort: number;
  env: Record<string, string>;
  api?: AppProcess;
  worker?: AppProcess;
  client: VendorClient;
  fagsystemToken: string;
}

const owned = {
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
};

/** Items of one run: cases and their letters for many citizens, each with a uuid and source time of its own. */
function itemsOf(run: string, count: number, offset: number): IndexObject[] {
  const out: IndexObject[] = [];
  for (let i = 0; i < count; i++) {
    const n = offset + i;
    const uuid = `${run}-${(n % 0x10000).toString(16).padStart(4, '0')}-4000-8000-${n.toString(16).padStart(12, '0')}`;
    const tidspunkt = new Date(Date.UTC(2024, 2, 1) + n * 1000).toISOString();
    const party = aParty({ cprSeed: 1 + (n % 500) });
    out.push(
      n % 3 === 2
        ? aDokument({ ...owned, uuid, tidspunkt, parter: [party] })
        : aSag({ ...owned, uuid, tidspunkt, primaerPart: party, sagsnummer: `F-${n}` }),
    );
  }
  return out;
}

async function startPlatformApps(p: Platform): Promise<void> {
  await startWorker(p);
  await startApi(p);
}

async function startApi(p: Platform): Promise<void> {
  p.api = await startApp('api', p.env, { logLevel: 'warn', readyUrl: `http://127.0.0.1:${p.apiPort}/health/live` });
}

async function startWorker(p: Platform): Promise<void> {
  const port = await freePort();
  p.worker = await startApp(
    'worker',
    { ...p.env, WORKER_PORT: String(port) },
    {
      logLevel: 'warn',
      readyUrl: `http://127.0.0.1:${port}/health/live`,
    },
  );
}

async function prepare(pg: OwnPostgres, redis: OwnRedis, fault: FaultName): Promise<Platform> {
  const dbUrl = pg.url(`f_${fault.replace(/-/g, '_')}_${Date.now().toString(36)}`);
  await ensureDatabase(dbUrl);
  const db = createDataSource({ url: dbUrl, poolSize: 3, applicationName: 'overblik-faults' });
  await db.initialize();
  await db.runMigrations();
  await seedTestReference(db);
  const keys = await generateDevKeyPair('faults');
  const apiPort = await freePort();
  const env = {
    DATABASE_URL: dbUrl,
    REDIS_URL: redis.url,
    CPR_HASH_KEY: TEST_CPR_HASH_KEY,
    VENDOR_JWKS: keys.jwks,
    ORCHESTRATION_JWKS: keys.jwks,
    API_PORT: String(apiPort),
    SWEEP_INTERVAL_MS: '500',
    SWEEP_AFTER_MS: '2000',
    SHUTDOWN_GRACE_MS: '2000',
  };
  const fagsystemToken = await mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-delivery',
    subject: TEST_FAGSYSTEM.id,
    scope: 'delivery:write',
  });
  const client = new VendorClient({
    baseUrl: () => `http://127.0.0.1:${apiPort}`,
    token: fagsystemToken,
    deadlineMs: 90_000,
  });
  return { pg, redis, dbUrl, db, apiPort, env, client, fagsystemToken };
}

/** What the vendor client saw: requests it had to send again, and the longest wait for one answer. */
interface Traffic {
  accepted: AcceptedItem[];
  retries: number;
  slowestMs: number;
}

function record(t: Traffic, objects: IndexObject[], answer: DeliveryAnswer): void {
  t.retries += answer.attempts - 1;
  t.slowestMs = Math.max(t.slowestMs, answer.slowestMs);
  if (answer.status === 202) t.accepted.push(...objects.map(identity));
}

/** Send `batches` deliveries, four at a time; `onAnswered(n)` runs after each answer (to strike a fault). */
async function sendBatches(
  p: Platform,
  run: string,
  size: SuiteSize,
  t: Traffic,
  onAnswered: (answered: number) => Promise<void> = async () => undefined,
): Promise<void> {
  let next = 0;
  let answered = 0;
  const lane = async (): Promise<void> => {
    for (;;) {
      const b = next++;
      if (b >= size.batches) return;
      const objects = itemsOf(run, size.itemsPerBatch, b * size.itemsPerBatch);
      const answer = await p.client.deliverBatch(
        objects.map((o) => aDeliveryItem(o)),
        `${run}-batch-${b}`,
      );
      record(t, objects, answer);
      answered += 1;
      await onAnswered(answered);
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
}

/** The streamed load, paced so that it takes about `seconds` and a fault can strike in its middle. */
async function sendStream(p: Platform, run: string, size: SuiteSize, t: Traffic, seconds = 4): Promise<void> {
  const objects = itemsOf(run, size.streamLines, 1_000_000);
  const linesPerChunk = 50;
  const pauseMs = Math.round((seconds * 1000) / Math.ceil(size.streamLines / linesPerChunk));
  const answer = await p.client.deliverStream(
    objects.map((o) => aDeliveryItem(o)),
    `${run}-stream`,
    linesPerChunk,
    pauseMs,
  );
  record(t, objects, answer);
}

const identity = (o: IndexObject): AcceptedItem => ({ objectId: o.uuid, tidspunkt: o.tidspunkt, kind: o.objectType });

/** How many lines of the run's stream are committed while it is still being written (0 before and after). */
async function openStreamLines(p: Platform, run: string): Promise<number> {
  try {
    const rows: Array<{ n: number }> = await p.db.query(
      `select committed_lines as n from delivery where idempotency_key = $1 and state = 'open'`,
      [`${run}-stream`],
    );
    return rows[0]?.n ?? 0;
  } catch {
    return 0;
  }
}

/** Drive the run's traffic and strike its fault; resolves when every delivery has a definite answer. */
async function runFault(p: Platform, fault: FaultName, size: SuiteSize): Promise<Traffic> {
  const run = Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
  const t: Traffic = { accepted: [], retries: 0, slowestMs: 0 };
  const third = Math.max(1, Math.floor(size.batches / 3));
  switch (fault) {
    case 'none':
      await Promise.all([sendBatches(p, run, size, t), sendStream(p, run, size, t)]);
      return t;
    case 'worker-killed': {
      let restarted: Promise<void> = Promise.resolve();
      await sendBatches(p, run, size, t, async (n) => {
        if (n !== third) return;
        await p.worker?.kill();
        restarted = sleep(1_000).then(() => startWorker(p));
      });
      await restarted;
      return t;
    }
    case 'api-killed-batch': {
      let restarted: Promise<void> = Promise.resolve();
      await sendBatches(p, run, size, t, async (n) => {
        if (n !== third) return;
        await p.api?.kill();
        restarted = sleep(1_000).then(() => startApi(p));
      });
      await restarted;
      return t;
    }
    case 'api-killed-stream': {
      const streaming = sendStream(p, run, size, t);
      const until = Date.now() + 60_000;
      while ((await openStreamLines(p, run)) < size.streamLines / 4 && Date.now() < until) await sleep(25);
      await p.api?.kill();
      await sleep(1_000);
      await startApi(p);
      await streaming;
      return t;
    }
    case 'postgres-restart': {
      const streaming = sendStream(p, run, size, t, 8);
      await sendBatches(p, run, size, t, async (n) => {
        if (n === third) await p.pg.restart(size.postgresDownMs);
      });
      await streaming;
      return t;
    }
    case 'redis-stopped': {
      let back: Promise<void> = Promise.resolve();
      await sendBatches(p, run, size, t, async (n) => {
        if (n !== third) return;
        await p.redis.stop();
        back = sleep(size.redisDownMs).then(() => p.redis.start());
      });
      await back;
      return t;
    }
  }
}

export interface FaultResult extends FaultTally {
  fault: FaultName;
  /** Requests the vendor client sent again (the fault struck while they were under way). */
  retries: number;
  /** False when a fault meant to cut requests under way found none (the run then proves nothing). */
  struck: boolean;
  /** The longest the vendor client waited for one answer, in seconds. */
  slowestAnswer: number;
  seconds: number;
}

/** Run the given faults, each on a database of its own; every process and server is stopped at the end. */
export async function runFaultSuite(
  faults: readonly FaultName[],
  size: SuiteSize,
  log: (s: string) => void = (s) => void process.stdout.write(s + '\n'),
): Promise<FaultResult[]> {
  const pg = await OwnPostgres.create();
  const redis = await OwnRedis.create();
  const results: FaultResult[] = [];
  try {
    for (const fault of faults) {
      log(`[faults] ${fault} …`);
      const started = Date.now();
      const p = await prepare(pg, redis, fault);
      try {
        await redis.flush();
        await startPlatformApps(p);
        const traffic = await runFault(p, fault, size);
        const tally = await tallyFault(p.db, traffic.accepted, size.settleMs);
        results.push({
          fault,
          retries: traffic.retries,
          struck: !CUTS_REQUESTS.includes(fault) || traffic.retries > 0,
          slowestAnswer: Math.round(traffic.slowestMs / 100) / 10,
          seconds: Math.round((Date.now() - started) / 100) / 10,
          ...tally,
        });
      } catch (e) {
        const tail = `${p.api?.output().slice(-1500) ?? ''}\n${p.worker?.output().slice(-1500) ?? ''}`;
        throw new Error(`${fault}: ${e instanceof Error ? e.message : String(e)}\n${tail}`);
      } finally {
        await p.api?.kill();
        await p.worker?.kill();
        if (p.db.isInitialized) await p.db.destroy().catch(() => undefined);
      }
    }
  } finally {
    await redis.destroy();
    await pg.destroy();
  }
  return results;
}
