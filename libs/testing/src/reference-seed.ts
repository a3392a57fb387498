import type { DataSource } from 'typeorm';
import { labourMarketSeed, ETAPE_1_EMNER } from '@overblik/kle';
import { type FagsystemRow, ReferenceDataRepository } from '@overblik/persistence';

export const TEST_MUNICIPALITY = { cvr: '29189846', name: 'Testby Kommune' };
export const OTHER_MUNICIPALITY = { cvr: '29189900', name: 'Andenby Kommune' };
export const TEST_FAGSYSTEM: FagsystemRow = {
  id: 'fs-test-jobcenter',
  vendor: 'Test A/S',
  product: 'Test Job',
  version: '1.0',
  category: 'JOBCENTER',
};
export const OTHER_FAGSYSTEM: FagsystemRow = {
  id: 'fs-test-esdh',
  vendor: 'Anden ApS',
  product: 'Anden ESDH',
  version: '2.0',
  category: 'ESDH',
};

/**
 * Reference data most tests need: two municipalities, two fagsystems (the first connected to the first
 * municipality only, the second to both), the labour-market KLE seed, etape-1 configuration.
 */
export async function seedTestReference(db: DataSource): Promise<void> {
  const repo = new ReferenceDataRepository(db);
  await repo.upsertMunicipalities([TEST_MUNICIPALITY, OTHER_MUNICIPALITY]);
  await repo.upsertFagsystems([TEST_FAGSYSTEM, OTHER_FAGSYSTEM]);
  await repo.connect(TEST_MUNICIPALITY.cvr, TEST_FAGSYSTEM.id, 'PILOT');
  await repo.connect(TEST_MUNICIPALITY.cvr, OTHER_FAGSYSTEM.id, 'ROLLED_OUT');
  await repo.connect(OTHER_MUNICIPALITY.cvr, OTHER_FAGSYSTEM.id, 'ROLLED_OUT');
  await repo.saveKleCatalogue(labourMarketSeed(), 'test seed', true);
  for (const kle of ETAPE_1_EMNER) {
    await repo.saveKleConfig({
      municipalityCvr: TEST_MUNICIPALITY.cvr,
      kle,
      shown: true,
      fraDato: '2020-01-01',
      activeCaseOverride: true,
      titleSource: 'KLE',
      documentTitles: true,
      selfserviceUrl: null,
      borgerdkUrl: null,
      fagsystemFilter: [],
      contactPoints: [],
    });
  }
  await repo.addSafetyWords(TEST_MUNICIPALITY.cvr, ['misbrug']);
}
