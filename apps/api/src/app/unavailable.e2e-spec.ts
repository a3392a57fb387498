import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { aDeliveryItem, aParty, aSag, aSyntheticCpr, type Sag, syntheticUuid } from '@overblik/domain';
import { generateDevKeyPair, loadConfig, mintToken, type DevKeyPair } from '@overblik/platform';
import {
  type AppProcess,
  createTestDatabase,
  createTestRedis,
  expectDatabaseUnavailable,
  seedCitizenOverview,
  seedTestReference,
  startApp,
  startTcpProxy,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  TEST_REDIS_URL,
  type TcpProxy,
  testEnv,
  type TestDatabase,
  type TestRedis,
} from '@overblik/testing';
import { apiConfigSchema } from './api.config';
import { createApiApp } from './api.app';

/**
 * The API while PostgreSQL or Redis is down. Both sit behind a TCP proxy in this test; cutting the proxy
 * (listener closed, every connection destroyed) is the outage, the shared servers are never touched.
 */
jest.setTimeout(120_000);

const CITIZEN_SEED = 4242;
const ENQUEUE_TIMEOUT_MS = 800;

let db: TestDatabase;
let redis: TestRedis;
let keys: DevKeyPair;
let pg: TcpProxy;
let queue: TcpProxy;
let app: INestApplication;
let worker: AppProcess | undefined;
let vendorToken: string;
let overviewToken: string;

const owned = {
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
};
let caseNumber = 0;
const aCase = (): Sag =>
  aSag({ ...owned, uuid: syntheticUuid(`unavailable:${Date.now()}:${++caseNumber}`), primaerPart: aParty() });

const deliver = (items: unknown[]) =>
  request(app.getHttpServer())
    .post('/v1/deliveries')
    .set('authorization', `Bearer ${vendorToken}`)
    .timeout(10_000)
    .send({ items });

const askOverview = () =>
  request(app.getHttpServer())
    .post('/v1/overview')
    .set('authorization', `Bearer ${overviewToken}`)
    .timeout(10_000)
    .send({ cpr: aSyntheticCpr(CITIZEN_SEED), formaal: 'MIT_OVERBLIK' });

const itemStates = async (deliveryId: string): Promise<string[]> =>
  (
    (await db.dataSource.query('select state from delivery_item where delivery_id = $1 order by seq', [
      deliveryId,
    ])) as Array<{ state: string }>
  ).map((r) => r.state);

async function until<T>(what: string, probe: () => Promise<T | undefined>, withinMs = 45_000): Promise<T> {
  const end = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what} did not happen within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  [db, redis, keys] = await Promise.all([createTestDatabase(), createTestRedis(), generateDevKeyPair('unavailable')]);
  await seedTestReference(db.dataSource);
  await seedCitizenOverview(db.dataSource, { cpr: aSyntheticCpr(CITIZEN_SEED), sager: [aCase()] });
  const pgTarget = new URL(db.url);
  const redisTarget = new URL(TEST_REDIS_URL);
  [pg, queue] = await Promise.all([
    startTcpProxy({ host: pgTarget.hostname, port: Number(pgTarget.port || 5432) }),
    startTcpProxy({ host: redisTarget.hostname, port: Number(redisTarget.port || 6379) }),
  ]);
  const env = testEnv(db, {
    DATABASE_URL: pg.urlFor(db.url),
    REDIS_URL: queue.urlFor(TEST_REDIS_URL),
    QUEUE_PREFIX: redis.prefix,
    VENDOR_JWKS: keys.jwks,
    ORCHESTRATION_JWKS: keys.jwks,
    ENQUEUE_TIMEOUT_MS: String(ENQUEUE_TIMEOUT_MS),
    API_PORT: '0',
  });
  app = await createApiApp(loadConfig(apiConfigSchema, env));
  await app.init();
  // the worker reaches PostgreSQL directly and Redis through the same proxy as the API
  worker = await startApp('worker', {
    ...env,
    DATABASE_URL: db.url,
    WORKER_PORT: '0',
    SWEEP_INTERVAL_MS: '500',
    SWEEP_AFTER_MS: '1500',
    OVERVIEW_PRERENDER_INTERVAL_MS: '0',
  });
  vendorToken = await mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-delivery',
    subject: TEST_FAGSYSTEM.id,
    scope: 'delivery:write',
  });
  overviewToken = await mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-overview',
    subject: 'mitoverblik-orchestration',
    scope: 'overview:read',
  });
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await pg?.restore();
  await queue?.restore();
  await app?.close();
  await Promise.all([pg?.close(), queue?.close()]);
  await redis?.drop();
  await db?.drop();
}, 60_000);

