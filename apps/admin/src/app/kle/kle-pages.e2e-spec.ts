import type { INestApplication } from '@nestjs/common';
import {
  aSag,
  aSyntheticCpr,
  buildDisplayConfiguration,
  caseHiddenBy,
  type CitizenOverviewDocument,
} from '@overblik/domain';
import { AdminAccessRepository, OverviewReadRepository } from '@overblik/persistence';
import { generateDevKeyPair, loadConfig } from '@overblik/platform';
import {
  createTestDatabase,
  devAdminUsers,
  OTHER_MUNICIPALITY,
  seedCitizenOverview,
  seedTestReference,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
} from '@overblik/testing';
import { csrfOf, loggedInAgent } from '../web/testing/session-agent';
import { adminConfigSchema } from '../admin.config';
import { createAdminApp } from '../admin.app';

let db: TestDatabase;
let app: INestApplication;
let citizenKey: string;
const CVR = TEST_MUNICIPALITY.cvr;
const FLEKSJOB = '15.20.24';

const loggedIn = (username: string) => loggedInAgent(app, username);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  await new AdminAccessRepository(db.dataSource).upsertUsers(
    await devAdminUsers([TEST_MUNICIPALITY, OTHER_MUNICIPALITY]),
  );
  citizenKey = await seedCitizenOverview(db.dataSource, {
    cpr: aSyntheticCpr(8),
    sager: [
      aSag({
        uuid: '6f1c0c4e-6a39-4d7e-9a57-0c1f0a7d2201',
        ejer: { cvr: CVR },
        itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
        primaerKlasse: { kle: FLEKSJOB, virkning: { fra: '2024-01-01T00:00:00Z' } },
      }),
    ],
  });
  const keys = await generateDevKeyPair('kle-pages-test');
  app = await createAdminApp(
    loadConfig(adminConfigSchema, testEnv(db, { ADMIN_JWKS: keys.jwks, ADMIN_COOKIE_SECURE: 'false' })),
  );
  await app.init();
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

/** Whether the citizen's overview shows the case under the stored configuration (the api's read path and display rules). */
async function citizenSeesCase(): Promise<boolean> {
  const config = buildDisplayConfiguration(await new OverviewReadRepository(db.dataSource).displayConfiguration());
  const [row] = (await db.dataSource.query('select body from citizen_overview where citizen_key = $1', [
    citizenKey,
  ])) as Array<{ body: CitizenOverviewDocument }>;
  return caseHiddenBy(row!.body.sager[0]!, { config, today: '2026-12-01' }) === null;
}

describe('KLE pages', () => {
  it('opens an emne with a fra-dato, previews, submits, and a second administrator approves', async () => {
    expect(await citizenSeesCase()).toBe(false);
    const admin1 = await loggedIn(`admin1-${CVR}`);
    const search = await admin1.get(`/kommuner/${CVR}/kle?q=fleksjob`).expect(200);
    expect(search.text).toContain(`/kommuner/${CVR}/kle/emne/${FLEKSJOB}`);
    const form = await admin1.get(`/kommuner/${CVR}/kle/emne/${FLEKSJOB}`).expect(200);
    expect(form.text).toContain('<label class="form-label" for="fraDato">Fra-dato</label>');

    const bad = await admin1
      .post(`/kommuner/${CVR}/kle/emne/${FLEKSJOB}`)
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        shown: 'on',
        fraDato: '2020-01-01',
        selfserviceUrl: 'ftp://x',
        contactType: 'TELEFON',
        contactValue: '123',
      })
      .expect(400);
    expect(bad.text).toContain('<span class="form-error-message" id="selfserviceUrl-error">');
    expect(bad.text).toContain('Linket skal være en fuld adresse, der begynder med https://');
    expect(bad.text).toContain('Værdien passer ikke til kontakttypen');
    await admin1
      .get(`/kommuner/${CVR}/kle-kladde`)
      .expect(200)
      .expect((r) => expect(r.text).toContain('Der er ingen kladde'));

    await admin1
      .post(`/kommuner/${CVR}/kle/emne/${FLEKSJOB}`)
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        shown: 'on',
        fraDato: '2020-01-01',
        titleSource: 'KLE',
        contactType: 'TELEFON',
        contactValue: '70102030',
      })
      .expect(303)
      .expect('location', `/kommuner/${CVR}/kle-kladde`);
    const draft = await admin1.get(`/kommuner/${CVR}/kle-kladde`).expect(200);
    expect(draft.text).toMatch(/<th scope="row">Sager<\/th><td>1<\/td><td>0<\/td>/);
    expect(draft.text).toContain('15.20.24 Fleksjob');
    await admin1
      .post(`/kommuner/${CVR}/kle-kladde/indsend`)
      .type('form')
      .send({ _csrf: csrfOf(draft.text) })
      .expect(303);
    const waiting = await admin1.get(`/kommuner/${CVR}/kle-kladde`).expect(200);
    expect(waiting.text).toContain('En anden administrator i kommunen skal godkende ændringen');
    expect(waiting.text).not.toContain('Godkend og offentliggør');

    const admin2 = await loggedIn(`admin2-${CVR}`);
    const approval = await admin2.get(`/kommuner/${CVR}/kle-kladde`).expect(200);
    expect(approval.text).toContain('Godkend og offentliggør');
    const noReason = await admin2
      .post(`/kommuner/${CVR}/kle-kladde/godkend`)
      .type('form')
      .send({ _csrf: csrfOf(approval.text), reason: '' })
      .expect(400);
    expect(noReason.text).toContain('Skriv en begrundelse på mindst 3 tegn');
    expect(await citizenSeesCase()).toBe(false);
    await admin2
      .post(`/kommuner/${CVR}/kle-kladde/godkend`)
      .type('form')
      .send({ _csrf: csrfOf(approval.text), reason: 'Fleksjob åbnes' })
      .expect(303)
      .expect('location', `/kommuner/${CVR}/kle-versioner`);
    expect(await citizenSeesCase()).toBe(true);

    const versions = await admin2.get(`/kommuner/${CVR}/kle-versioner`).expect(200);
    expect(versions.text).toContain('Version 1 (i brug)');
    expect(versions.text).toContain('Nyt emne: 15.20.24');
    await admin2
      .post(`/kommuner/${CVR}/kle-versioner/0/genskab`)
      .type('form')
      .send({ _csrf: csrfOf(versions.text), 'reason-0': 'Forkert emne' })
      .expect(303);
    expect(await citizenSeesCase()).toBe(false);
  });
});
