import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { aSag, aSyntheticCpr, buildOverview, cprKey, danishDay, projectCitizenOverview } from '@overblik/domain';
import { DisplayConfigurationCache } from '@overblik/overview-answer';
import { OverviewReadRepository } from '@overblik/persistence';
import { generateDevKeyPair, loadConfig, mintToken, type DevKeyPair } from '@overblik/platform';
import {
  createTestDatabase,
  OTHER_MUNICIPALITY,
  seedTestReference,
  TEST_CPR_HASH_KEY,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
} from '@overblik/testing';
import { adminConfigSchema } from '../admin.config';
import { createAdminApp } from '../admin.app';

let db: TestDatabase;
let keys: DevKeyPair;
let app: INestApplication;
const cpr = aSyntheticCpr(61);
const citizenKey = cprKey(cpr, TEST_CPR_HASH_KEY);
const sag = aSag({
  uuid: '6f1c0c4e-6a39-4d7e-9a57-0c1f0a7d0601',
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
});

const token = (claims: Record<string, unknown>) =>
  mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-admin',
    subject: 'admin-1',
    scope: 'admin',
    claims,
  });
const own = () => token({ role: 'MUNICIPAL_ADMIN', cvr: TEST_MUNICIPALITY.cvr });
const base = `/v1/kommuner/${TEST_MUNICIPALITY.cvr}`;

/** The overview's read path: the api's statement through persistence, the one configuration cache, the rules. */
let reads: OverviewReadRepository;
let cache: DisplayConfigurationCache;
async function overviewCaseIds(): Promise<string[]> {
  const today = danishDay(new Date());
  const stored = await reads.read(citizenKey, today);
  const config = await cache.forVersion(stored.configVersion);
  return buildOverview(stored.body, { config, today }).response.kommuner.flatMap((k) => k.sager.map((s) => s.id));
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  keys = await generateDevKeyPair('admin-noedstop-test');
  const body = projectCitizenOverview({
    sager: [{ id: sag.uuid, body: sag, links: [] }],
    dokumenter: [],
    bevillinger: [],
    effektueringer: [],
    held: [],
  });
  await db.dataSource.query('insert into citizen_overview (citizen_key, body) values ($1, $2)', [
    citizenKey,
    JSON.stringify(body),
  ]);
  reads = new OverviewReadRepository(db.dataSource);
  cache = new DisplayConfigurationCache(reads);
  app = await createAdminApp(loadConfig(adminConfigSchema, testEnv(db, { ADMIN_JWKS: keys.jwks })));
  await app.init();
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('nødstop (emergency stop): EMERGENCY-HIDDEN', () => {
  it('hides a KLE emne from the overview within one second, audited, and lifting it brings the case back', async () => {
    expect(await overviewCaseIds()).toEqual([sag.uuid]);
    const started = performance.now();
    const stop = await request(app.getHttpServer())
      .post(`${base}/noedstop`)
      .set('authorization', `Bearer ${await own()}`)
      .send({ scope: 'KLE', value: sag.primaerKlasse.kle, reason: 'forkerte data fra fagsystemet' })
      .expect(201);
    let hidden = false;
    while (!hidden && performance.now() - started < 5000) hidden = (await overviewCaseIds()).length === 0;
    const elapsed = performance.now() - started;
    expect(hidden).toBe(true);
    expect(elapsed).toBeLessThan(1000);
    process.stdout.write(`emergency stop to hidden in the overview: ${elapsed.toFixed(0)} ms\n`);

    const list = await request(app.getHttpServer())
      .get(`${base}/noedstop`)
      .set('authorization', `Bearer ${await own()}`)
      .expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: stop.body.id, scope: 'KLE', createdBy: 'admin-1', liftedAt: null }),
    ]);

    await request(app.getHttpServer())
      .post(`${base}/noedstop/${stop.body.id}/ophaev`)
      .set('authorization', `Bearer ${await own()}`)
      .send({ reason: 'rettet' })
      .expect(200);
    expect(await overviewCaseIds()).toEqual([sag.uuid]);
    const audit: Array<{ action: string; reason: string }> = await db.dataSource.query(
      `select action, reason from admin_audit where action like 'EMERGENCY%' order by id`,
    );
    expect(audit).toEqual([
      { action: 'EMERGENCY_STOP', reason: 'forkerte data fra fagsystemet' },
      { action: 'EMERGENCY_STOP_LIFTED', reason: 'rettet' },
    ]);
  });

  it('refuses a stop without a reason (EMERGENCY-STOP-INVALID), writes nothing, and another municipality', async () => {
    const bad = await request(app.getHttpServer())
      .post(`${base}/noedstop`)
      .set('authorization', `Bearer ${await own()}`)
      .send({ scope: 'FAGSYSTEM', value: TEST_FAGSYSTEM.id })
      .expect(400);
    expect(bad.body.violations).toEqual([
      expect.objectContaining({ rule: 'EMERGENCY-STOP-INVALID', pointer: '/reason' }),
    ]);
    await request(app.getHttpServer())
      .post(`/v1/kommuner/${OTHER_MUNICIPALITY.cvr}/noedstop`)
      .set('authorization', `Bearer ${await own()}`)
      .send({ scope: 'FAGSYSTEM', value: TEST_FAGSYSTEM.id, reason: 'x' })
      .expect(403);
    const [{ n }] = await db.dataSource.query('select count(*)::int as n from emergency_hide where lifted_at is null');
    expect(n).toBe(0);
  });
});

