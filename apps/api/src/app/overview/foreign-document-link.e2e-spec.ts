import { constants, inflateRawSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  aDeliveryItem,
  aDokument,
  aParty,
  aRemoveItem,
  aSag,
  aSyntheticCpr,
  cprKey,
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
  OTHER_FAGSYSTEM,
  seedTestReference,
  startApp,
  TEST_CPR_HASH_KEY,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
  type TestRedis,
} from '@overblik/testing';
import { apiConfigSchema } from '../api.config';
import { createApiApp } from '../api.app';

jest.setTimeout(120_000);

// Vendor A (TEST_FAGSYSTEM) holds citizen X's letter; vendor B (OTHER_FAGSYSTEM) links it on citizen Y's case.
const X = { cpr: aSyntheticCpr(601), party: aParty({ cprSeed: 601 }) };
const Y = { cpr: aSyntheticCpr(602), party: aParty({ cprSeed: 602 }) };
const A = TEST_FAGSYSTEM.id;
const B = OTHER_FAGSYSTEM.id;
const owned = (fs: string) => ({ ejer: { cvr: TEST_MUNICIPALITY.cvr }, itSystem: { master: fs, afsender: fs } });

let db: TestDatabase;
let redis: TestRedis;
let keys: DevKeyPair;
let app: INestApplication;
let worker: AppProcess;

const tokenFor = (audience: 'overblik-delivery' | 'overblik-overview', subject: string, scope: string) =>
  mintToken({ privateJwk: keys.privateJwk, issuer: 'overblik-dev', audience, subject, scope });

