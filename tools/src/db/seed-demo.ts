import { readFileSync, existsSync } from 'node:fs';
import { ETAPE_1_EMNER, importKleCsv, labourMarketSeed, SHIPPED_KLE_LIST } from '@overblik/kle';
import path from 'node:path';
import { AdminAccessRepository, createDataSource, ReferenceDataRepository } from '@overblik/persistence';
import { devAdminUsers } from '@overblik/testing';
import {
  DEMO_MUNICIPALITIES,
  DEMO_SAFETY_WORDS,
  demoConnections,
  demoKleConfig,
  FAGSYSTEMS,
  LABOUR_MARKET_SEED_SOURCE,
  MUNICIPALITIES,
  municipalityByName,
} from '../demo/reference-data';

export { DEMO_MUNICIPALITIES };

/**
 * Loads the demo seed (idempotent, and in either order with the generator's national seed, which writes
 * the same rows for the demo municipalities): 98 municipalities, 13 fagsystems, connections for five
 * demo municipalities, the project's labour-market KLE seed (made current only when no catalogue is
 * current), the KLE list shipped in libs/kle/data (stored, not made current: it has no "afløst af" for
 * the retired emner the labour-market seed maps), or instead a KLE CSV given with KLE_CSV (made
 * current), and etape-1 display configuration with
 * self-service links and contact points. Nothing another seed wrote is removed or made not current.
 */
export async function seedDemo(databaseUrl: string, kleCsvPath?: string): Promise<void> {
  const db = createDataSource({ url: databaseUrl, poolSize: 2, applicationName: 'overblik-seed' });
  await db.initialize();
  try {
    const repo = new ReferenceDataRepository(db);
    await repo.upsertMunicipalities(MUNICIPALITIES);
    await repo.upsertFagsystems(FAGSYSTEMS);
    const seed = labourMarketSeed();
    await repo.saveKleCatalogue(seed, LABOUR_MARKET_SEED_SOURCE, 'if-none');
    if (kleCsvPath) {
      const csv = importKleCsv(readFileSync(kleCsvPath, 'utf8'));
      await repo.saveKleCatalogue(csv, kleCsvPath, true);
    } else {
      const shipped = importKleCsv(readFileSync(SHIPPED_KLE_LIST.file, 'utf8'), { version: SHIPPED_KLE_LIST.version });
      await repo.saveKleCatalogue(shipped, `libs/kle/data/${path.basename(SHIPPED_KLE_LIST.file)}`, false);
    }
    for (const name of DEMO_MUNICIPALITIES) {
      const m = municipalityByName(name);
      for (const c of demoConnections(name)) await repo.connect(m.cvr, c.fagsystemId, c.status);
      for (const kle of ETAPE_1_EMNER) await repo.saveKleConfig(demoKleConfig(name, kle));
      await repo.addSafetyWords(m.cvr, [...DEMO_SAFETY_WORDS]);
    }
    // the administration's development users (password DEV_ADMIN_PASSWORD): admin1-/admin2-<cvr>, operator, auditor
    await new AdminAccessRepository(db).upsertUsers(
      await devAdminUsers(DEMO_MUNICIPALITIES.map((name) => municipalityByName(name))),
    );
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
