import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  aBevilling,
  aDeliveryItem,
  aDokument,
  anEffektuering,
  aParty,
  aSag,
  aSyntheticCpr,
  aVirkning,
  overviewResponseSchema,
  syntheticUuid,
  type OverviewResponse,
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
import { createApiApp } from './api.app';
import { apiConfigSchema } from './api.config';

/**
 * One delivery on its whole path, as an example of how the parts meet:
 *
 *   vendor ──POST /v1/deliveries──▶ api ──inbox (PostgreSQL) + job (BullMQ on Redis)──▶ worker
 *   worker: rules → order → apply the index rows → safety net → per-citizen read model
 *   orchestration layer ──POST /v1/overview──▶ api: one read of that read model + the configuration
 *
 * The api runs in this process, the worker as its own process (as in production: apps never import each
 * other), both against one test database and one Redis key prefix. Nothing is seeded but the reference
 * data a municipality sets up (municipality, fagsystem and its connection, the KLE emne opened): every
 * row the citizen's answer is made of was written by the worker from the delivery.
 */
jest.setTimeout(120_000);

let db: TestDatabase;
let redis: TestRedis;
let keys: DevKeyPair;
let api: INestApplication;
let worker: AppProcess;

const CPR = aSyntheticCpr(901);
const citizen = aParty({ cprSeed: 901 });
const owned = {
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
};
const id = (name: string) => syntheticUuid(`delivery-to-overview:${name}`);

beforeAll(async () => {
  [db, redis, keys] = await Promise.all([createTestDatabase(), createTestRedis(), generateDevKeyPair('path')]);
  // what a municipality has set up: Testby Kommune, its fagsystem rolled out, KLE 32.24.04 opened
  await seedTestReference(db.dataSource);
  const env = testEnv(db, {
    QUEUE_PREFIX: redis.prefix,
    VENDOR_JWKS: keys.jwks,
    ORCHESTRATION_JWKS: keys.jwks,
    API_PORT: '0',
    WORKER_PORT: '0',
  });
  api = await createApiApp(loadConfig(apiConfigSchema, env));
  await api.init();
  worker = await startApp('worker', env);
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await redis?.drop();
  await db?.drop();
});

it('a case with its history, a letter, a grant and a payment, delivered by a vendor, is what the citizen sees', async () => {
  // 1. The vendor's fagsystem delivers four index records in one batch. The case has a history (created,
  //    then being handled) and a journal post linking the letter; the grant belongs to the case; the
  //    payment pays the grant.
  const sag = aSag({
    ...owned,
    uuid: id('sag'),
    primaerPart: citizen,
    fremdrift: [
      { tilstand: 'Opstaaet', virkning: aVirkning('2024-01-10T09:00:00Z') },
      { tilstand: 'Oplyst', virkning: aVirkning('2024-01-20T09:00:00Z') },
    ],
    journalposter: [{ dokumentUuid: id('brev') }],
  });
  const brev = aDokument({ ...owned, uuid: id('brev'), parter: [citizen] });
  const bevilling = aBevilling({ ...owned, uuid: id('bevilling'), sagUuid: sag.uuid, part: citizen });
  const udbetaling = anEffektuering({ ...owned, uuid: id('udbetaling'), part: citizen });
  udbetaling.linjer = udbetaling.linjer.map((l) => ({ ...l, bevillingUuid: bevilling.uuid }));
  const vendor = await mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-delivery',
    subject: TEST_FAGSYSTEM.id,
    scope: 'delivery:write',
  });
  const accepted = await request(api.getHttpServer())
    .post('/v1/deliveries')
    .set('authorization', `Bearer ${vendor}`)
    .send({ items: [sag, brev, bevilling, udbetaling].map((o) => aDeliveryItem(o)) });

  // 2. The api answers 202 once the delivery is committed to the inbox: the schema and the ownership
  //    (its fagsystem is the master, the municipality is connected) were checked before that.
  expect(accepted.status).toBe(202);
  const { deliveryId } = accepted.body as { deliveryId: string };

  // 3. The worker takes the job, runs the delivery rules and applies every item; the vendor follows it on
  //    the delivery's status until nothing is pending.
  let status: { counts: Record<string, number>; items: Array<{ objectId: string; state: string }> };
  const until = Date.now() + 60_000;
  for (;;) {
    const res = await request(api.getHttpServer())
      .get(`/v1/deliveries/${deliveryId}`)
      .set('authorization', `Bearer ${vendor}`)
      .expect(200);
    status = res.body;
    if (status.counts['pending'] === 0) break;
    if (Date.now() > until) throw new Error(`still pending: ${JSON.stringify(status.counts)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(status.counts).toMatchObject({ applied: 4, rejected: 0, held: 0, stale: 0 });

  // 4. The orchestration layer asks for the citizen, the CPR number in the body. The answer is read from
  //    the read model the worker projected, through the display rules and the municipality's configuration.
  const orchestration = await mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-overview',
    subject: 'mitoverblik-orchestration',
    scope: 'overview:read',
  });
  const res = await request(api.getHttpServer())
    .post('/v1/overview')
    .set('authorization', `Bearer ${orchestration}`)
    .send({ cpr: CPR, formaal: 'MIT_OVERBLIK' });
  expect(res.status).toBe(200);
  expect(overviewResponseSchema.safeParse(res.body).error).toBeUndefined();
  const answer = res.body as OverviewResponse;

  // 5. What the citizen sees: one municipality, the case under the KLE emne's citizen-facing title, its
  //    status and timeline from the history, the letter on it, the grant with its benefit and the payment.
  expect(answer.kommuner.map((k) => k.cvr)).toEqual([TEST_MUNICIPALITY.cvr]);
  const kommune = answer.kommuner[0]!;
  expect(kommune.sager).toHaveLength(1);
  expect(kommune.sager[0]).toMatchObject({
    id: sag.uuid,
    titel: 'Hjælp til forsørgelse (kontanthjælp mv.)',
    status: { kode: 2, tekst: 'Behandles' },
    statusforloeb: [
      { kode: 1, tekst: 'Oprettet' },
      { kode: 2, tekst: 'Behandles' },
    ],
    behandlesAf: { type: 'KOMMUNE', navn: TEST_MUNICIPALITY.name },
    dokumenter: [{ id: brev.uuid, titel: brev.titel }],
  });
  expect(kommune.ydelser.bevillinger.map((b) => [b.id, b.sagId, b.ydelser.map((y) => y.navn)])).toEqual([
    [bevilling.uuid, sag.uuid, ['Kontanthjælp']],
  ]);
  expect(kommune.ydelser.udbetalinger).toMatchObject([
    { id: udbetaling.uuid, bevillingIds: [bevilling.uuid], udbetaltBeloeb: '9036.00' },
  ]);
  // the coverage names every municipality and emne the answer covers, so "no other case" means something
  const covered = answer.daekning.kommuner.find((k) => k.cvr === TEST_MUNICIPALITY.cvr);
  expect(covered?.emner.map((e) => e.kle.nummer)).toContain('32.24.04');
  // nothing the citizen must not see: the caseworker's unit, the CPR number
  expect(JSON.stringify(answer)).not.toContain('urn:oio:org-enhed');
  expect(JSON.stringify(answer)).not.toContain(CPR);
});
