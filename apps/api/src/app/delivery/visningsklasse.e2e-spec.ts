import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  aDokument,
  aParty,
  aSag,
  aSyntheticCpr,
  type Dokument,
  type OverviewResponse,
  type Sag,
  syntheticUuid,
} from '@overblik/domain';
import { generateDevKeyPair, loadConfig, mintToken, type DevKeyPair } from '@overblik/platform';
import {
  type AppProcess,
  createTestDatabase,
  createTestRedis,
  seedTestReference,
  startApp,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
  type TestRedis,
} from '@overblik/testing';
import { apiConfigSchema } from '../api.config';
import { createApiApp } from '../api.app';

jest.setTimeout(120_000);

let db: TestDatabase;
let redis: TestRedis;
let keys: DevKeyPair;
let app: INestApplication;
let worker: AppProcess;
let vendor: string;
let orchestration: string;

const CPR_SEED = 610;
const party = aParty({ cprSeed: CPR_SEED });
const owned = {
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
};
const id = (name: string): string => syntheticUuid(`e2e:visningsklasse:${name}`);
const sag = (name: string, o: Partial<Sag> = {}): Sag => aSag({ ...owned, uuid: id(name), primaerPart: party, ...o });
const letter = (name: string, o: Partial<Dokument> = {}): Dokument =>
  aDokument({ ...owned, uuid: id(name), parter: [party], titel: `Brev ${name}`, ...o });
/** An object with its visningsklasser as a vendor sent them (spellings the typed objects do not allow). */
const spelt = (object: Sag | Dokument, visningsklasser: unknown[]) => ({
  operation: 'import',
  object: { ...object, visningsklasser },
});

function deliver(items: unknown[]) {
  return request(app.getHttpServer()).post('/v1/deliveries').set('authorization', `Bearer ${vendor}`).send({ items });
}

async function settled(deliveryId: string): Promise<{ counts: Record<string, number> }> {
  const until = Date.now() + 30_000;
  for (;;) {
    const res = await request(app.getHttpServer())
      .get(`/v1/deliveries/${deliveryId}`)
      .set('authorization', `Bearer ${vendor}`)
      .expect(200);
    if (res.body.counts.pending === 0) return res.body;
    if (Date.now() > until) throw new Error(`delivery ${deliveryId} still pending`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const overview = () =>
  request(app.getHttpServer())
    .post('/v1/overview')
    .set('authorization', `Bearer ${orchestration}`)
    .send({ cpr: aSyntheticCpr(CPR_SEED), formaal: 'MIT_OVERBLIK' });

beforeAll(async () => {
  [db, redis, keys] = await Promise.all([createTestDatabase(), createTestRedis(), generateDevKeyPair('e2e-vk')]);
  await seedTestReference(db.dataSource);
  const env = testEnv(db, {
    QUEUE_PREFIX: redis.prefix,
    VENDOR_JWKS: keys.jwks,
    ORCHESTRATION_JWKS: keys.jwks,
    SWEEP_INTERVAL_MS: '500',
    SWEEP_AFTER_MS: '2000',
    API_PORT: '0',
    WORKER_PORT: '0',
  });
  app = await createApiApp(loadConfig(apiConfigSchema, env));
  await app.init();
  worker = await startApp('worker', env);
  const mint = (audience: string, subject: string, scope: string) =>
    mintToken({ privateJwk: keys.privateJwk, issuer: 'overblik-dev', audience, subject, scope });
  [vendor, orchestration] = await Promise.all([
    mint('overblik-delivery', TEST_FAGSYSTEM.id, 'delivery:write'),
    mint('overblik-overview', 'mitoverblik-orchestration', 'overview:read'),
  ]);
});

afterAll(async () => {
  await worker?.stop();
  await app?.close();
  await redis?.drop();
  await db?.drop();
});

describe('Visningsklasse "undtaget for borger" as vendors spell it, through intake, worker and overview', () => {
  const since = { fra: '2024-01-20T09:00:00Z' };

  it('hides a case sent with the title spelling, and its documents; keeps the code in the index', async () => {
    const items = [
      // a shown case with a shown letter and a letter exempted in a hyphenated spelling
      spelt(letter('exempt-letter'), [{ kode: 'Undtaget-for-borger', virkning: since }]),
      { operation: 'import', object: letter('shown-letter') },
      {
        operation: 'import',
        object: sag('shown', {
          journalposter: [{ dokumentUuid: id('shown-letter') }, { dokumentUuid: id('exempt-letter') }],
        }),
      },
      // the case exempted by the standard's title, with a letter that goes with it
      { operation: 'import', object: letter('letter-of-exempt-case') },
      spelt(sag('exempt', { journalposter: [{ dokumentUuid: id('letter-of-exempt-case') }] }), [
        { titel: 'Visning undtaget for borger', virkning: since },
      ]),
      // exemptions that do not apply today: one that has ended, one that starts in years
      spelt(sag('ended'), [{ kode: 'undtaget for borger', virkning: { fra: since.fra, til: '2024-02-01T00:00:00Z' } }]),
      spelt(sag('later'), [{ kode: 'UNDTAGET_FOR_BORGER', virkning: { fra: '2099-01-01T00:00:00Z' } }]),
    ];
    const res = await deliver(items);
    expect(res.status).toBe(202);
    expect((await settled(res.body.deliveryId)).counts).toMatchObject({ applied: items.length, rejected: 0 });

    const answer = await overview();
    expect(answer.status).toBe(200);
    const body = answer.body as OverviewResponse;
    const sager = body.kommuner.flatMap((k) => k.sager);
    expect(sager.map((s) => s.id).sort()).toEqual([id('ended'), id('later'), id('shown')].sort());
    expect(sager.find((s) => s.id === id('shown'))?.dokumenter.map((d) => d.id)).toEqual([id('shown-letter')]);
    const text = JSON.stringify(body);
    for (const hidden of ['exempt', 'exempt-letter', 'letter-of-exempt-case']) expect(text).not.toContain(id(hidden));
    expect(text).not.toContain('Brev exempt');

    const stored = await db.dataSource.query(
      `select id::text, body->'visningsklasser' as klasser from sag where id = $1
       union all select id::text, body->'visningsklasser' from dokument where id = $2`,
      [id('exempt'), id('exempt-letter')],
    );
    expect(stored).toEqual([
      { id: id('exempt'), klasser: [{ kode: 'UNDTAGET_FOR_BORGER', virkning: since }] },
      { id: id('exempt-letter'), klasser: [{ kode: 'UNDTAGET_FOR_BORGER', virkning: since }] },
    ]);
  });

  it('refuses a visningsklasse it does not know with the rule and the field, and stores nothing', async () => {
    const before = await db.dataSource.query('select count(*)::int as n from delivery');
    const res = await deliver([
      { operation: 'import', object: sag('fine') },
      spelt(sag('unknown'), [{ kode: 'SKJULT_FOR_BORGER', virkning: since }]),
    ]);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.violations).toEqual([
      {
        rule: 'VISNINGSKLASSE-UNKNOWN',
        pointer: '/items/1/object/visningsklasser/0/kode',
        message: 'unknown visningsklasse; expected one of UNDTAGET_FOR_BORGER ("Visning undtaget for borger")',
      },
    ]);
    expect(await db.dataSource.query('select count(*)::int as n from delivery')).toEqual(before);
  });
});
