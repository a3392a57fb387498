import { aParty, aSag, aSyntheticCpr, danishDay } from '@overblik/domain';
import { OverviewAnswerRepository, OverviewReadRepository } from '@overblik/persistence';
import { loadConfig } from '@overblik/platform';
import {
  createTestDatabase,
  seedCitizenOverview,
  seedTestReference,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
} from '@overblik/testing';
import { workerConfigSchema } from '../worker.config';
import { AnswerPrerenderService, PRERENDER_LOCK } from './answer-prerender.service';

let db: TestDatabase;
const owned = {
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
};
const service = (batch = 2) =>
  new AnswerPrerenderService(
    db.dataSource,
    new OverviewAnswerRepository(db.dataSource),
    new OverviewReadRepository(db.dataSource),
    loadConfig(
      workerConfigSchema,
      testEnv(db, { OVERVIEW_PRERENDER_INTERVAL_MS: '0', OVERVIEW_PRERENDER_BATCH: String(batch) }),
    ),
  );
const valid = async () => {
  const version = await new OverviewReadRepository(db.dataSource).configurationVersion();
  return new OverviewAnswerRepository(db.dataSource).coverage(version, danishDay());
};

beforeAll(async () => {
  db = await createTestDatabase({ migrate: true });
  await seedTestReference(db.dataSource);
  for (const seed of [901, 902, 903, 904, 905]) {
    await seedCitizenOverview(db.dataSource, {
      cpr: aSyntheticCpr(seed),
      sager: [aSag({ primaerPart: aParty({ cprSeed: seed }), ...owned })],
    });
  }
});
afterAll(() => db?.drop());

describe('the worker keeps stored overview answers rendered', () => {
  it('renders every stale answer once, and again only when the configuration moves', async () => {
    const worker = service();
    expect(await valid()).toEqual({ valid: 0, citizens: 5 });
    expect(await worker.check()).toMatchObject({ rendered: 5, complete: true });
    expect(await valid()).toEqual({ valid: 5, citizens: 5 });
    expect(await worker.check()).toBe('current');
    // a municipality's name is configuration: every stored answer is stale under the new version
    await db.dataSource.query(`update municipality set name = name || ' ' where cvr = $1`, [TEST_MUNICIPALITY.cvr]);
    expect(await valid()).toEqual({ valid: 0, citizens: 5 });
    expect(await worker.check()).toMatchObject({ rendered: 5, complete: true });
    expect(await valid()).toEqual({ valid: 5, citizens: 5 });
  });

  it('renders for the new day when the day moves', async () => {
    const worker = service();
    await worker.check();
    const tomorrow = new Date(Date.now() + 86_400_000);
    const result = await worker.check(tomorrow);
    expect(result).toMatchObject({ day: danishDay(tomorrow), complete: true });
  });

  it('runs one pass at a time across processes', async () => {
    await db.dataSource.query(`update municipality set name = name || ' ' where cvr = $1`, [TEST_MUNICIPALITY.cvr]);
    const other = db.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.query('select pg_advisory_lock(hashtext($1))', [PRERENDER_LOCK]);
      expect(await service().check()).toBe('busy');
      expect(await valid()).toEqual({ valid: 0, citizens: 5 });
      await other.query('select pg_advisory_unlock(hashtext($1))', [PRERENDER_LOCK]);
    } finally {
      await other.release();
    }
    const [a, b] = [service(), service()];
    const results = await Promise.all([a.check(), b.check()]);
    expect(results.filter((r) => r === 'busy')).toHaveLength(1);
    expect(await valid()).toEqual({ valid: 5, citizens: 5 });
  });

  it('stops after the current round on shutdown, leaving only whole rounds stored', async () => {
    await db.dataSource.query(`update municipality set name = name || ' ' where cvr = $1`, [TEST_MUNICIPALITY.cvr]);
    const worker = service(1);
    const pass = worker.check();
    await worker.onApplicationShutdown();
    const result = await pass;
    expect(result).toMatchObject({ complete: false });
    const rendered = (result as { rendered: number }).rendered;
    expect(rendered).toBeLessThan(5);
    expect(await valid()).toEqual({ valid: rendered, citizens: 5 });
    expect(await worker.check()).toBe('busy'); // a stopping worker starts nothing new
  });
});
