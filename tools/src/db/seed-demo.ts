import { readFileSync, existsSync } from 'node:fs';
import { ETAPE_1_EMNER, importKleCsv, labourMarketSeed } from '@overblik/kle';
import { createDataSource, ReferenceDataRepository } from '@overblik/persistence';
import { FAGSYSTEMS, MUNICIPALITIES, municipalityByName } from '../demo/reference-data';

/** Demo municipalities that have connected systems and configured etape 1. */
export const DEMO_MUNICIPALITIES = ['Aarhus', 'Odense', 'Aalborg', 'København', 'Esbjerg'] as const;

/**
 * Loads the demo seed (idempotent): 98 municipalities, 13 fagsystems, connections for five demo
 * municipalities, the project's labour-market KLE seed (or a KLE CSV given with KLE_CSV) and etape-1
 * display configuration with self-service links and contact points.
 */
export async function seedDemo(databaseUrl: string, kleCsvPath?: string): Promise<void> {
  const db = createDataSource({ url: databaseUrl, poolSize: 2, applicationName: 'overblik-seed' });
  await db.initialize();
  try {
    const repo = new ReferenceDataRepository(db);
    await repo.upsertMunicipalities(MUNICIPALITIES);
    await repo.upsertFagsystems(FAGSYSTEMS);
    const seed = labourMarketSeed();
    await repo.saveKleCatalogue(seed, 'overblik labour-market seed', !kleCsvPath);
    if (kleCsvPath) {
      const csv = importKleCsv(readFileSync(kleCsvPath, 'utf8'));
      await repo.saveKleCatalogue(csv, kleCsvPath, true);
    }
    for (const [i, name] of DEMO_MUNICIPALITIES.entries()) {
      const m = municipalityByName(name);
      await repo.connect(m.cvr, 'fs-jobnet', i === 0 ? 'PILOT' : 'ROLLED_OUT');
      await repo.connect(m.cvr, 'fs-arkiva', 'ROLLED_OUT');
      await repo.connect(m.cvr, 'fs-omsorg', 'CERTIFIED');
      for (const kle of ETAPE_1_EMNER) {
        await repo.saveKleConfig({
          municipalityCvr: m.cvr,
          kle,
          shown: true,
          fraDato: '2020-01-01',
          activeCaseOverride: true,
          titleSource: 'KLE',
          documentTitles: i % 2 === 0,
          selfserviceUrl: `https://selvbetjening.example/${encodeURIComponent(name.toLowerCase())}/${kle}`,
          borgerdkUrl: `https://www.borger.dk/emne/${kle}`,
          fagsystemFilter: [],
          contactPoints: [
            { type: 'DIGITAL_POST', value: `${m.cvr}`, label: `${m.name}, Jobcenter` },
            { type: 'TELEFON', value: '+45 70 00 00 00', label: 'Telefontid 9–15' },
          ],
        });
      }
      await repo.addSafetyWords(m.cvr, ['fortroligt', 'misbrug']);
    }
    console.log(
      `demo seed: ${MUNICIPALITIES.length} municipalities, ${FAGSYSTEMS.length} fagsystems, ` +
        `${seed.size} KLE nodes, etape 1 configured for ${DEMO_MUNICIPALITIES.join(', ')}`,
    );
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    console.error('DATABASE_URL is missing');
    process.exit(1);
  }
  const csv = process.env['KLE_CSV'];
  if (csv && !existsSync(csv)) {
    console.error(`KLE_CSV ${csv} does not exist`);
    process.exit(1);
  }
  seedDemo(url, csv).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
