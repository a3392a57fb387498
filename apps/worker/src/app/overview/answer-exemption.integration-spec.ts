import { aParty, aSag, aSyntheticCpr, addDays, danishDay, UNDTAGET_FOR_BORGER } from '@overblik/domain';
import { loadConfig } from '@overblik/platform';
import { OverviewAnswerRepository, OverviewReadRepository } from '@overblik/persistence';
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
import { AnswerPrerenderService } from './answer-prerender.service';

let db: TestDatabase;
const HOUR = 3_600_000;
const owned = {
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
};

beforeAll(async () => {
  db = await createTestDatabase({ migrate: true });
  await seedTestReference(db.dataSource);
});
afterAll(() => db?.drop());

const stored = async (citizenKey: string) => {
  const [row] = await db.dataSource.query(
    `select revision::text, valid_from::text, valid_until::text, record_ids from overview_answer where citizen_key = $1`,
    [citizenKey],
  );
  return row as { revision: string; valid_from: string; valid_until: string; record_ids: string[] };
};

describe('stored answers follow an exemption "undtaget for borger" without a re-delivery', () => {
  it('keeps a case hidden until its exemption ends, then the day pass stores an answer that shows it', async () => {
    const now = Date.now();
    const ends = new Date(now + 48 * HOUR);
    const shownFrom = addDays(danishDay(new Date(ends.getTime() - 1)), 1);
    const sag = aSag({
      ...owned,
      primaerPart: aParty({ cprSeed: 911 }),
      visningsklasser: [
        { kode: UNDTAGET_FOR_BORGER, virkning: { fra: '2024-01-15T09:00:00Z', til: ends.toISOString() } },
      ],
    });
    const key = await seedCitizenOverview(db.dataSource, { cpr: aSyntheticCpr(911), sager: [sag] });
    const worker = new AnswerPrerenderService(
      db.dataSource,
      new OverviewAnswerRepository(db.dataSource),
      new OverviewReadRepository(db.dataSource),
      loadConfig(workerConfigSchema, testEnv(db, { OVERVIEW_PRERENDER_INTERVAL_MS: '0' })),
    );

    expect(await worker.check(new Date(now))).toMatchObject({ complete: true });
    const hidden = await stored(key);
    expect(hidden).toMatchObject({ valid_from: danishDay(new Date(now)), valid_until: shownFrom, record_ids: [] });

    // a day after the exemption's last day: the same read model, no delivery in between
    const later = new Date(ends.getTime() + 30 * HOUR);
    expect(await worker.check(later)).toMatchObject({ complete: true });
    const shown = await stored(key);
    expect(shown).toMatchObject({ revision: hidden.revision, valid_from: danishDay(later), record_ids: [sag.uuid] });
  });

  it('stores an answer that holds only until an exemption ahead starts, and hides the case from that day', async () => {
    const now = Date.now();
    const starts = new Date(now + 48 * HOUR);
    const sag = aSag({
      ...owned,
      primaerPart: aParty({ cprSeed: 912 }),
      visningsklasser: [{ kode: UNDTAGET_FOR_BORGER, virkning: { fra: starts.toISOString() } }],
    });
    const key = await seedCitizenOverview(db.dataSource, { cpr: aSyntheticCpr(912), sager: [sag] });
    const worker = new AnswerPrerenderService(
      db.dataSource,
      new OverviewAnswerRepository(db.dataSource),
      new OverviewReadRepository(db.dataSource),
      loadConfig(workerConfigSchema, testEnv(db, { OVERVIEW_PRERENDER_INTERVAL_MS: '0' })),
    );

    expect(await worker.check(new Date(now))).toMatchObject({ complete: true });
    expect(await stored(key)).toMatchObject({ valid_until: danishDay(starts), record_ids: [sag.uuid] });
    expect(await worker.check(starts)).toMatchObject({ complete: true });
    expect(await stored(key)).toMatchObject({ valid_from: danishDay(starts), record_ids: [] });
  });
});