describe('vis som borger (citizen view)', () => {
  it('answers what the overview returns and why, with the CPR number in the body and only its hash audited', async () => {
    const res = await request(app.getHttpServer())
      .post(`${base}/vis-som-borger`)
      .set('authorization', `Bearer ${await own()}`)
      .send({ cpr })
      .expect(200);
    expect(res.body.answer.kommuner[0].sager.map((s: { id: string }) => s.id)).toEqual([sag.uuid]);
    expect(res.body.explanations).toEqual([expect.objectContaining({ objectType: 'sag', id: sag.uuid, vises: true })]);
    const audit: Array<{ target: string }> = await db.dataSource.query(
      `select target from admin_audit where action = 'CITIZEN_VIEWED'`,
    );
    expect(audit).toEqual([{ target: citizenKey }]);
    expect(JSON.stringify(audit)).not.toContain(cpr);
  });

  it('explains a stopped case with EMERGENCY-HIDDEN in Danish', async () => {
    const stop = await request(app.getHttpServer())
      .post(`${base}/noedstop`)
      .set('authorization', `Bearer ${await token({ role: 'OPERATOR' })}`)
      .send({ scope: 'RECORD', value: sag.uuid, reason: 'en enkelt sag med fejl' })
      .expect(201);
    const res = await request(app.getHttpServer())
      .post(`${base}/vis-som-borger`)
      .set('authorization', `Bearer ${await own()}`)
      .send({ cpr })
      .expect(200);
    expect(res.body.answer.kommuner).toEqual([]);
    expect(res.body.explanations[0]).toMatchObject({
      vises: false,
      regel: 'EMERGENCY-HIDDEN',
      konfiguration: { felt: 'noedstop' },
    });
    expect(res.body.explanations[0].tekst).toMatch(/nødstop/);
    await request(app.getHttpServer())
      .post(`${base}/noedstop/${stop.body.id}/ophaev`)
      .set('authorization', `Bearer ${await own()}`)
      .send({ reason: 'rettet' })
      .expect(200);
  });

  it('refuses a malformed CPR number (CITIZEN-CPR-INVALID) without echoing it', async () => {
    const res = await request(app.getHttpServer())
      .post(`${base}/vis-som-borger`)
      .set('authorization', `Bearer ${await own()}`)
      .send({ cpr: '12345' })
      .expect(400);
    expect(res.body.violations).toEqual([expect.objectContaining({ rule: 'CITIZEN-CPR-INVALID', pointer: '/cpr' })]);
    expect(JSON.stringify(res.body)).not.toContain('12345');
  });
});