async function deliverAndSettle(vendor: string, items: unknown[]) {
  const bearer = await tokenFor('overblik-delivery', vendor, 'delivery:write');
  const res = await request(app.getHttpServer())
    .post('/v1/deliveries')
    .set('authorization', `Bearer ${bearer}`)
    .send({ items });
  expect(res.status).toBe(202);
  const until = Date.now() + 30_000;
  for (;;) {
    const status = await request(app.getHttpServer())
      .get(`/v1/deliveries/${res.body.deliveryId}`)
      .set('authorization', `Bearer ${bearer}`)
      .expect(200);
    if (status.body.counts.pending === 0)
      return status.body.items as Array<{ seq: number; state: string; rule: string | null; pointer: string | null }>;
    if (Date.now() > until) throw new Error(`delivery still pending: ${JSON.stringify(status.body.counts)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function overviewOf(cpr: string): Promise<OverviewResponse> {
  const bearer = await tokenFor('overblik-overview', 'mitoverblik-orchestration', 'overview:read');
  const res = await request(app.getHttpServer())
    .post('/v1/overview')
    .set('authorization', `Bearer ${bearer}`)
    .send({ cpr, formaal: 'MIT_OVERBLIK' });
  expect(res.status).toBe(200);
  return res.body as OverviewResponse;
}

/** The document titles each case of the answer shows, by case id. */
const titlesOn = (body: OverviewResponse): Record<string, string[]> =>
  Object.fromEntries(body.kommuner.flatMap((k) => k.sager.map((s) => [s.id, s.dokumenter.map((d) => d.titel)])));

/** The citizen's stored answer once it is rendered from the current read model (ADR 0003), as text. */
async function currentStoredAnswer(cpr: string): Promise<string> {
  const key = cprKey(cpr, TEST_CPR_HASH_KEY);
  const until = Date.now() + 20_000;
  for (;;) {
    const [row] = await db.dataSource.query(
      `select a.body_deflate from overview_answer a join citizen_overview o using (citizen_key)
        where a.citizen_key = $1 and a.revision = o.revision`,
      [key],
    );
    if (row)
      return inflateRawSync(row.body_deflate as Buffer, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
    if (Date.now() > until) throw new Error('no stored answer from the current read model');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const letterOfX = (name: string, titel: string): Dokument =>
  aDokument({ ...owned(A), uuid: syntheticUuid(`foreign-link:${name}`), titel, parter: [X.party] });
const caseOf = (who: typeof X, fs: string, name: string, dokumentUuid: string): Sag =>
  aSag({
    ...owned(fs),
    uuid: syntheticUuid(`foreign-link:${name}`),
    primaerPart: who.party,
    journalposter: [{ dokumentUuid }],
  });

beforeAll(async () => {
  [db, redis, keys] = await Promise.all([createTestDatabase(), createTestRedis(), generateDevKeyPair('foreign-link')]);
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
});

afterAll(async () => {
  await worker?.stop();
  await app?.close();
  await redis?.drop();
  await db?.drop();
});

describe("a vendor's case that links another citizen's letter", () => {
  it('is refused at intake when the letter is stored, and the citizen never sees its title', async () => {
    const letter = letterOfX('stored-letter', 'Afgørelse om sygedagpenge til X');
    const own = caseOf(X, A, 'stored-own-case', letter.uuid);
    expect((await deliverAndSettle(A, [aDeliveryItem(letter), aDeliveryItem(own)])).map((i) => i.state)).toEqual([
      'applied',
      'applied',
    ]);
    const foreign = caseOf(Y, B, 'stored-foreign-case', letter.uuid);
    expect(await deliverAndSettle(B, [aDeliveryItem(foreign)])).toEqual([
      expect.objectContaining({
        state: 'rejected',
        rule: 'SAG-JOURNALPOST-FOREIGN-DOKUMENT',
        pointer: '/object/journalposter/0/dokumentUuid',
      }),
    ]);
    expect(titlesOn(await overviewOf(X.cpr))[own.uuid]).toEqual([letter.titel]);
    const ofY = await overviewOf(Y.cpr);
    expect(titlesOn(ofY)[foreign.uuid]).toBeUndefined();
    expect(JSON.stringify(ofY)).not.toContain(letter.titel);
  });

  it("accepts a later case of the letter's own citizen linking the stored letter (its party stored keyed)", async () => {
    const letter = letterOfX('stored-first', 'Indkaldelse til samtale');
    expect((await deliverAndSettle(A, [aDeliveryItem(letter)])).map((i) => i.state)).toEqual(['applied']);
    const later = caseOf(X, A, 'later-own-case', letter.uuid);
    expect((await deliverAndSettle(A, [aDeliveryItem(later)])).map((i) => i.state)).toEqual(['applied']);
    expect(titlesOn(await overviewOf(X.cpr))[later.uuid]).toEqual([letter.titel]);
  });

  it('shows the case but never the letter when the letter arrives later, and a removal by its master takes it from every answer', async () => {
    // the titles are rendered as ASCII JSON in stored answers: the marker is what is searched for there
    const marker = 'brev-X-late';
    const letter = letterOfX('late-letter', `Partshøring om kontanthjælp (${marker})`);
    const foreign = caseOf(Y, B, 'late-foreign-case', letter.uuid);
    expect((await deliverAndSettle(B, [aDeliveryItem(foreign)])).map((i) => i.state)).toEqual(['applied']);
    const own = caseOf(X, A, 'late-own-case', letter.uuid);
    expect((await deliverAndSettle(A, [aDeliveryItem(letter), aDeliveryItem(own)])).map((i) => i.state)).toEqual([
      'applied',
      'applied',
    ]);

    // asked twice: the second answer may come from the stored answer
    for (let call = 0; call < 2; call++) {
      const ofY = await overviewOf(Y.cpr);
      expect(titlesOn(ofY)[foreign.uuid]).toEqual([]);
      expect(JSON.stringify(ofY)).not.toContain(letter.titel);
      expect(titlesOn(await overviewOf(X.cpr))[own.uuid]).toEqual([letter.titel]);
    }
    expect(await currentStoredAnswer(X.cpr)).toContain(marker);
    expect(await currentStoredAnswer(Y.cpr)).not.toContain(marker);

    expect(
      (await deliverAndSettle(A, [aRemoveItem({ ...letter, tidspunkt: '2024-06-01T00:00:00Z' })])).map((i) => i.state),
    ).toEqual(['applied']);
    for (const [who, sag] of [
      [X, own],
      [Y, foreign],
    ] as const) {
      const body = await overviewOf(who.cpr);
      expect(titlesOn(body)[sag.uuid]).toEqual([]);
      expect(JSON.stringify(body)).not.toContain(letter.titel);
      expect(await currentStoredAnswer(who.cpr)).not.toContain(marker);
    }
    expect(await db.dataSource.query('select 1 from dokument where id = $1', [letter.uuid])).toEqual([]);
  });
});
