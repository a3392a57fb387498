import { KleCatalogue, type KleNode } from '../kle-catalogue';
import { levelOf } from '../kle-number';
import { nameBasedUuid } from './name-based-uuid.util';

/**
 * The project's own small KLE seed for the labour-market area (DOMAIN.md §5): enough hierarchy for
 * development, tests and demos without KL's full publication. Titles follow KLE. UUIDs are NOT KL's:
 * they are derived from the number, so they are stable across runs and machines.
 */
export const LABOUR_MARKET_SEED_VERSION = 'overblik-seed-labour-market-1';

/** Namespace of the seed's name-based UUIDs (fixed; changing it changes every seeded UUID). */
export const KLE_SEED_UUID_NAMESPACE = '4e1531a1-f014-44f5-a068-3779ed4bf253';

/** The seed's UUID for a KLE number: `nameBasedUuid(KLE_SEED_UUID_NAMESPACE, nummer)`. */
export function kleSeedUuid(nummer: string): string {
  return nameBasedUuid(KLE_SEED_UUID_NAMESPACE, nummer);
}

interface SeedEntry {
  readonly nummer: string;
  readonly titel: string;
  readonly udgaaet?: string;
  readonly afloestAf?: readonly string[];
}

const RETIRED_IN_FAVOUR_OF_KONTANTHJAELP = { udgaaet: '2022-01-01', afloestAf: ['32.24.04'] } as const;

const SEED: readonly SeedEntry[] = [
  { nummer: '15', titel: 'Arbejdsmarked og beskæftigelsesindsats' },
  { nummer: '15.17', titel: 'Opfølgning, vurdering og revalidering' },
  { nummer: '15.17.06', titel: 'Sygedagpengeopfølgning' },
  { nummer: '15.17.12', titel: 'Revalidering' },
  { nummer: '15.17.22', titel: 'Ressourceforløb' },
  { nummer: '15.17.26', titel: 'Jobafklaringsforløb' },
  { nummer: '15.20', titel: 'Beskæftigelsesindsats' },
  { nummer: '15.20.24', titel: 'Fleksjob' },
  { nummer: '32', titel: 'Kontante ydelser' },
  { nummer: '32.21', titel: 'Hjælp i særlige tilfælde' },
  { nummer: '32.21.12', titel: 'Hjælp til enkeltudgifter' },
  { nummer: '32.24', titel: 'Ydelser efter lov om aktiv socialpolitik mv.' },
  { nummer: '32.24.04', titel: 'Hjælp til forsørgelse (kontanthjælp mv.)' },
  { nummer: '32.24.08', titel: 'Revalideringsydelse' },
  { nummer: '32.24.12', titel: 'Ledighedsydelse' },
  { nummer: '32.24.28', titel: 'Ressourceforløbsydelse, ressourceforløb' },
  { nummer: '32.24.32', titel: 'Uddannelseshjælp', ...RETIRED_IN_FAVOUR_OF_KONTANTHJAELP },
  {
    nummer: '32.24.48',
    titel: 'Selvforsørgelses- og hjemrejseydelse eller overgangsydelse',
    ...RETIRED_IN_FAVOUR_OF_KONTANTHJAELP,
  },
  { nummer: '32.27', titel: 'Ydelser efter beskæftigelsesindsatsloven og fleksydelsesloven' },
  { nummer: '32.27.10', titel: 'Fleksløntilskud' },
  { nummer: '32.30', titel: 'Dagpenge ved sygdom og barsel' },
  { nummer: '32.30.04', titel: 'Udbetaling af sygedagpenge' },
  { nummer: 'G01', titel: 'Generelle sager' },
];

/** A fresh catalogue of the labour-market seed. */
export function labourMarketSeed(): KleCatalogue {
  const nodes = SEED.map((entry): KleNode => {
    const level = levelOf(entry.nummer);
    if (level === undefined) throw new Error(`Seed entry ${entry.nummer} is not a KLE number`);
    return { ...entry, level, uuid: kleSeedUuid(entry.nummer) };
  });
  return new KleCatalogue(nodes, LABOUR_MARKET_SEED_VERSION);
}

export interface EtapeOmraade {
  /** The benefit area as the national agreement names it. */
  readonly omraade: string;
  readonly emner: readonly string[];
}

/**
 * Etape 1 (2020) of the national rollout (DOMAIN.md §4), area by area. Uddannelseshjælp had its own
 * emne, 32.24.32, until KLE retired it in 2022 in favour of 32.24.04, so it maps to 32.24.04 now.
 */
export const ETAPE_1_OMRAADER: readonly EtapeOmraade[] = Object.freeze([
  { omraade: 'sygedagpenge', emner: ['32.30.04', '15.17.06'] },
  { omraade: 'kontanthjælp', emner: ['32.24.04'] },
  { omraade: 'uddannelseshjælp', emner: ['32.24.04'] },
  { omraade: 'revalidering', emner: ['32.24.08', '15.17.12'] },
  { omraade: 'ressourceforløbsydelse', emner: ['32.24.28'] },
  { omraade: 'ledighedsydelse', emner: ['32.24.12'] },
  { omraade: 'fleksløntilskud', emner: ['32.27.10'] },
  { omraade: 'enkeltudgifter', emner: ['32.21.12'] },
]);

/** The emner that etape 1 requires municipalities to show, each once, in the order above. */
export const ETAPE_1_EMNER: readonly string[] = Object.freeze([
  ...new Set(ETAPE_1_OMRAADER.flatMap((area) => area.emner)),
]);
