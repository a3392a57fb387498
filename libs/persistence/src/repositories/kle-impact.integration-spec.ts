import {
  aSag,
  buildDisplayConfiguration,
  compareImpact,
  projectCitizenOverview,
  withMunicipalitySnapshot,
} from '@overblik/domain';
import { createOwnTestDatabase, type OwnTestDatabase } from '../own-test-database';
import { KleConfigurationRepository } from './kle-configuration.repository';
import { OverviewReadRepository } from './overview-read.repository';
import { ReferenceDataRepository } from './reference-data.repository';

const CVR = '29189846';
const FS = 'fs-kle-impact';
const CITIZENS = Number(process.env['KLE_IMPACT_CITIZENS'] ?? 10_000);

let db: OwnTestDatabase;

beforeAll(async () => {
  db = await createOwnTestDatabase({ migrate: true });
  const ref = new ReferenceDataRepository(db.dataSource);
  await ref.upsertMunicipalities([{ cvr: CVR, name: 'Testby Kommune' }]);
  await ref.upsertFagsystems([
    { id: FS, vendor: 'Test A/S', product: 'Test Job', version: '1', category: 'JOBCENTER' },
  ]);
  await ref.connect(CVR, FS, 'ROLLED_OUT');
  const body = projectCitizenOverview({
    sager: [
      {
        id: '6f1c0c4e-6a39-4d7e-9a57-0c1f0a7d3101',
        body: aSag({
          uuid: '6f1c0c4e-6a39-4d7e-9a57-0c1f0a7d3101',
          ejer: { cvr: CVR },
          itSystem: { master: FS, afsender: FS },
          primaerKlasse: { kle: '15.20.24', virkning: { fra: '2024-01-01T00:00:00Z' } },
        }),
        links: [],
      },
    ],
    dokumenter: [],
    bevillinger: [],
    effektueringer: [],
    held: [],
  });
  await db.dataSource.query(
    `insert into citizen_overview (citizen_key, body) select 'citizen-' || lpad(i::text, 6, '0'), $1::jsonb
       from generate_series(1, $2) i`,
    [JSON.stringify(body), CITIZENS],
  );
}, 120_000);

afterAll(async () => db?.drop());

it('computes the impact of opening an emne over the read models of 10,000 citizens', async () => {
  const repo = new KleConfigurationRepository(db.dataSource);
  const started = performance.now();
  const live = buildDisplayConfiguration(await new OverviewReadRepository(db.dataSource).displayConfiguration());
  const draft = withMunicipalitySnapshot(live, CVR, {
    lines: [
      {
        kle: '15.20.24',
        shown: true,
        fraDato: '2020-01-01',
        activeCaseOverride: false,
        titleSource: 'KLE',
        documentTitles: false,
        selfserviceUrl: null,
        borgerdkUrl: null,
        fagsystemFilter: [],
        contactPoints: [],
      },
    ],
  });
  const docs = [];
  for (let after = ''; ; ) {
    const batch = await repo.citizenDocuments(CVR, after, 1000);
    docs.push(...batch.map((b) => b.body));
    if (batch.length < 1000) break;
    after = batch[batch.length - 1]!.citizenKey;
  }
  const loaded = performance.now();
  const impact = compareImpact(docs, CVR, live, draft, '2026-12-01');
  const done = performance.now();
  expect(impact.citizensConsidered).toBe(CITIZENS);
  expect(impact.cases.appear).toBe(CITIZENS);
  process.stdout.write(
    `KLE impact preview, ${CITIZENS} citizens: load ${Math.round(loaded - started)} ms, rules ${Math.round(done - loaded)} ms, total ${Math.round(done - started)} ms\n`,
  );
}, 120_000);