describe('while PostgreSQL is down', () => {
  afterEach(() => pg.restore());

  it('answers deliveries, their status and the overview with 503 problem+json and Retry-After, and recovers', async () => {
    expect((await deliver([aDeliveryItem(aCase())])).status).toBe(202);
    expect((await askOverview()).status).toBe(200);
    // the API's connections go through the proxy, so cutting it is the outage
    expect(pg.connections).toBeGreaterThan(0);

    await pg.cut();
    const refused = await deliver([aDeliveryItem(aCase())]);
    expectDatabaseUnavailable(refused);
    expectDatabaseUnavailable(
      await request(app.getHttpServer())
        .get(`/v1/deliveries/${syntheticUuid('unavailable:status')}`)
        .set('authorization', `Bearer ${vendorToken}`)
        .timeout(10_000),
    );
    expectDatabaseUnavailable(await askOverview());

    await pg.restore();
    const accepted = await deliver([aDeliveryItem(aCase())]);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ itemCount: 1, state: 'complete' });
    const overview = await askOverview();
    expect(overview.status).toBe(200);
    expect(overview.headers['content-type']).toMatch(/^application\/json/);
  });
});

describe('while Redis is down', () => {
  afterEach(() => queue.restore());

  const applied = (deliveryId: string) =>
    until(`the items of delivery ${deliveryId} applied`, async () => {
      const s = await itemStates(deliveryId);
      return s.length && s.every((x) => x === 'applied') ? s : undefined;
    });

  it('gives up on a Redis that takes the enqueue and never answers after ENQUEUE_TIMEOUT_MS, and accepts the delivery', async () => {
    queue.stall();
    const started = Date.now();
    const res = await deliver([aDeliveryItem(aCase())]);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(202);
    // the producer was connected, so only the timeout can have ended the wait
    expect(elapsed).toBeGreaterThanOrEqual(ENQUEUE_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(3000);
    const deliveryId = res.body.deliveryId as string;
    expect(await itemStates(deliveryId)).toEqual(['pending']);

    await queue.restore();
    expect(await applied(deliveryId)).toEqual(['applied']);
  });

  it('accepts a delivery into the inbox within a bounded time, and the sweeper has it applied once Redis is back', async () => {
    await queue.cut();
    const started = Date.now();
    const res = await deliver([aDeliveryItem(aCase()), aDeliveryItem(aCase())]);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(202);
    expect(elapsed).toBeLessThan(3000);
    expect(res.body).toMatchObject({ itemCount: 2, state: 'complete' });
    const deliveryId = res.body.deliveryId as string;
    expect(await itemStates(deliveryId)).toEqual(['pending', 'pending']);

    // still down well past SWEEP_AFTER_MS: the sweeper cannot enqueue, nothing is applied or lost
    await new Promise((r) => setTimeout(r, 2500));
    expect(await itemStates(deliveryId)).toEqual(['pending', 'pending']);

    await queue.restore();
    expect(await applied(deliveryId)).toEqual(['applied', 'applied']);
  });

  it('accepts an NDJSON stream within a bounded time as well', async () => {
    await queue.cut();
    const started = Date.now();
    const res = await request(app.getHttpServer())
      .post('/v1/deliveries/stream')
      .set('authorization', `Bearer ${vendorToken}`)
      .set('content-type', 'application/x-ndjson')
      .timeout(10_000)
      .send(`${JSON.stringify(aDeliveryItem(aCase()))}\n`);
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(3000);
    const deliveryId = res.body.deliveryId as string;
    expect(await itemStates(deliveryId)).toEqual(['pending']);

    await queue.restore();
    expect(await applied(deliveryId)).toEqual(['applied']);
  });
});
