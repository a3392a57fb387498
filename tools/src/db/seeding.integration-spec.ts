import { DataSource } from 'typeorm';
import { generateDevKeyPair } from '@overblik/platform';
import {
  type AppProcess,
  createTestDatabase,
  createTestRedis,
  freePort,
  startApp,
  testEnv,
  type TestDatabase,
  type TestRedis,
} from '@overblik/testing';
import { DEFAULT_AS_OF, generateCitizen } from '../generator/citizen.generator';
import { DEMO_SCOPE } from '../generator/national-reference';
import { seedNationalReference } from '../generator/national-reference.seed';
import { compareOutcomes, deliverAndWait } from '../generator/worker-parity.cli';
import { seedDemo } from './seed-demo';

jest.setTimeout(240_000);

type Order = 'demo, then national' | 'national, then demo';
const ORDERS: Order[] = ['demo, then national', 'national, then demo'];

const demo = (db: TestDatabase) => seedDemo(db.url);
const national = async (db: TestDatabase) => {
  await seedNationalReference(db.dataSource);
};

/** What the seeds own, as rows that can be compared across databases. */
async function seededState(ds: DataSource): Promise<Record<string, unknown>> {
  const q = (sql: string) => ds.query(sql);
  return {
    current: await q('select version, source, node_count from kle_catalogue_version where is_current'),
    versions: await q('select version, is_current from kle_catalogue_version order by version'),
    nodes: await q(
      'select count(*)::int as n from kle_node n join kle_catalogue_version v on v.version = n.version and v.is_current',
    ),
    municipalities: await q('select cvr, name from municipality order by cvr'),
    fagsystems: await q('select id, vendor, product, version, category from fagsystem order by id'),
    connections: await q(
      'select municipality_cvr, fagsystem_id, status from fagsystem_connection order by municipality_cvr, fagsystem_id',
    ),
    configs: await q(
      `select municipality_cvr, kle, shown, fra_dato::text, active_case_override, title_source, document_titles,
              selfservice_url, borgerdk_url from kle_config order by municipality_cvr, kle`,
    ),
    filters: await q('select * from kle_config_fagsystem order by municipality_cvr, kle, fagsystem_id'),
    contactPoints: await q(
      'select municipality_cvr, kle, type, value, label from kle_contact_point order by 1, 2, 3, 4',
    ),
    words: await q('select municipality_cvr, word from safety_word order by 1, 2'),
  };
}

async function seedIn(order: Order, db: TestDatabase): Promise<void> {
  const steps = order === 'demo, then national' ? [demo, national] : [national, demo];
  for (const step of steps) await step(db);
}

describe('the demo seed and the generator national seed', () => {
  const dbs = new Map<Order, TestDatabase>();

  beforeAll(async () => {
    for (const order of ORDERS) {
      const db = await createTestDatabase();
      dbs.set(order, db);
      await seedIn(order, db);
    }
  }, 120_000);
  afterAll(async () => {
    for (const db of dbs.values()) await db.drop();
  });

  it.each(ORDERS)('leave a current KLE catalogue when run %s', async (order) => {
    const state = await seededState((dbs.get(order) as TestDatabase).dataSource);
    expect(state['current']).toEqual([
      { version: expect.any(String), source: 'overblik labour-market seed', node_count: expect.any(Number) },
    ]);
    expect((state['nodes'] as Array<{ n: number }>)[0]?.n).toBeGreaterThan(0);
  });

  it('leave the same reference data and configuration whichever runs first', async () => {
    const [first, second] = await Promise.all(ORDERS.map((o) => seededState((dbs.get(o) as TestDatabase).dataSource)));
    expect(second).toEqual(first);
  });

  it.each(ORDERS)('change nothing when run again (%s, then both again in the other order)', async (order) => {
    const db = dbs.get(order) as TestDatabase;
    const before = await seededState(db.dataSource);
    await seedIn(order === 'demo, then national' ? 'national, then demo' : 'demo, then national', db);
    expect(await seededState(db.dataSource)).toEqual(before);
  });
});

describe.each(ORDERS)('a generated citizen delivered after seeding %s', (order) => {
  let db: TestDatabase;
  let redis: TestRedis;
  let apps: AppProcess[] = [];
  let api: string;
  let keys: Awaited<ReturnType<typeof generateDevKeyPair>>;

  beforeAll(async () => {
    [db, redis, keys] = await Promise.all([createTestDatabase(), createTestRedis(), generateDevKeyPair('seeding')]);
    await seedIn(order, db);
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const env = testEnv(db, {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      VENDOR_JWKS: keys.jwks,
      ORCHESTRATION_JWKS: keys.jwks,
      API_PORT: String(apiPort),
      WORKER_PORT: String(workerPort),
      SWEEP_INTERVAL_MS: '500',
      OVERVIEW_PRERENDER_INTERVAL_MS: '0',
    });
    apps = await Promise.all([startApp('api', env), startApp('worker', env)]);
    api = `http://127.0.0.1:${apiPort}`;
  }, 150_000);
  afterAll(async () => {
    await Promise.all(
      apps.map((p) =>
        Promise.race([p.stop(), new Promise<void>((r) => setTimeout(r, 15_000).unref()).then(() => p.kill())]),
      ),
    );
    await redis?.drop();
    await db?.drop();
  }, 60_000);

  it('is applied in a demo municipality, with no case refused KLE-UNKNOWN and no payment refused for its grant', async () => {
    const citizen = generateCitizen(0, { seed: 7, dirtyShare: 0, asOf: DEFAULT_AS_OF, municipalities: DEMO_SCOPE });
    expect(citizen.items.length).toBeGreaterThan(0);
    const { sent, outcomes } = await deliverAndWait(api, keys, [citizen], 120_000);
    const comparison = compareOutcomes(sent, outcomes);
    expect(comparison.unexpected).toEqual([]);
    expect(comparison.table).toEqual({ 'applied → applied': citizen.items.length });
  });
});
