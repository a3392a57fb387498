import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { aSag, aSyntheticCpr } from '@overblik/domain';
import { generateDevKeyPair, loadConfig, mintToken, type DevKeyPair } from '@overblik/platform';
import {
  createTestDatabase,
  OTHER_MUNICIPALITY,
  seedCitizenOverview,
  seedTestReference,
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
const CVR = TEST_MUNICIPALITY.cvr;
const BASE = `/v1/kommuner/${CVR}`;
const FLEKSJOB = '15.20.24';

const tokenOf = async (subject: string, role: string, cvr: string | null) =>
  `Bearer ${await mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-admin',
    subject,
    scope: 'admin',
    claims: { role, name: subject, ...(cvr ? { cvr } : {}) },
  })}`;

const api = () => request(app.getHttpServer());
const line = {
  shown: true,
  fraDato: '2020-01-01',
  activeCaseOverride: false,
  titleSource: 'KLE',
  documentTitles: false,
  selfserviceUrl: 'https://selvbetjening.example.dk/fleksjob',
  borgerdkUrl: null,
  fagsystemFilter: [],
  contactPoints: [{ type: 'TELEFON', value: '70102030', label: 'Jobcentret' }],
};

let admin1: string;
let admin2: string;
let otherAdmin: string;
let operator: string;
let auditor: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  await seedCitizenOverview(db.dataSource, {
    cpr: aSyntheticCpr(7),
    sager: [
      aSag({
        uuid: '6f1c0c4e-6a39-4d7e-9a57-0c1f0a7d2101',
        ejer: { cvr: CVR },
        itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
        primaerKlasse: { kle: FLEKSJOB, virkning: { fra: '2024-01-01T00:00:00Z' } },
      }),
    ],
  });
  keys = await generateDevKeyPair('kle-config-test');
  app = await createAdminApp(loadConfig(adminConfigSchema, testEnv(db, { ADMIN_JWKS: keys.jwks })));
  await app.init();
  admin1 = await tokenOf(`admin1-${CVR}`, 'MUNICIPAL_ADMIN', CVR);
  admin2 = await tokenOf(`admin2-${CVR}`, 'MUNICIPAL_ADMIN', CVR);
  otherAdmin = await tokenOf(`admin1-${OTHER_MUNICIPALITY.cvr}`, 'MUNICIPAL_ADMIN', OTHER_MUNICIPALITY.cvr);
  operator = await tokenOf('operator', 'OPERATOR', null);
  auditor = await tokenOf('auditor', 'AUDITOR', null);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('KLE configuration API', () => {
  it('searches the catalogue by number prefix and by title word', async () => {
    const byNumber = await api().get(`${BASE}/kle-katalog?q=15.20`).set('authorization', admin1).expect(200);
    expect(byNumber.body.items).toEqual([
      expect.objectContaining({ nummer: FLEKSJOB, titel: 'Fleksjob', configured: false }),
    ]);
    const byTitle = await api().get(`${BASE}/kle-katalog?q=sygedagpenge`).set('authorization', admin1).expect(200);
    expect(byTitle.body.items.map((i: { nummer: string }) => i.nummer)).toEqual(['15.17.06', '32.30.04']);
  });

  it('refuses a bad line with every rule at its field, and saves nothing', async () => {
    const res = await api()
      .put(`${BASE}/kle-kladde/linjer/32.24.04`)
      .set('authorization', admin1)
      .send({ ...line, fraDato: '2021-06-01', selfserviceUrl: 'http://usikker.dk' })
      .expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.violations).toEqual([
      expect.objectContaining({ rule: 'KLE-CONFIG-FRA-DATO-AFTER-ETAPE', pointer: '/fraDato' }),
      expect.objectContaining({ rule: 'KLE-CONFIG-URL-INVALID', pointer: '/selfserviceUrl' }),
    ]);
    await api().get(`${BASE}/kle-kladde`).set('authorization', admin1).expect(404);
  });

  it('refuses a body of the wrong shape with a problem, not a 500', async () => {
    const res = await api()
      .put(`${BASE}/kle-kladde/linjer/${FLEKSJOB}`)
      .set('authorization', admin1)
      .send({ shown: 'ja' })
      .expect(422);
    expect(res.body.violations[0]).toMatchObject({ pointer: expect.stringMatching(/^\//) });
  });

  it('opens an emne in a draft, previews the impact, and publishes only with a second administrator', async () => {
    await api().put(`${BASE}/kle-kladde/linjer/${FLEKSJOB}`).set('authorization', admin1).send(line).expect(200);
    const preview = await api().get(`${BASE}/kle-kladde/konsekvens`).set('authorization', admin1).expect(200);
    expect(preview.body.impact.citizens).toEqual({ appear: 1, disappear: 0 });
    expect(preview.body.impact.cases.appearExamples).toEqual([
      { kle: FLEKSJOB, title: 'Fleksjob', date: '2024-01-15' },
    ]);
    expect(preview.body.diff.added).toEqual([expect.objectContaining({ kle: FLEKSJOB })]);

    await api().post(`${BASE}/kle-kladde/indsend`).set('authorization', admin1).send({}).expect(200);
    const own = await api()
      .post(`${BASE}/kle-kladde/godkend`)
      .set('authorization', admin1)
      .send({ reason: 'Fleksjob åbnes' })
      .expect(403);
    expect(own.body.rule).toBe('KLE-CONFIG-FOUR-EYES');

    const other = await api()
      .post(`${BASE}/kle-kladde/godkend`)
      .set('authorization', otherAdmin)
      .send({ reason: 'Fleksjob åbnes' })
      .expect(403);
    expect(other.body.rule).toBe('ADMIN-MUNICIPALITY-FORBIDDEN');
    await api().get(`${BASE}/kle-kladde`).set('authorization', otherAdmin).expect(403);
    const op = await api().post(`${BASE}/kle-kladde/godkend`).set('authorization', operator).send({ reason: 'x' });
    expect(op.status).toBe(403);
    const aud = await api().post(`${BASE}/kle-kladde/godkend`).set('authorization', auditor).send({ reason: 'xyz' });
    expect(aud.status).toBe(403);

    const approved = await api()
      .post(`${BASE}/kle-kladde/godkend`)
      .set('authorization', admin2)
      .send({ reason: 'Fleksjob åbnes' })
      .expect(200);
    expect(approved.body).toMatchObject({
      version: 1,
      author: { subject: `admin1-${CVR}` },
      approver: { subject: `admin2-${CVR}` },
    });
    const audit = (await db.dataSource.query(
      "select actor, action from admin_audit where action like 'kle.%' order by id",
    )) as Array<{ actor: string; action: string }>;
    expect(audit).toEqual([
      { actor: `admin1-${CVR}`, action: 'kle.draft.save' },
      { actor: `admin1-${CVR}`, action: 'kle.draft.submit' },
      { actor: `admin2-${CVR}`, action: 'kle.version.publish' },
    ]);
    const live = await api().get(`${BASE}/kle-konfiguration`).set('authorization', auditor).expect(200);
    expect(live.body.version).toBe(1);
    expect(live.body.snapshot.lines.map((l: { kle: string }) => l.kle)).toContain(FLEKSJOB);
  });

  it('shows versions with their diff, and rolls back in one step', async () => {
    const versions = await api().get(`${BASE}/kle-versioner`).set('authorization', operator).expect(200);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1, 0]);
    const diff = await api().get(`${BASE}/kle-versioner/1/diff`).set('authorization', admin1).expect(200);
    expect(diff.body.diff.added.map((l: { kle: string }) => l.kle)).toEqual([FLEKSJOB]);
    const rolled = await api()
      .post(`${BASE}/kle-versioner/0/genskab`)
      .set('authorization', admin1)
      .send({ reason: 'Forkert emne' })
      .expect(200);
    expect(rolled.body).toMatchObject({ version: 2, rolledBackFrom: 0, author: { subject: `admin1-${CVR}` } });
    const live = await api().get(`${BASE}/kle-konfiguration`).set('authorization', admin1).expect(200);
    expect(live.body.snapshot.lines.map((l: { kle: string }) => l.kle)).not.toContain(FLEKSJOB);
  });

  it('moves the configuration of a retired emne to its replacement in the draft', async () => {
    await api()
      .put(`${BASE}/kle-kladde/linjer/32.24.32`)
      .set('authorization', admin1)
      .send(line)
      .expect(422)
      .expect((res) => expect(res.body.violations[0].message).toContain('afløst af 32.24.04'));
    const bad = await api().post(`${BASE}/kle-kladde/flyt`).set('authorization', admin1).send({ from: FLEKSJOB });
    expect(bad.status).toBe(422);
    await api().delete(`${BASE}/kle-kladde`).set('authorization', admin1).expect(404);
  });
});
