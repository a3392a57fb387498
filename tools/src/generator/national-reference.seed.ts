import { labourMarketSeed } from '@overblik/kle';
import { ReferenceDataRepository } from '@overblik/persistence';
import type { DataSource } from 'typeorm';
import { DEMO_SAFETY_WORDS, FAGSYSTEMS, LABOUR_MARKET_SEED_SOURCE, MUNICIPALITIES } from '../demo/reference-data';
import { NATIONAL_MUNICIPALITIES, nationalKleConfigs } from './national-reference';

/**
 * Reference data and configuration for all 98 municipalities (idempotent upserts, in either order with
 * the demo seed, which writes the same rows for its five municipalities): municipalities, fagsystems,
 * the labour-market KLE seed (made current only when no catalogue is current; a current one stays
 * current), each municipality's connections and display configuration, and the word list the demo uses.
 */
export async function seedNationalReference(
  db: DataSource,
): Promise<{ municipalities: number; connections: number; kleConfigs: number }> {
  const repo = new ReferenceDataRepository(db);
  await repo.upsertMunicipalities(MUNICIPALITIES);
  await repo.upsertFagsystems(FAGSYSTEMS);
  await repo.saveKleCatalogue(labourMarketSeed(), LABOUR_MARKET_SEED_SOURCE, 'if-none');
  let connections = 0;
  for (const m of NATIONAL_MUNICIPALITIES) {
    for (const c of m.connections) {
      await repo.connect(m.cvr, c.fagsystemId, c.status);
      connections++;
    }
    await repo.addSafetyWords(m.cvr, [...DEMO_SAFETY_WORDS]);
  }
  const configs = nationalKleConfigs();
  for (const row of configs) await repo.saveKleConfig(row);
  return { municipalities: MUNICIPALITIES.length, connections, kleConfigs: configs.length };
}
